package dev.swarmlab.plan;

import dev.swarmlab.error.BadInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the sizes and durations users type: {@code 64MiB}, {@code 1.5GB}, {@code 10m}, {@code
 * 1h30m}.
 */
public final class Quantities {

  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*((?:[kmgt]i?b?|b)?)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Quantities() {}

  /**
   * A size in bytes. {@code K}, {@code M}, {@code G}, {@code T} and {@code KiB}... are powers of
   * 1024; {@code KB}, {@code MB}... are powers of 1000; no unit means bytes.
   */
  public static long parseSize(String text, String option) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new BadInputException(
          option + ": not a size: '" + text + "' (examples: 64MiB, 1GiB, 500KB, 1048576)");
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    int power = unit.isEmpty() || unit.equals("b") ? 0 : "kmgt".indexOf(unit.charAt(0)) + 1;
    boolean decimal = unit.length() == 2 && unit.endsWith("b");
    double value = Double.parseDouble(m.group(1)) * Math.pow(decimal ? 1000 : 1024, power);
    if (value > Long.MAX_VALUE / 2) {
      throw new BadInputException(option + ": size too large: '" + text + "'");
    }
    return (long) value;
  }

  /** The most a rate limit may be: 10 GiB/s. */
  public static final long MAX_RATE = 10L << 30;

  /** The least a rate limit other than none may be: below this, rtorrent's throttle stalls. */
  public static final long MIN_RATE = 1 << 10;

  /**
   * A rate as a user writes it: a size per second ({@code 512KiB}, {@code 2MiB}, {@code 1MB},
   * optionally ending {@code /s}), or {@code none} (or 0) for no limit, which is 0.
   *
   * @throws BadInputException if it is none of those, or out of bounds
   */
  public static long parseRate(String text, String option) {
    String t = text == null ? "" : text.strip();
    if (t.equalsIgnoreCase("none") || t.equals("0")) {
      return 0;
    }
    if (t.toLowerCase(Locale.ROOT).endsWith("/s")) {
      t = t.substring(0, t.length() - 2);
    }
    long rate;
    try {
      rate = parseSize(t, option);
    } catch (BadInputException e) {
      throw new BadInputException(
          option + ": not a rate: '" + text + "' (bytes per second: 512KiB, 2MiB, 1MB; or none)");
    }
    if (rate < MIN_RATE || rate > MAX_RATE) {
      throw new BadInputException(
          option + " must be from 1KiB to 10GiB a second, or none (got '" + text + "')");
    }
    return rate;
  }

  /**
   * A whole number from {@code min} to {@code max}; {@code origin}, if not empty, says where the
   * text came from (" from SWARMLAB_...") in the error.
   */
  public static int parseWholeNumber(String text, String option, int min, int max, String origin) {
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new BadInputException(
        option
            + " must be a whole number between "
            + min
            + " and "
            + max
            + " (got '"
            + text
            + "'"
            + origin
            + ")");
  }

  /**
   * A duration from {@code min} to {@code max}, as {@link #parseDuration(String, String)} reads it;
   * anything else is one line naming the option, the value and the range.
   */
  public static Duration parseDuration(String text, String option, Duration min, Duration max) {
    Duration d = parseDuration(text, option);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new BadInputException(
          option
              + " must be between "
              + format(min)
              + " and "
              + format(max)
              + " (got '"
              + text
              + "')");
    }
    return d;
  }

  /** A duration as the options take it: {@code 10ms}, {@code 90s}, {@code 5m}, {@code 30d}. */
  static String format(Duration d) {
    if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    if (s % 86400 == 0) {
      return s / 86400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  /**
   * A duration such as {@code 90s}, {@code 10m}, {@code 1h30m} or ISO-8601 {@code PT10M}; never
   * negative.
   */
  public static Duration parseDuration(String text, String option) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("pt") || t.startsWith("p")) {
      try {
        Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
        if (d.isNegative()) {
          throw badDuration(text, option);
        }
        return d;
      } catch (DateTimeParseException | ArithmeticException e) {
        throw badDuration(text, option);
      }
    }
    Matcher m = DURATION_PART.matcher(t);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      if (m.group(1).length() > 9) {
        throw badDuration(
            text, option); // more than anyone means, and more than a Duration holds in days
      }
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      end = m.end();
    }
    if (end == 0 || end != t.length()) {
      throw badDuration(text, option);
    }
    return total;
  }

  /**
   * A size in binary units, as people read them: {@code 512 B}, {@code 1.5 KiB}, {@code 64.0 MiB}.
   */
  public static String formatSize(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static BadInputException badDuration(String text, String option) {
    return new BadInputException(
        option + ": not a duration: '" + text + "' (examples: 90s, 10m, 1h30m)");
  }
}
