package dev.swarmlab.report;

import static dev.swarmlab.report.Html.esc;

import dev.swarmlab.report.Summary.Peer;
import dev.swarmlab.report.Summary.PieceMap;
import dev.swarmlab.report.Summary.PieceSpread;
import dev.swarmlab.report.Summary.Timeline;
import dev.swarmlab.report.Summary.Torrent;
import dev.swarmlab.report.Summary.Totals;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A run's report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched,
 * so it opens offline from anywhere. Every text that comes from the run (names, plan, note) is
 * escaped. Each chart is a {@code <figure class="chart" data-chart="ID">} whose data series are
 * each one element of class {@code series}.
 */
public final class HtmlReport {

  private HtmlReport() {}

  /** One run's report page. */
  public static String render(Summary summary) {
    Summary s = filled(summary);
    StringBuilder b = new StringBuilder(64 * 1024);
    header(b, s);
    numbers(b, s);
    b.append(RunCharts.progress(s));
    marks(b, s);
    b.append(RunCharts.cdf(s));
    b.append(RunCharts.leechers(s));
    b.append(
        Html.figure(
            "flows",
            "Who sent what to whom<small>bytes each sender (row) sent that the receiver (column)"
                + " kept, duplicates apart; the exact count on hover</small>",
            FlowMatrix.table(s)));
    b.append(PieceCharts.pieceMap(s));
    b.append(PieceCharts.spread(s));
    b.append(RunCharts.upload(s));
    peers(b, s);
    footer(b);
    return Html.page(
        "swarmlab run "
            + Objects.requireNonNullElse(s.run(), "")
            + " ("
            + (s.complete() ? "complete" : "INCOMPLETE")
            + ")",
        b.toString());
  }

