package dev.swarmlab.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import java.util.Locale;

/** Swarm snapshots as people and programs read them: a table, or JSON. */
public final class StatusViews {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private StatusViews() {}

  /** The {@code status --json} document. */
  public static String json(SwarmSnapshot snapshot) {
    try {
      return JSON.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One row per peer, then the summary. */
  public static String table(SwarmSnapshot s) {
    StringBuilder sb = new StringBuilder();
    String format = "%-12s %-8s %-11s %6s %10s %10s %10s %10s %5s  %s%n";
    sb.append(String.format(Locale.ROOT, format, "PEER", "ROLE", "STATE", "DONE", "BYTES", "TOTAL", "DOWN/s", "UP/s", "PEERS", "COMPLETE"));
    for (PeerStatus p : s.peers()) {
      boolean known = "running".equals(p.state()); // a stopped or silent peer has no figures
      sb.append(
          String.format(
              Locale.ROOT,
              format,
              p.name(),
              p.role(),
              p.state(),
              known ? percent(p.progress()) : "-",
              known ? bytes(p.bytesDone()) : "-",
              bytes(p.bytesTotal()),
              known ? bytes(p.downRate()) : "-",
              known ? bytes(p.upRate()) : "-",
              known ? Integer.toString(p.peersConnected()) : "-",
              p.complete() ? "yes" : (p.error() != null ? "no (" + p.error() + ")" : "no")));
    }
    SwarmSnapshot.Summary sum = s.summary();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nleechers complete %d/%d   swarm %s   down %s/s   up %s/s%n",
            sum.leechersComplete(),
            sum.leechers(),
            percent(sum.progress()),
            bytes(sum.downRate()),
            bytes(sum.upRate())));
    return sb.toString();
  }

  /** One line for logs while waiting. */
  public static String line(SwarmSnapshot s) {
    SwarmSnapshot.Summary sum = s.summary();
    return String.format(
        Locale.ROOT,
        "leechers complete %d/%d, swarm %s, down %s/s",
        sum.leechersComplete(),
        sum.leechers(),
        percent(sum.progress()),
        bytes(sum.downRate()));
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /** Binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 64.0 MiB}. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
