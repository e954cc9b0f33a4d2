package dev.swarmlab.engine;

import dev.swarmlab.compose.ServiceSpec.Condition;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.wait.Poller;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a dependent service waits for before it starts, as an object (compose's {@code depends_on}
 * conditions): {@link #started}, {@link #healthy}, {@link #completedSuccessfully}.
 */
@FunctionalInterface
public interface ServiceWait {

  /**
   * Returns once the containers {@code ids} of {@code service} meet the condition.
   *
   * @throws LabFailedException if they never will (stopped, unhealthy, failed, timed out)
   */
  void await(ContainerRuntime runtime, String service, List<String> ids);

  /** The wait for {@code condition}, with its default timeout. */
  static ServiceWait of(Condition condition) {
    return switch (condition) {
      case STARTED -> started();
      case HEALTHY -> healthy(Duration.ofMinutes(5), Duration.ofMillis(200));
      case COMPLETED_SUCCESSFULLY -> completedSuccessfully(Duration.ofMinutes(30));
    };
  }

  /** Nothing to wait for: a started container has started. */
  static ServiceWait started() {
    return (runtime, service, ids) -> {};
  }

  /** Every container running and healthy; a stopped or unhealthy one fails at once. */
  static ServiceWait healthy(Duration timeout, Duration interval) {
    return (runtime, service, ids) -> {
      Optional<Boolean> healthy =
          Poller.every(interval, timeout).until(() -> allHealthy(runtime, service, ids));
      if (healthy.isEmpty()) {
        throw new LabFailedException(
            "service " + service + " did not become healthy within " + describe(timeout));
      }
    };
  }

  /** Every container exited with code 0. */
  static ServiceWait completedSuccessfully(Duration timeout) {
    return (runtime, service, ids) -> {
      for (String id : ids) {
        OptionalInt code;
        try {
          code = runtime.awaitExit(id, timeout);
        } catch (LabFailedException e) {
          throw new LabFailedException(
              "service " + service + " did not finish: " + e.getMessage(), e);
        }
        if (code.isEmpty()) {
          throw new LabFailedException(
              "service " + service + " did not finish within " + describe(timeout));
        }
        if (code.getAsInt() != 0) {
          throw new LabFailedException(
              "service "
                  + service
                  + " exited with code "
                  + code.getAsInt()
                  + ": "
                  + runtime.lastLogLine(id));
        }
      }
    };
  }

  private static Optional<Boolean> allHealthy(
      ContainerRuntime runtime, String service, List<String> ids) {
    for (String id : ids) {
      ContainerRuntime.State state = runtime.state(id);
      if (!state.running()) {
        throw new LabFailedException(
            "service "
                + service
                + " stopped (exit code "
                + state.exitCode()
                + "): "
                + runtime.lastLogLine(id));
      }
      if ("unhealthy".equals(state.health())) {
        throw new LabFailedException(
            "service " + service + " is unhealthy: " + runtime.lastLogLine(id));
      }
      if (!"healthy".equals(state.health())) {
        return Optional.empty();
      }
    }
    return Optional.of(true);
  }

  private static String describe(Duration d) {
    return d.toMinutes() > 0 && d.toSecondsPart() == 0
        ? d.toMinutes() + " minutes"
        : d.toSeconds() + " s";
  }
}
