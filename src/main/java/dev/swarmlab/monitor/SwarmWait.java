package dev.swarmlab.monitor;

import dev.swarmlab.wait.Poller;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@code up --wait}: polls a lab until every leecher is complete or the timeout has passed, handing
 * a snapshot to a reporter now and then so its user sees the wait move.
 */
public final class SwarmWait {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(5);

  private final SwarmMonitor monitor;
  private final Poller poller;

  public SwarmWait(SwarmMonitor monitor, Duration timeout) {
    this.monitor = monitor;
    this.poller = Poller.every(POLL, timeout);
  }

  /** The last snapshot, complete or not; {@code complete} tells which. */
  public record Outcome(SwarmSnapshot last, boolean complete) {}

  /**
   * Waits for every leecher of {@code project} to have every torrent; {@code report} gets the first
   * snapshot and then one every few seconds.
   */
  public Outcome await(String project, Consumer<SwarmSnapshot> report) {
    AtomicReference<SwarmSnapshot> last = new AtomicReference<>();
    long[] nextReport = {System.nanoTime()};
    var containers = monitor.containers(project);
    Optional<SwarmSnapshot> done =
        poller.until(
            () -> {
              SwarmSnapshot s = monitor.poll(project, containers, false);
              last.set(s);
              if (System.nanoTime() >= nextReport[0]) {
                report.accept(s);
                nextReport[0] = System.nanoTime() + REPORT_EVERY.toNanos();
              }
              return s.summary().allComplete() ? Optional.of(s) : Optional.empty();
            });
    return done.map(s -> new Outcome(s, true)).orElseGet(() -> new Outcome(last.get(), false));
  }
}
