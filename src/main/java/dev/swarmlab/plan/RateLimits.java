package dev.swarmlab.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * rtorrent's own rate limits each peer of a role starts with (its global throttles: for all its
 * torrents together), in bytes per second; 0 is no limit. {@code swarmlab throttle} changes them
 * while the lab runs.
 */
public record RateLimits(long seederUp, long seederDown, long leecherUp, long leecherDown) {

  /** No limits: rtorrent's own default. */
  public static final RateLimits NONE = new RateLimits(0, 0, 0, 0);

  public RateLimits {
    for (long r : new long[] {seederUp, seederDown, leecherUp, leecherDown}) {
      if (r != 0 && (r < Quantities.MIN_RATE || r > Quantities.MAX_RATE)) {
        throw new IllegalArgumentException("rate out of bounds: " + r);
      }
    }
  }

  /** Each limit set, in words: {@code seeders up 2.0 MiB/s}; empty if none. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    add(out, "seeders up", seederUp);
    add(out, "seeders down", seederDown);
    add(out, "leechers up", leecherUp);
    add(out, "leechers down", leecherDown);
    return out;
  }

  private static void add(List<String> out, String what, long rate) {
    if (rate > 0) {
      out.add(what + " " + Quantities.formatSize(rate) + "/s");
    }
  }
}
