package dev.swarmlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.report.Summary.Flow;
import dev.swarmlab.report.Summary.Peer;
import dev.swarmlab.report.Summary.PieceMap;
import dev.swarmlab.report.Summary.PieceSpread;
import dev.swarmlab.report.Summary.Timeline;
import dev.swarmlab.report.Summary.Torrent;
import dev.swarmlab.report.Summary.Totals;
import dev.swarmlab.testing.Summaries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HtmlReportTest {

  private static final Pattern FIGURE =
      Pattern.compile(
          "<figure class=\"chart\" data-chart=\"([^\"]+)\">(.*?)</figure>", Pattern.DOTALL);
  private static final String HOSTILE = "<script>alert(1)</script>";
  private static final String QUOTES = "a&b\"c'd<e>";

  @Test
  void eachChartDrawsOneSeriesPerThingItShows() {
    String html = HtmlReport.render(Summaries.swarm("r1", 2, 5, 64, true));

    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("progress", 1);
    expected.put("cdf", 1);
    expected.put("leechers", 5);
    expected.put("flows", 0);
    expected.put("piecemap", 5);
    expected.put("spread", 1);
    expected.put("upload", 2);
    assertEquals(expected, seriesPerChart(html), "charts in order, with their series");
    String leechers = figures(html).get("leechers");
    assertTrue(leechers.contains("<ul class=\"legend\">"), "a few leechers are named in a legend");
    for (String name : List.of("leecher-1", "leecher-5")) {
      assertTrue(leechers.contains("data-series=\"" + name + "\""), name);
    }
    String upload = figures(html).get("upload");
    assertTrue(
        upload.contains("data-series=\"seeders\"") && upload.contains("data-series=\"leechers\""));
    assertTrue(figures(html).get("spread").contains("data-series=\"holders\""));
  }

  @Test
  void manyLeechersKeepEverySeriesWithATooltipButNoLegend() {
    String html = HtmlReport.render(Summaries.swarm("r1", 1, 20, 64, true));

    String leechers = figures(html).get("leechers");
    assertEquals(20, count(leechers, "class=\"series\""));
    assertFalse(leechers.contains("class=\"legend\""), "20 names are too many for a legend");
    assertTrue(leechers.contains("<title>leecher-07</title>"), "each line names itself on hover");
    assertEquals(20, seriesPerChart(html).get("piecemap"));
  }

  @Test
  void sectionsComeInTheirOrder() {
    String html = HtmlReport.render(Summaries.swarm("r1", 2, 5, 64, false));

    List<String> marks =
        List.of(
            "<h1>",
            "class=\"badge incomplete\"",
            "class=\"note incomplete\"",
            "class=\"numbers\"",
            "data-chart=\"progress\"",
            "data-chart=\"cdf\"",
            "data-chart=\"leechers\"",
            "data-chart=\"flows\"",
            "data-chart=\"piecemap\"",
            "data-chart=\"spread\"",
            "data-chart=\"upload\"",
            "<table class=\"peers\">",
            "<footer>");
    int last = -1;
    for (String mark : marks) {
      int at = html.indexOf(mark);
      assertTrue(at > last, mark + " comes after what precedes it (at " + at + ")");
      last = at;
    }
  }

  @Test
  void anIncompleteRunSaysSoFirstWithItsNote() {
    Summary s = Summaries.swarm("r1", 2, 4, 64, false);
    String html = HtmlReport.render(s);

    assertTrue(html.contains("<span class=\"badge incomplete\">INCOMPLETE</span>"), html);
    String note = "<p class=\"note incomplete\">" + Html.esc(s.note()) + "</p>";
    assertTrue(html.contains(note), "the note is shown: " + s.note());
    assertTrue(
        html.indexOf(note) < html.indexOf("<p class=\"meta\">"), "the note comes right under");
    assertTrue(html.contains("<title>swarmlab run r1 (INCOMPLETE)</title>"));
    assertTrue(html.contains("<b>3 / 4</b>"), "leechers complete");
    assertTrue(html.contains("<b>-</b><span>not every leecher finished"), "no last leecher");
    assertTrue(
        html.contains(
            "<td>leecher-4</td><td>leecher</td><td>rtorrent</td><td>3s</td><td>-</td><td>-</td>"));
  }

  @Test
  void aCompleteRunHasNoIncompleteBadgeAndTimesItsLastLeecher() {
    Summary s = Summaries.swarm("r1", 2, 4, 64, true);
    String html = HtmlReport.render(s);

    assertFalse(html.contains("badge incomplete"));
    assertFalse(html.contains("INCOMPLETE"));
    assertTrue(html.contains("<span class=\"badge complete\">complete</span>"));
    assertTrue(html.contains("<p class=\"note\">" + Html.esc(s.note()) + "</p>"));
    // leecher 4 of the made-up run completes at 30 + 2 × 3 seconds.
    assertTrue(html.contains("<b>36s</b><span>until the last leecher was complete"), html);
  }

  @Test
  void theCompletionCurveEndsAtTheShareOfThePlansLeechersThatFinished() {
    // 3 of 4 complete: the curve ends at 75%, not at 100% of those that finished.
    String cdf = figures(HtmlReport.render(Summaries.swarm("r1", 1, 4, 64, false))).get("cdf");

    Matcher m = Pattern.compile("points=\"([^\"]*)\"").matcher(cdf);
    assertTrue(m.find(), cdf);
    String[] points = m.group(1).split(" ");
    String[] end = points[points.length - 1].split(",");
    double bottom = Svg.HEIGHT - Svg.BOTTOM;
    double expected = bottom - 0.75 * (bottom - Svg.TOP);
    assertEquals(expected, Double.parseDouble(end[1]), 0.01, m.group(1));
    String[] lastStep = points[points.length - 2].split(",");
    assertEquals(lastStep[1], end[1]);
    assertTrue(
        Double.parseDouble(end[0]) > Double.parseDouble(lastStep[0]),
        "stays flat after the last completion, to the end of the run");
    assertEquals("70,212", points[0], "starts at 0 leechers at second 0");
  }

  @Test
  void hostileNamesAppearOnlyEscaped() {
    Summary base =
        Summaries.swarm(
            "r1", List.of(HOSTILE, "seeder-2"), List.of(QUOTES, "leecher-2"), 16, false);
    Summary s =
        new Summary(
            HOSTILE,
            QUOTES,
            HOSTILE,
            HOSTILE,
            "ended",
            false,
            HOSTILE + " & " + QUOTES,
            base.epoch0(),
            base.duration(),
            List.of(new Torrent("00", HOSTILE, 16 * Summaries.PIECE, Summaries.PIECE, 16)),
            base.peers(),
            base.flows(),
            base.totals(),
            base.timeline(),
            base.spread(),
            base.pieceMap());
    String html = HtmlReport.render(s);

    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no script, escaped or not");
    assertFalse(html.contains(QUOTES));
    assertFalse(html.contains("a&b"));
    String script = "&lt;script&gt;alert(1)&lt;/script&gt;";
    String quotes = "a&amp;b&quot;c&#39;d&lt;e&gt;";
    assertTrue(html.contains("<h1>Run " + script + " "), "the run id");
    assertTrue(html.contains("<b>" + script + "</b> "), "the torrent");
    assertTrue(html.contains("<td>" + script + "</td><td>seeder</td>"), "the seeder's row");
    assertTrue(html.contains("data-series=\"" + quotes + "\""), "a series named in an attribute");
    assertTrue(html.contains("<title>" + quotes + "</title>"), "its tooltip");
    assertTrue(html.contains(script + " &amp; " + quotes + "</p>"), "the note");
    assertEquals(1, count(html, "<tr class=\"seeder\"><th>" + script + "<span"), "its flow row");
  }

  @Test
  void eachMarkIsALineAcrossEveryTimeChartAndARowOfTheList() {
    Summary base = Summaries.swarm("r1", 2, 5, 64, true);
    List<Summary.Mark> marks =
        List.of(
            new Summary.Mark(0, "link leecher 8 Mbit/s", "link"),
            new Summary.Mark(12, "throttle seeder up 1.0 MiB/s", "throttle"),
            new Summary.Mark(30, "kill seeder-1", "kill"));
    Summary s = base.withMarks(marks, 0);
    String html = HtmlReport.render(s);
    Map<String, String> figures = figures(html);

    for (String chart : List.of("progress", "cdf", "leechers", "upload")) {
      assertEquals(3, count(figures.get(chart), "<line class=\"mark\""), chart);
    }
    for (String chart : List.of("flows", "piecemap", "spread")) {
      assertEquals(0, count(figures.get(chart), "class=\"mark"), chart + " has no time axis");
    }
    assertEquals(
        seriesPerChart(HtmlReport.render(base)), seriesPerChart(html), "marks are no series");
    String progress = figures.get("progress");
    Axis x = Axis.seconds(RunCharts.span(s));
    double left = Svg.LEFT;
    double right = Svg.WIDTH - Svg.RIGHT;
    for (Summary.Mark m : marks) {
      String px = Html.num(left + m.at() / x.max() * (right - left));
      assertTrue(
          progress.contains("<line class=\"mark\" x1=\"" + px + "\" y1=\"10\" x2=\"" + px + "\""),
          m + " at x " + px);
    }
    assertTrue(
        progress.contains("<title>30s: kill seeder-1</title>"), "its time and label on hover");
    assertTrue(progress.contains("dashed lines: what was done"), "the caption says what they are");
    String list = html.substring(html.indexOf("<h2>What was done during the run</h2>"));
    assertTrue(
        list.startsWith(
            "<h2>What was done during the run</h2>\n<div class=\"scroll marks\"><table"
                + " class=\"marks\">\n<thead><tr><th>#</th><th>time</th><th>action</th></tr></thead>\n"
                + "<tbody>\n<tr><td>1</td><td>0s</td><td>link leecher 8 Mbit/s</td></tr>\n"
                + "<tr><td>2</td><td>12s</td><td>throttle seeder up 1.0 MiB/s</td></tr>\n"
                + "<tr><td>3</td><td>30s</td><td>kill seeder-1</td></tr>\n</tbody></table></div>\n"
                + "<figure class=\"chart\" data-chart=\"cdf\">"),
        "right under the swarm progress: " + list.substring(0, 400));
    assertFalse(html.contains("left out"));
  }

  @Test
  void twentyMarksCloseTogetherKeepEveryLineAndReadableTags() {
    List<Summary.Mark> marks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      marks.add(new Summary.Mark(20 + i / 3, "kill leecher-" + i, "kill"));
    }
    String html = HtmlReport.render(Summaries.swarm("r1", 2, 5, 64, true).withMarks(marks, 0));
    String progress = figures(html).get("progress");

    assertEquals(20, count(progress, "<line class=\"mark\""));
    Matcher tag =
        Pattern.compile(
                "<text class=\"marktag\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" text-anchor=\"start\">"
                    + "([0-9]+)(?:–([0-9]+))?</text>")
            .matcher(progress);
    List<Integer> tagged = new ArrayList<>();
    Map<String, Double> rowEnds = new HashMap<>();
    while (tag.find()) {
      int first = Integer.parseInt(tag.group(3));
      int last = tag.group(4) == null ? first : Integer.parseInt(tag.group(4));
      for (int n = first; n <= last; n++) {
        tagged.add(n);
      }
      double from = Double.parseDouble(tag.group(1));
      Double end =
          rowEnds.put(tag.group(2), from + 6.5 * tag.group(0).replaceAll("<[^>]+>", "").length());
      assertTrue(end == null || end <= from, "tags of one row do not overlap: " + tag.group(0));
    }
    List<Integer> all = new ArrayList<>();
    for (int n = 1; n <= 20; n++) {
      all.add(n);
    }
    assertEquals(all, tagged, "every mark is tagged once, in order");
    assertTrue(rowEnds.size() <= 4, "in a few rows: " + rowEnds.keySet());
    assertEquals(20, count(html, "<tr><td>") - count(html, "<tr><td>", html.indexOf("<h2>Peers")));
  }

  @Test
  void aHostileLabelAppearsOnlyEscaped() {
    String hostile = "<script>alert(1)</script>\u0001\u202E" + "\"'&".repeat(4_000);
    // as a hand-edited summary.json would give it
    Summary s =
        Summaries.swarm("r1", 2, 5, 64, true)
            .withMarks(List.of(new Summary.Mark(5, hostile, "<script>")), 0);
    String html = HtmlReport.render(s);

    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"), "no script, escaped or not");
    assertFalse(html.contains("\u0001") || html.contains("\u202E"));
    assertTrue(
        html.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;\uFFFD\uFFFD&quot;&#39;&amp;"));
    assertTrue(html.contains("<title>5s: &lt;script&gt;alert(1)&lt;/script&gt;"));
    assertTrue(
        html.length() < HtmlReport.render(s.withMarks(List.of(), 0)).length() + 4_000, "cut");
  }

  @Test
  void aRunWithoutMarksLooksAsBefore() {
    Summary s = Summaries.swarm("r1", 2, 5, 64, true);
    String html = HtmlReport.render(s);

    assertFalse(html.contains("What was done"));
    assertFalse(html.contains("class=\"mark"));
    assertFalse(html.contains("dashed lines"));
    assertEquals(html, HtmlReport.render(s.withMarks(null, 0)), "as a summary.json without marks");
  }

  @Test
  void marksLeftOutAreCounted() {
    Summary s =
        Summaries.swarm("r1", 2, 5, 64, true)
            .withMarks(List.of(new Summary.Mark(5, "kill seeder-1", "kill")), 42);
    String html = HtmlReport.render(s);

    assertTrue(html.contains("42 later actions are left out: a report keeps the first 200"));
  }

  static Stream<Summary> runs() {
    return Stream.of(
        Summaries.swarm("r1", 2, 5, 64, true),
        Summaries.swarm("r2", 2, 5, 64, false),
        Summaries.swarm("r3", 1, 0, 8, true),
        Summaries.swarm("r4", 0, 3, 8, false),
        Summaries.fresh("r5"),
        singleTimePoint(),
        hugeNumbers(),
        allNulls());
  }

  @ParameterizedTest
  @MethodSource("runs")
  void everyPageIsSelfContained(Summary s) {
    String html = HtmlReport.render(s);
    String lower = html.toLowerCase(Locale.ROOT);

    assertTrue(html.startsWith("<!DOCTYPE html>") && html.endsWith("</html>\n"));
    for (String fetch :
        List.of("<script", "http:", "https:", "//", " src=", "href=", "url(", "@import", "<link")) {
      assertFalse(lower.contains(fetch), "the page refers to nothing outside it: " + fetch);
    }
    assertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
    assertEquals(
        List.of("progress", "cdf", "leechers", "flows", "piecemap", "spread", "upload"),
        new ArrayList<>(seriesPerChart(html).keySet()),
        "every chart is there, with or without data");
    assertEquals(count(html, "<figure"), count(html, "</figure>"));
    assertEquals(count(html, "<svg"), count(html, "</svg>"));
    assertEquals(count(html, "<figure class=\"chart\""), count(html, "<figcaption>"));
  }

  @Test
  void aRunWithNothingYetSaysSo() {
    String html = HtmlReport.render(Summaries.fresh("r5"));

    assertTrue(html.contains("<span class=\"badge running\">running</span>"));
    assertEquals(0, count(html, "class=\"series\""));
    assertTrue(html.contains("No blocks logged yet."));
    assertTrue(html.contains("No blocks exchanged yet."));
    assertTrue(html.contains("The plan has no leechers."));
    assertTrue(html.contains("<b>0 / 0</b>"));
    assertFalse(html.contains("class=\"note"), "no note, no empty box");
  }

  @Test
  void hugeNumbersStayReadable() {
    String html = HtmlReport.render(hugeNumbers());

    assertTrue(html.contains("title=\"9,223,372,036,854,775,807 bytes\""), "saturates, exact");
    assertTrue(html.contains("8.0 EiB"));
    assertFalse(html.contains("title=\"-"), "no total overflows into a negative");
  }

  @Test
  void flowCellsAreTheModelsBytes() {
    Summary s = Summaries.swarm("r1", 2, 12, 96, false);
    String table = figures(HtmlReport.render(s)).get("flows");

    Map<String, Long> model = new HashMap<>();
    for (Flow f : s.flows()) {
      model.merge(f.from() + " -> " + f.to(), f.bytes(), Long::sum);
    }
    List<String> receivers = new ArrayList<>();
    Matcher head =
        Pattern.compile("<th>([^<]*)</th>")
            .matcher(table.substring(table.indexOf("<thead"), table.indexOf("</thead>")));
    while (head.find()) {
      receivers.add(head.group(1));
    }
    assertEquals("from \\ to", receivers.remove(0));
    assertEquals("sent", receivers.remove(receivers.size() - 1));

    Map<String, Long> shown = new HashMap<>();
    Matcher row =
        Pattern.compile(
                "<tr(?: class=\"seeder\")?><th>([^<]*)(?:<span[^>]*>[^<]*</span>)?</th>(.*?)</tr>")
            .matcher(table.substring(table.indexOf("<tbody>"), table.indexOf("</tbody>")));
    Pattern cell = Pattern.compile("<td(?: class=\"([^\"]*)\")?(?: title=\"([\\d,]+) bytes\")?>");
    int rows = 0;
    while (row.find()) {
      rows++;
      Matcher c = cell.matcher(row.group(2));
      long rowTotal = 0;
      for (int i = 0; c.find(); i++) {
        long bytes = c.group(2) == null ? 0 : Long.parseLong(c.group(2).replace(",", ""));
        if (i == receivers.size()) {
          assertEquals("total", c.group(1));
          assertEquals(rowTotal, bytes, "row total of " + row.group(1));
        } else if (c.group(1) != null) {
          assertTrue(c.group(1).matches("flow f[1-8]"), c.group(1));
          shown.put(row.group(1) + " -> " + receivers.get(i), bytes);
          rowTotal += bytes;
        }
      }
    }
    assertEquals(model, shown, "every cell is one flow's exact bytes");
    assertEquals(model.size(), count(table, "class=\"flow "));
    assertEquals(s.flows().stream().map(Flow::from).distinct().count(), rows);
    assertEquals(2, count(table, "<tr class=\"seeder\">"), "seeders' rows are marked");
    assertTrue(table.contains("<thead class=\"tall\">"), "12 receivers' names go upwards");
    long all = s.flows().stream().mapToLong(Flow::bytes).sum();
    assertTrue(table.contains("<td class=\"total\" title=\"" + Html.exact(all) + "\">"), "total");
    assertTrue(table.contains("<td class=\"flow f8\""), "the largest flow is darkest");
  }

  @Test
  void aHundredLeechersOfFourThousandPiecesMakeAPageOfReasonableSize() {
    String html = HtmlReport.render(Summaries.swarm("big", 2, 100, 4096, true));

    assertTrue(html.length() < 1_500_000, "page of " + html.length() + " characters");
    assertEquals(100, seriesPerChart(html).get("piecemap"));
    assertEquals(100, seriesPerChart(html).get("leechers"));
  }

  @Test
  void runsCompareOneSeriesEach() {
    List<Summary> runs =
        List.of(
            Summaries.swarm("run-a", 1, 4, 32, true),
            Summaries.swarm(HOSTILE, 2, 4, 32, false),
            Summaries.swarm("run-c", 4, 6, 32, true));
    String html = HtmlReport.compare(runs);

    Map<String, Integer> expected = new LinkedHashMap<>();
    expected.put("compare-cdf", 3);
    expected.put("compare-progress", 3);
    assertEquals(expected, seriesPerChart(html));
    for (String chart : expected.keySet()) {
      String figure = figures(html).get(chart);
      assertTrue(
          figure.contains("data-series=\"run-a\"") && figure.contains("data-series=\"run-c\""));
      assertTrue(figure.contains("data-series=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
      assertTrue(figure.contains("<ul class=\"legend\">") && figure.contains("</i>run-c</li>"));
    }
    assertFalse(html.toLowerCase(Locale.ROOT).contains("<script"));
    assertEquals(3, count(html, "<tr><td><span class=\"swatch\""), "one row per run");
    assertTrue(html.contains("<td>6 / 6</td>"), "leechers complete of the third run");
    assertTrue(html.contains("<td>3 / 4</td><td>-</td>"), "the incomplete run has no last time");
    assertTrue(html.contains("<span class=\"badge incomplete\">INCOMPLETE</span>"));
  }

  @Test
  void comparingNothingOrEmptyRunsRenders() {
    assertEquals(
        Map.of("compare-cdf", 0, "compare-progress", 0),
        seriesPerChart(HtmlReport.compare(List.of())));
    assertEquals(
        Map.of("compare-cdf", 0, "compare-progress", 0),
        seriesPerChart(HtmlReport.compare(List.of(Summaries.fresh("a"), allNulls()))));
  }

  private static Summary singleTimePoint() {
    Peer leecher = new Peer("l", "leecher", "", 0L, 10, 0, 0, null, null, Map.of("s", 10L));
    return new Summary(
        "one",
        "lab",
        "now",
        "1 seeder, 1 leecher",
        "running",
        false,
        "just started",
        0,
        0,
        List.of(new Torrent("00", "t", 100, 10, 10)),
        List.of(new Peer("s", "seeder", "", 0L, 0, 0, 10, null, null, Map.of()), leecher),
        List.of(new Flow("s", "seeder", "l", 10, 1, 0, 0, 0)),
        new Totals(1, 1, 0, 100, 100, 10, 0, 10, 0, 0),
        new Timeline(
            5, List.of(0L), List.of(0.1), Map.of("l", List.of(0.1)), List.of(10L), List.of(0L)),
        new PieceSpread(10, 1, 1, List.of(0L), List.of(List.of(1.0, 0.0))),
        new PieceMap(10, 1, List.of("s"), Map.of("l", List.of(0, -1, -1))));
  }

  private static Summary hugeNumbers() {
    long huge = Long.MAX_VALUE;
    return new Summary(
        "huge",
        "lab",
        "now",
        "plan",
        "ended",
        false,
        null,
        0,
        huge,
        List.of(new Torrent("00", "t", huge, huge, Integer.MAX_VALUE)),
        List.of(
            new Peer("s", "seeder", "", null, 0, 0, huge, null, null, Map.of()),
            new Peer("l", "leecher", "", 0L, huge, huge, huge, huge, huge, Map.of())),
        List.of(
            new Flow("s", "seeder", "l", huge, huge, 0, 0, huge),
            new Flow("u", "unknown", "l", huge, huge, 0, 0, huge)),
        new Totals(1, 1, 1, huge, huge, huge, huge, huge, huge, huge),
        new Timeline(
            Integer.MAX_VALUE,
            List.of(huge),
            List.of(1.0),
            Map.of("l", List.of(1.0)),
            List.of(huge),
            List.of(huge)),
        new PieceSpread(Integer.MAX_VALUE, 1, 1, List.of(huge), List.of(List.of(1.0))),
        new PieceMap(Integer.MAX_VALUE, Integer.MAX_VALUE, List.of("s"), Map.of("l", List.of(0))));
  }

  private static Summary allNulls() {
    return new Summary(
        null, null, null, null, null, false, null, 0, 0, null, null, null, null, null, null, null);
  }

  /** The body of each chart by its data-chart, in page order. */
  private static Map<String, String> figures(String html) {
    Map<String, String> figures = new LinkedHashMap<>();
    Matcher m = FIGURE.matcher(html);
    while (m.find()) {
      assertEquals(null, figures.put(m.group(1), m.group(2)), "one chart " + m.group(1));
    }
    return figures;
  }

  private static Map<String, Integer> seriesPerChart(String html) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    figures(html).forEach((id, body) -> counts.put(id, count(body, "class=\"series\"")));
    return counts;
  }

  private static int count(String text, String part) {
    return count(text, part, 0);
  }

  private static int count(String text, String part, int from) {
    int n = 0;
    for (int at = text.indexOf(part, from); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }
}
