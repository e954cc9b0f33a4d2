package dev.swarmlab.cli;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.scenario.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What {@code up} and {@code rerun} may do once their run has begun ({@link RunFollow}). */
final class FollowOptions {
  @Option(
      names = "--wait",
      description = "Return only when every leecher has every torrent (exit 1 on --timeout).")
  boolean waitForSwarm;

  @Option(
      names = "--verify",
      description =
          "With --wait: once the swarm is complete, hash every peer's files against the source"
              + " (exit 1 if any differs).")
  boolean verify;

  @Option(
      names = "--scenario",
      paramLabel = "FILE",
      description =
          "Once the run has begun, play this scenario (timed steps: kill, restart, pause, unpause,"
              + " throttle, link, scale, verify; see examples/) and return when it is done.")
  Path scenarioFile;

  @Option(
      names = "--dashboard",
      description =
          "Also serve the live dashboard on http://127.0.0.1:PORT once the run has begun,"
              + " until Ctrl-C (which leaves the lab up).")
  boolean dashboard;

  @Option(
      names = "--dashboard-port",
      paramLabel = "PORT",
      defaultValue = "7070",
      description = "The dashboard's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      description = "How long --wait waits for the swarm to complete (default: ${DEFAULT-VALUE}).")
  String timeout;

  /**
   * These options checked, the scenario read: what {@link RunFollow#follow} is given, each peer
   * asked with {@code perPeer}.
   *
   * @throws BadInputException on any bad option or scenario, before anything is done
   */
  RunFollow.Options read(Duration perPeer) {
    Duration waitTimeout =
        Quantities.parseDuration(timeout, "--timeout", Limits.TIMEOUT_MIN, Limits.TIMEOUT_MAX);
    if (verify && !waitForSwarm) {
      throw new BadInputException("--verify needs --wait");
    }
    if (dashboard && (dashboardPort < 0 || dashboardPort > 65535)) {
      throw new BadInputException(
          "--dashboard-port must be between 0 and 65535 (got " + dashboardPort + ")");
    }
    Scenario scenario = scenarioFile == null ? null : Scenario.read(scenarioFile);
    return new RunFollow.Options(
        waitForSwarm,
        verify,
        scenario,
        scenarioFile,
        dashboard,
        dashboardPort,
        waitTimeout,
        timeout,
        perPeer);
  }
}
