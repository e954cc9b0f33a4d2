package dev.swarmlab.scenario;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/** When a step runs. */
public sealed interface Trigger {

  /** The latest an {@link At} step may be: a day after the lab came up. */
  Duration MAX_AT = Duration.ofHours(24);

  /** In words: {@code at 5s}, {@code at 30% progress}. */
  String describe();

  /** A time after the lab came up, from zero to {@link #MAX_AT}. */
  record At(Duration after) implements Trigger {
    public At {
      Objects.requireNonNull(after, "after");
      if (after.isNegative() || after.compareTo(MAX_AT) > 0) {
        throw new IllegalArgumentException("out of bounds: " + after);
      }
    }

    /** {@code at 5s}, {@code at 1m30s}, {@code at 1h}, {@code at 250ms}. */
    @Override
    public String describe() {
      return "at " + format(after);
    }

    /** A duration in the units a scenario file uses: {@code 1h30m}, {@code 1m5s}, {@code 0s}. */
    static String format(Duration d) {
      if (d.isZero()) {
        return "0s";
      }
      StringBuilder b = new StringBuilder();
      append(b, d.toHours(), "h");
      append(b, d.toMinutesPart(), "m");
      append(b, d.toSecondsPart(), "s");
      append(b, d.toMillisPart(), "ms");
      return b.toString();
    }

    private static void append(StringBuilder b, long n, String unit) {
      if (n > 0) {
        b.append(n).append(unit);
      }
    }
  }

  /**
   * When the swarm's progress (the bytes all leechers hold over the bytes they need) reaches {@code
   * fraction}: more than 0, at most 1.
   */
  record WhenProgress(double fraction) implements Trigger {
    public WhenProgress {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("out of bounds: " + fraction);
      }
    }

    /** {@code at 30% progress}, {@code at 12.5% progress}. */
    @Override
    public String describe() {
      String percent =
          BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString();
      return "at " + percent + "% progress";
    }
  }
}
