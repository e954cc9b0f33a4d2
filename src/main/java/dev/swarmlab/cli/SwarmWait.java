package dev.swarmlab.cli;

import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.view.StatusViews;
import dev.swarmlab.wait.Poller;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** {@code --wait}: polls the swarm until every leecher is complete, reporting as it goes. */
final class SwarmWait {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private SwarmWait() {}

  /** The last snapshot, complete or not; {@code complete} tells which. */
  record Outcome(SwarmSnapshot last, boolean complete) {}

  static Outcome await(SwarmMonitor monitor, String project, Duration timeout, PrintWriter log) {
    AtomicReference<SwarmSnapshot> last = new AtomicReference<>();
    long[] nextReport = {System.nanoTime()};
    var containers = monitor.containers(project);
    Optional<SwarmSnapshot> done =
        Poller.every(POLL, timeout)
            .until(
                () -> {
                  SwarmSnapshot s = monitor.poll(project, containers, false);
                  last.set(s);
                  if (System.nanoTime() >= nextReport[0]) {
                    log.println("waiting: " + StatusViews.line(s));
                    nextReport[0] = System.nanoTime() + REPORT_EVERY.toNanos();
                  }
                  return s.summary().allComplete() ? Optional.of(s) : Optional.empty();
                });
    return done.map(s -> new Outcome(s, true)).orElseGet(() -> new Outcome(last.get(), false));
  }
}
