package dev.swarmlab.control;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.rtorrent.RtorrentException;
import java.time.Duration;
import java.util.List;

/**
 * rtorrent's own rate limits ({@code throttle.global_up.max_rate} and {@code
 * throttle.global_down.max_rate}, bytes per second, 0 for none), set live on peers of a running lab
 * and read back. They hold for all of a peer's torrents together, on any kernel.
 */
public final class Throttles {

  /** The most a limit may be: 10 GiB/s. */
  public static final long MAX_RATE = Quantities.MAX_RATE;

  /** The least a limit other than none may be: below this, rtorrent's throttle stalls. */
  public static final long MIN_RATE = Quantities.MIN_RATE;

  /**
   * Limits to set; null leaves one as it is.
   *
   * @param up bytes per second a peer may send, 0 for no limit
   * @param down bytes per second a peer may receive, 0 for no limit
   */
  public record Limits(Long up, Long down) {}

  /**
   * What one peer's limits are once set, as it reports them; or why they could not be set.
   *
   * @param up its upload limit, bytes per second (0: none); null on error
   * @param down its download limit; null on error
   */
  public record Result(String peer, Long up, Long down, String error) {}

  private final Duration timeout;

  /** Each peer is given {@code timeout} to answer each call. */
  public Throttles(Duration timeout) {
    this.timeout = timeout;
  }

  /** {@link Quantities#parseRate}. */
  public static long parseRate(String text, String option) {
    return Quantities.parseRate(text, option);
  }

  /** Sets {@code limits} on each of {@code peers} at once and reads them back. */
  public List<Result> apply(List<ContainerInfo> peers, Limits limits) {
    return PerPeer.apply(
        peers, 16, c -> apply(c, limits), (name, why) -> new Result(name, null, null, why));
  }

  private Result apply(ContainerInfo c, Limits limits) {
    String name = SwarmMonitor.peerName(c);
    if (!c.running()) {
      return new Result(name, null, null, "not running (" + c.state() + ")");
    }
    // A peer that has just started (leechers are started last, and up does not wait for them)
    // may not have opened its socket, or not answer on it yet: the calls set the same values
    // again, so they are tried again until the timeout.
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        RtorrentClient client = new RtorrentClient(SwarmMonitor.socket(c), timeout);
        if (limits.up() != null) {
          client.call("throttle.global_up.max_rate.set", "", limits.up());
        }
        if (limits.down() != null) {
          client.call("throttle.global_down.max_rate.set", "", limits.down());
        }
        return new Result(
            name,
            number(client.call("throttle.global_up.max_rate", "")),
            number(client.call("throttle.global_down.max_rate", "")),
            null);
      } catch (RtorrentException e) {
        if (System.nanoTime() >= deadline) {
          return new Result(name, null, null, e.getMessage());
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(name, null, null, "interrupted");
      }
    }
  }

  private static long number(Object o) throws RtorrentException {
    if (o instanceof Long l) {
      return l;
    }
    throw new RtorrentException("expected an integer in the reply, got " + o);
  }
}