  /**
   * Several runs' completion curves overlaid ({@code report --compare}): the completion of their
   * leechers and their swarm progress over time, one series per run, and a table of their outcomes.
   */
  public static String compare(List<Summary> runs) {
    List<Summary> all = runs.stream().filter(Objects::nonNull).map(HtmlReport::filled).toList();
    StringBuilder b = new StringBuilder(16 * 1024);
    b.append("<header>\n<h1>").append(all.size()).append(all.size() == 1 ? " run" : " runs");
    b.append(" compared</h1>\n</header>\n");
    b.append("<h2>Runs</h2>\n<div class=\"scroll\"><table class=\"runs\">\n<thead><tr>");
    b.append("<th>run</th><th>plan</th><th>outcome</th><th>leechers complete</th>");
    b.append("<th>last leecher done</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < all.size(); i++) {
      Summary s = all.get(i);
      b.append("<tr><td><span class=\"swatch\" style=\"background:")
          .append(Svg.colour(i))
          .append("\"></span>")
          .append(esc(s.run()))
          .append("</td><td style=\"text-align:left;white-space:normal\">")
          .append(esc(s.plan()))
          .append("</td><td>")
          .append(outcome(s))
          .append("</td><td>")
          .append(s.totals().leechersComplete())
          .append(" / ")
          .append(s.totals().leechers())
          .append("</td><td>")
          .append(lastLeecher(s).map(Html::seconds).orElse("-"))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table></div>\n");
    b.append(RunCharts.compareCdf(all));
    b.append(RunCharts.compareProgress(all));
    footer(b);
    return Html.page("swarmlab: " + all.size() + " runs compared", b.toString());
  }

  private static void header(StringBuilder b, Summary s) {
    b.append("<header>\n<h1>Run ").append(esc(s.run())).append(' ').append(outcome(s));
    if ("running".equals(s.state())) {
      b.append("<span class=\"badge running\">running</span>");
    }
    b.append("</h1>\n");
    if (s.note() != null && !s.note().isBlank()) {
      b.append(s.complete() ? "<p class=\"note\">" : "<p class=\"note incomplete\">")
          .append(esc(s.note()))
          .append("</p>\n");
    }
    b.append("<p class=\"meta\">project <b>")
        .append(esc(s.project()))
        .append("</b> · started <b>")
        .append(esc(s.started()))
        .append("</b> · state <b>")
        .append(esc(s.state()))
        .append("</b> · plan <b>")
        .append(esc(s.plan()))
        .append("</b></p>\n");
    if (!s.torrents().isEmpty()) {
      b.append("<p class=\"meta\">");
      String sep = "";
      for (Torrent t : s.torrents()) {
        b.append(sep)
            .append("<b>")
            .append(esc(t.name()))
            .append("</b> ")
            .append(Html.sizeWithExact(t.sizeBytes()))
            .append(", ")
            .append(t.pieces())
            .append(" pieces of ")
            .append(Html.size(t.pieceBytes()));
        sep = " · ";
      }
      b.append("</p>\n");
    }
    b.append("</header>\n");
  }

  private static String outcome(Summary s) {
    return s.complete()
        ? "<span class=\"badge complete\">complete</span>"
        : "<span class=\"badge incomplete\">INCOMPLETE</span>";
  }

  private static void numbers(StringBuilder b, Summary s) {
    Totals t = s.totals();
    long received = t.fromSeeders() + t.fromLeechers() + t.fromUnknown();
    b.append("<section class=\"numbers\">\n");
    number(
        b,
        t.leechersComplete() + " / " + t.leechers(),
        "leechers complete" + (t.seeders() > 0 ? ", from " + t.seeders() + " seeders" : ""));
    Optional<Long> last = lastLeecher(s);
    number(
        b,
        last.map(Html::seconds).orElse("-"),
        last.isPresent() ? "until the last leecher was complete" : "not every leecher finished");
    number(
        b,
        Html.sizeWithExact(t.receivedBytes()),
        "received of "
            + Html.size(t.neededBytes())
            + " needed ("
            + Html.percent(Html.share(t.receivedBytes(), t.neededBytes()))
            + ")");
    number(
        b,
        Html.percent(Html.share(t.fromSeeders(), received)),
        "from seeders; "
            + Html.percent(Html.share(t.fromLeechers(), received))
            + " from leechers, "
            + Html.percent(Html.share(t.fromUnknown(), received))
            + " from unknown peers");
    number(
        b,
        Html.sizeWithExact(t.duplicateBytes()),
        "duplicates ("
            + Html.percent(Html.share(t.duplicateBytes(), t.receivedBytes()))
            + " of received)");
    b.append("</section>\n");
  }

  private static void number(StringBuilder b, String value, String what) {
    b.append("<div><b>").append(value).append("</b><span>").append(what).append("</span></div>\n");
  }

  /** Seconds until the last leecher was complete; empty unless every leecher is. */
  private static Optional<Long> lastLeecher(Summary s) {
    Totals t = s.totals();
    if (t.leechers() == 0 || t.leechersComplete() < t.leechers()) {
      return Optional.empty();
    }
    return s.peers().stream()
        .filter(p -> "leecher".equals(p.role()))
        .map(Peer::completedAt)
        .filter(Objects::nonNull)
        .max(Long::compare);
  }

  private static void peers(StringBuilder b, Summary s) {
    b.append("<h2>Peers</h2>\n");
    if (s.peers().isEmpty()) {
      b.append(Html.empty("No peer has left a record yet."));
      return;
    }
    b.append("<div class=\"scroll\"><table class=\"peers\">\n<thead><tr><th>name</th>")
        .append(
            "<th>role</th><th>client</th><th>started</th><th>completed at</th><th>time to complete</th>")
        .append("<th>received</th><th>sent</th><th>duplicates</th></tr></thead>\n<tbody>\n");
    for (Peer p : s.peers()) {
      b.append("<tr><td>")
          .append(esc(p.name()))
          .append("</td><td>")
          .append(esc(p.role()))
          .append("</td><td>")
          .append(p.client() == null ? "-" : esc(p.client()))
          .append("</td><td>")
          .append(time(p.startedAt()))
          .append("</td><td>")
          .append(time(p.completedAt()))
          .append("</td><td>")
          .append(p.timeToComplete() == null ? "-" : Html.seconds(p.timeToComplete()))
          .append("</td><td>")
          .append(Html.sizeWithExact(p.receivedBytes()))
          .append("</td><td>")
          .append(Html.sizeWithExact(p.sentBytes()))
          .append("</td><td>")
          .append(Html.sizeWithExact(p.duplicateBytes()))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table></div>\n");
  }

  /**
   * What was done to the lab during the run, numbered as the time charts mark it; nothing at all
   * for a run where nothing was.
   */
  private static void marks(StringBuilder b, Summary s) {
    if (s.marks().isEmpty() && s.marksLeftOut() <= 0) {
      return;
    }
    b.append("<h2>What was done during the run</h2>\n");
    b.append("<div class=\"scroll marks\"><table class=\"marks\">\n<thead><tr><th>#</th>")
        .append("<th>time</th><th>action</th></tr></thead>\n<tbody>\n");
    int n = 0;
    for (Summary.Mark m : s.marks()) {
      b.append("<tr><td>")
          .append(++n)
          .append("</td><td>")
          .append(Html.seconds(m.at()))
          .append("</td><td>")
          .append(esc(m.label()))
          .append("</td></tr>\n");
    }
    b.append("</tbody></table></div>\n");
    if (s.marksLeftOut() > 0) {
      b.append(
          Html.empty(
              s.marksLeftOut()
                  + " later "
                  + (s.marksLeftOut() == 1 ? "action is" : "actions are")
                  + " left out: a report keeps the first "
                  + RunMarks.MAX
                  + " (the run's events.jsonl has them all)."));
    }
  }

  private static String time(Long seconds) {
    return seconds == null ? "-" : Html.seconds(seconds);
  }

  private static void footer(StringBuilder b) {
    b.append(
        """
        <footer>
        <h2>How to read this</h2>
        <ul>
        <li>Times are whole seconds from the first peer's start (rtorrent logs no finer clock).</li>
        <li>Bytes are exact, from rtorrent's own block log (protocol_piece_events): each block a \
        leecher kept counts once, towards the peer that sent it.</li>
        <li>Duplicates are blocks received again, or discarded in endgame, when a leecher asks \
        several peers for its last blocks.</li>
        <li>Every block on its own (when, which torrent, piece and offset, from whom, to whom):         <code>swarmlab report RUN --format csv --table blocks</code>.</li>
        </ul>
        </footer>
        """);
  }

  /** The summary with every missing part empty, so that drawing it needs no null checks. */
  private static Summary filled(Summary s) {
    Timeline t = s.timeline();
    Timeline timeline =
        new Timeline(
            t == null ? 0 : t.step(),
            list(t == null ? null : t.times()),
            list(t == null ? null : t.swarmProgress()),
            t == null || t.leecherProgress() == null ? Map.of() : t.leecherProgress(),
            list(t == null ? null : t.seederUpload()),
            list(t == null ? null : t.leecherUpload()));
    PieceSpread sp = s.spread();
    PieceSpread spread =
        sp == null
            ? new PieceSpread(0, 1, 0, List.of(), List.of())
            : new PieceSpread(
                sp.pieces(),
                sp.piecesPerRow(),
                sp.leechers(),
                list(sp.times()),
                list(sp.holders()));
    PieceMap pm = s.pieceMap();
    PieceMap pieceMap =
        pm == null
            ? new PieceMap(0, 1, List.of(), Map.of())
            : new PieceMap(
                pm.pieces(),
                pm.piecesPerColumn(),
                list(pm.senders()),
                pm.rows() == null ? Map.of() : pm.rows());
    Totals totals = s.totals() != null ? s.totals() : new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    return new Summary(
        s.run(),
        s.project(),
        s.started(),
        s.plan(),
        s.state(),
        s.complete(),
        s.note(),
        s.epoch0(),
        s.duration(),
        list(s.torrents()).stream().filter(Objects::nonNull).toList(),
        list(s.peers()).stream().filter(Objects::nonNull).toList(),
        list(s.flows()).stream().filter(Objects::nonNull).toList(),
        totals,
        timeline,
        spread,
        pieceMap,
        list(s.marks()).stream().filter(Objects::nonNull).toList(),
        Math.max(0, s.marksLeftOut()));
  }

  private static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : list;
  }
}
