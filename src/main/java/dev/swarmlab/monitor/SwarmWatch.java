package dev.swarmlab.monitor;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.wait.Poller;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code status --watch} as lines: polls a lab every interval and hands each snapshot on, until
 * {@code count} polls have been made or the lab is gone.
 */
public final class SwarmWatch {
  /** How long a watch without a count lasts at most: in practice until its user stops it. */
  private static final Duration UNTIL_STOPPED = Duration.ofDays(365);

  private final SwarmMonitor monitor;
  private final Poller poller;
  private final int count;

  /**
   * @param count the polls to make; 0 for no limit
   */
  public SwarmWatch(SwarmMonitor monitor, Duration interval, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more (got " + count + ")");
    }
    this.monitor = monitor;
    this.poller = Poller.every(interval, UNTIL_STOPPED);
    this.count = count;
  }

  /** Hands each snapshot of {@code project} to {@code each}; returns the number of polls made. */
  public int run(String project, boolean withTorrents, Consumer<SwarmSnapshot> each) {
    int[] polls = {0};
    poller.until(
        () -> {
          List<ContainerInfo> now = monitor.containers(project);
          if (SwarmMonitor.peers(now).isEmpty()) {
            return Optional.of("the lab is gone");
          }
          each.accept(monitor.poll(project, now, withTorrents));
          polls[0]++;
          return count > 0 && polls[0] >= count ? Optional.of("counted") : Optional.empty();
        });
    return polls[0];
  }
}
