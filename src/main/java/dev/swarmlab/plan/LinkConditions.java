package dev.swarmlab.plan;

import dev.swarmlab.error.BadInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conditions of a peer's link to the lab's network, shaped by the kernel's queueing disciplines
 * in the peer's own network namespace.
 *
 * @param bandwidthBits the link's capacity, bits per second each way; 0 for none
 * @param latency added to every packet the peer sends; zero for none
 * @param jitter how much the added latency varies; zero for none
 * @param lossPercent packets the peer sends that are dropped, 0 to 100
 */
public record LinkConditions(
    long bandwidthBits, Duration latency, Duration jitter, double lossPercent) {

  /** No conditions: the link as the engine made it. */
  public static final LinkConditions NONE = new LinkConditions(0, Duration.ZERO, Duration.ZERO, 0);

  /** The least bandwidth other than none: 8 kbit/s. */
  public static final long MIN_BANDWIDTH = 8_000;

  /** The most bandwidth: 100 Gbit/s. */
  public static final long MAX_BANDWIDTH = 100_000_000_000L;

  /** The most latency or jitter: 10 s. */
  public static final Duration MAX_LATENCY = Duration.ofSeconds(10);

  private static final Pattern BANDWIDTH =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)(bit|bps)(?:/s)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

  public LinkConditions {
    latency = latency == null ? Duration.ZERO : latency;
    jitter = jitter == null ? Duration.ZERO : jitter;
    if (bandwidthBits != 0 && (bandwidthBits < MIN_BANDWIDTH || bandwidthBits > MAX_BANDWIDTH)) {
      throw new IllegalArgumentException("bandwidth out of bounds: " + bandwidthBits);
    }
    if (latency.isNegative() || jitter.isNegative() || !(lossPercent >= 0 && lossPercent <= 100)) {
      throw new IllegalArgumentException("conditions out of bounds");
    }
  }

  /** Whether these are no conditions at all. */
  public boolean none() {
    return bandwidthBits == 0 && !needsNetem();
  }

  /**
   * Whether these need the kernel's {@code netem} queueing discipline (latency, jitter, loss);
   * bandwidth alone does not.
   */
  public boolean needsNetem() {
    return !latency.isZero() || !jitter.isZero() || lossPercent > 0;
  }

  /** These, with each condition {@code other} sets taking the place of this one's. */
  public LinkConditions with(LinkConditions other) {
    return new LinkConditions(
        other.bandwidthBits != 0 ? other.bandwidthBits : bandwidthBits,
        !other.latency.isZero() ? other.latency : latency,
        !other.jitter.isZero() ? other.jitter : jitter,
        other.lossPercent > 0 ? other.lossPercent : lossPercent);
  }

  /** These as a run's record keeps them: numbers a program can read back with {@link #of}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bandwidthBits", bandwidthBits);
    m.put("latencyMicros", latency.toNanos() / 1000);
    m.put("jitterMicros", jitter.toNanos() / 1000);
    m.put("lossPercent", lossPercent);
    return m;
  }

  /** The conditions {@link #toMap} wrote; NONE if {@code m} is not such a map or out of bounds. */
  public static LinkConditions of(Object m) {
    if (!(m instanceof Map<?, ?> map)) {
      return NONE;
    }
    try {
      return new LinkConditions(
          ((Number) map.get("bandwidthBits")).longValue(),
          Duration.ofNanos(((Number) map.get("latencyMicros")).longValue() * 1000),
          Duration.ofNanos(((Number) map.get("jitterMicros")).longValue() * 1000),
          ((Number) map.get("lossPercent")).doubleValue());
    } catch (RuntimeException e) {
      return NONE;
    }
  }

  /** In words: {@code 20 Mbit/s, latency 50 ms, loss 1%}; {@code none} if none. */
  public String describe() {
    List<String> out = new ArrayList<>();
    if (bandwidthBits > 0) {
      out.add(formatBandwidth(bandwidthBits));
    }
    if (!latency.isZero()) {
      out.add("latency " + latency.toMillis() + " ms");
    }
    if (!jitter.isZero()) {
      out.add("jitter " + jitter.toMillis() + " ms");
    }
    if (lossPercent > 0) {
      out.add("loss " + trim(lossPercent) + "%");
    }
    return out.isEmpty() ? "none" : String.join(", ", out);
  }

  /**
   * A bandwidth as {@code tc} writes it, in bits per second: {@code 20mbit}, {@code 512kbit},
   * {@code 1gbit} (powers of 1000), or in bytes per second: {@code 2mbps}; optionally ending {@code
   * /s}. {@code none} or 0 is none, which is 0.
   */
  public static long parseBandwidth(String text, String option) {
    String t = text == null ? "" : text.strip();
    if (t.equalsIgnoreCase("none") || t.equals("0")) {
      return 0;
    }
    Matcher m = BANDWIDTH.matcher(t);
    if (!m.matches()) {
      throw new BadInputException(
          option + ": not a bandwidth: '" + text + "' (bits a second: 512kbit, 20mbit, 1gbit)");
    }
    int power = m.group(2).isEmpty() ? 0 : "kmg".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    double bits =
        Double.parseDouble(m.group(1))
            * Math.pow(1000, power)
            * (m.group(3).equalsIgnoreCase("bps") ? 8 : 1);
    if (bits < MIN_BANDWIDTH || bits > MAX_BANDWIDTH) {
      throw new BadInputException(
          option + " must be from 8kbit to 100gbit a second, or none (got '" + text + "')");
    }
    return (long) bits;
  }

  /** A latency or jitter: {@code 50ms}, {@code 1s}; at most {@link #MAX_LATENCY}. */
  public static Duration parseLatency(String text, String option) {
    if (text != null && text.strip().equals("0")) {
      return Duration.ZERO;
    }
    return Quantities.parseDuration(text, option, Duration.ZERO, MAX_LATENCY);
  }

  /** A share of packets lost: {@code 1%}, {@code 0.5%}, from 0 to 100. */
  public static double parseLoss(String text, String option) {
    Matcher m = PERCENT.matcher(text == null ? "" : text.strip());
    double p = m.matches() ? Double.parseDouble(m.group(1)) : -1;
    if (p < 0 || p > 100) {
      throw new BadInputException(
          option + ": not a share of packets from 0% to 100%: '" + text + "' (examples: 1%, 0.5%)");
    }
    return p;
  }

  /** {@code 20 Mbit/s}, {@code 512 kbit/s}. */
  public static String formatBandwidth(long bits) {
    if (bits >= 1_000_000_000 && bits % 1_000_000 == 0) {
      return trim(bits / 1e9) + " Gbit/s";
    }
    if (bits >= 1_000_000) {
      return trim(bits / 1e6) + " Mbit/s";
    }
    return trim(bits / 1e3) + " kbit/s";
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
