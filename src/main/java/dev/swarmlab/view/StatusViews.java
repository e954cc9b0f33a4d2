package dev.swarmlab.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.swarmlab.monitor.PeerDetail;
import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.monitor.TrackedTorrent;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.rtorrent.Connection;
import dev.swarmlab.rtorrent.TorrentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Swarm snapshots as people and programs read them: tables, lines, or JSON. */
public final class StatusViews {

  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private static final String PEER_ROW = "%-12s %-8s %-11s %6s %10s %10s %10s %10s %5s  %s";
  private static final String PEER_ROW_CLIENT =
      "%-12s %-8s %-17s %-11s %6s %10s %10s %10s %10s %5s  %s";

  private static final String DEFAULT_CLIENT = dev.swarmlab.plan.Client.DEFAULT.id();

  private StatusViews() {}

  /** Any status document as indented JSON. */
  public static String json(Object document) {
    return write(JSON.writerWithDefaultPrettyPrinter(), document);
  }

  /** Any status document as one line of JSON, for JSON Lines. */
  public static String jsonLine(Object document) {
    return write(JSON.writer(), document);
  }

  private static String write(ObjectWriter writer, Object document) {
    try {
      return writer.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One row per peer (and, when the snapshot has them, per torrent), then the summary. */
  public static String table(SwarmSnapshot s) {
    StringBuilder sb = new StringBuilder();
    tableLines(s).forEach(l -> sb.append(l).append(System.lineSeparator()));
    return sb.toString();
  }

  static List<String> tableLines(SwarmSnapshot s) {
    List<String> lines = new ArrayList<>();
    // Which client each peer runs, once a lab runs any but the default.
    boolean clients =
        s.peers().stream().anyMatch(p -> p.client() != null && !p.client().equals(DEFAULT_CLIENT));
    lines.add(
        row(
            clients,
            "CLIENT",
            "PEER",
            "ROLE",
            "STATE",
            "DONE",
            "BYTES",
            "TOTAL",
            "DOWN/s",
            "UP/s",
            "PEERS",
            "COMPLETE"));
    for (PeerStatus p : s.peers()) {
      boolean known = "running".equals(p.state()); // a stopped or silent peer has no figures
      lines.add(
          row(
              clients,
              p.client(),
              p.name(),
              p.role(),
              p.state(),
              known ? percent(p.progress()) : "-",
              known ? bytes(p.bytesDone()) : "-",
              bytes(p.bytesTotal()),
              known ? bytes(p.downRate()) : "-",
              known ? bytes(p.upRate()) : "-",
              known ? Integer.toString(p.peersConnected()) : "-",
              completion(p)));
      if (p.torrents() != null) {
        for (TorrentStatus t : p.torrents()) {
          lines.add(
              row(
                  clients,
                  "",
                  "  " + t.name(),
                  "",
                  "",
                  percent(t.sizeBytes() == 0 ? 0 : (double) t.completedBytes() / t.sizeBytes()),
                  bytes(t.completedBytes()),
                  bytes(t.sizeBytes()),
                  bytes(t.downRate()),
                  bytes(t.upRate()),
                  Integer.toString(t.peersConnected()),
                  t.complete() ? "yes" : "no"));
        }
      }
    }
    lines.add("");
    lines.addAll(summaryLines(s.summary()));
    return lines;
  }

  private static String completion(PeerStatus p) {
    if (p.complete()) {
      return p.secondsToComplete() == null ? "yes" : "yes (" + p.secondsToComplete() + " s)";
    }
    return p.error() != null ? "no (" + p.error() + ")" : "no";
  }

  static List<String> summaryLines(SwarmSnapshot.Summary sum) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "leechers complete %d/%d   swarm %s   down %s/s   up %s/s",
            sum.leechersComplete(),
            sum.leechers(),
            swarm(sum),
            bytes(sum.downRate()),
            bytes(sum.upRate())));
    SwarmSnapshot.Spread t = sum.timeToComplete();
    if (t != null) {
      lines.add(
          String.format(
              Locale.ROOT,
              "time to complete since the run began: min %d s   median %d s   p90 %d s   max %d s",
              t.min(),
              t.median(),
              t.p90(),
              t.max()));
    }
    return lines;
  }

  /** One peer in detail: its status, then per torrent its connections. */
  public static String detail(PeerDetail d) {
    StringBuilder sb = new StringBuilder();
    PeerStatus p = d.peer();
    sb.append(
        String.format(
            Locale.ROOT,
            "%s (%s, %s, %s): %s of %s, %s, down %s/s, up %s/s%n",
            p.name(),
            p.role(),
            p.client(),
            p.state(),
            bytes(p.bytesDone()),
            bytes(p.bytesTotal()),
            percent(p.progress()),
            bytes(p.downRate()),
            bytes(p.upRate())));
    String format = "  %-12s %-24s %6s %10s %10s %10s %10s  %s%n";
    for (PeerDetail.TorrentConnections tc : d.torrents()) {
      TorrentStatus t = tc.torrent();
      sb.append(
          String.format(
              Locale.ROOT,
              "%n%s  %s of %s, %d connections%n",
              t.name(),
              bytes(t.completedBytes()),
              bytes(t.sizeBytes()),
              tc.connections().size()));
      if (tc.connections().isEmpty()) {
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              format,
              "REMOTE",
              "CLIENT",
              "HAS",
              "DOWN/s",
              "UP/s",
              "RECEIVED",
              "SENT",
              "DIRECTION"));
      for (PeerDetail.Remote r : tc.connections()) {
        Connection c = r.connection();
        sb.append(
            String.format(
                Locale.ROOT,
                format,
                r.peer(),
                c.client(),
                c.completedPercent() + "%",
                bytes(c.downRate()),
                bytes(c.upRate()),
                bytes(c.downTotal()),
                bytes(c.upTotal()),
                c.incoming() ? "incoming" : "outgoing"));
      }
    }
    if (p.receivedFrom() != null && !p.receivedFrom().isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%nreceived from (exact, from its block log; stays after connections close)%n"));
      p.receivedFrom().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(
              e ->
                  sb.append(
                      String.format(
                          Locale.ROOT,
                          "  %-12s %10s  %d bytes%n",
                          e.getKey(),
                          bytes(e.getValue()),
                          e.getValue())));
    }
    return sb.toString();
  }

  /** What the tracker knows: one row per torrent. */
  public static String tracker(List<TrackedTorrent> torrents) {
    StringBuilder sb = new StringBuilder();
    String format = "%-24s %-40s %8s %8s %9s%n";
    sb.append(
        String.format(
            Locale.ROOT, format, "TORRENT", "INFO-HASH", "SEEDERS", "LEECHERS", "COMPLETED"));
    for (TrackedTorrent t : torrents) {
      sb.append(
          String.format(
              Locale.ROOT,
              format,
              t.name(),
              t.infoHash(),
              t.seeders(),
              t.leechers(),
              t.completed()));
    }
    return sb.toString();
  }

  /** One line for logs. */
  public static String line(SwarmSnapshot s) {
    SwarmSnapshot.Summary sum = s.summary();
    return String.format(
        Locale.ROOT,
        "leechers complete %d/%d, swarm %s, down %s/s",
        sum.leechersComplete(),
        sum.leechers(),
        swarm(sum),
        bytes(sum.downRate()));
  }

  /**
   * The swarm's progress, and how many leechers did not answer if any did not: their bytes are not
   * counted, so that a dip is not read as bytes lost.
   */
  static String swarm(SwarmSnapshot.Summary sum) {
    return sum.unanswered() == 0
        ? percent(sum.progress())
        : percent(sum.progress()) + " (" + sum.unanswered() + " not answering)";
  }

  /** A row of the table; with {@code clients}, {@code client} as a column after the role. */
  private static String row(boolean clients, String client, Object... cells) {
    if (!clients) {
      return String.format(Locale.ROOT, PEER_ROW, cells).stripTrailing();
    }
    Object[] all = new Object[cells.length + 1];
    all[0] = cells[0];
    all[1] = cells[1];
    all[2] = client;
    System.arraycopy(cells, 2, all, 3, cells.length - 2);
    return String.format(Locale.ROOT, PEER_ROW_CLIENT, all).stripTrailing();
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /** Binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 64.0 MiB}. */
  static String bytes(long n) {
    return Quantities.formatSize(n);
  }
}
