package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.report.HtmlReport;
import dev.swarmlab.report.Summary;
import dev.swarmlab.testing.Browser;
import dev.swarmlab.testing.Summaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report as Chromium shows it, offline: every chart draws its series, the flow matrix its
 * cells, an incomplete run its badge and note, and the page loads nothing from anywhere. The pages
 * and their screenshots stay in {@code target/report-browser/} to look at.
 */
class HtmlReportBrowserIT {

  private static final Path OUT = Path.of("target", "report-browser");

  @Test
  void aReportShowsEveryChartAndFetchesNothing() throws IOException {
    Summary s = Summaries.swarm("r-incomplete", 2, 6, 128, false);
    Map<String, Object> seen = inspect("report", HtmlReport.render(s));

    Map<String, Integer> charts = new LinkedHashMap<>();
    charts.put("progress", 1);
    charts.put("cdf", 1);
    charts.put("leechers", 6);
    charts.put("flows", 0);
    charts.put("piecemap", 6);
    charts.put("spread", 1);
    charts.put("upload", 2);
    assertEquals(charts, seen.get("charts"), seen.toString());
    assertEquals(s.flows().size(), seen.get("flowCells"));
    assertEquals(true, seen.get("incomplete"), "the INCOMPLETE badge is visible");
    assertEquals(s.note(), seen.get("note"));
    assertEquals("swarmlab run r-incomplete (INCOMPLETE)", seen.get("title"));
    assertEquals(List.of(), seen.get("requests"), "the page loads nothing");
  }

  @Test
  void aCompleteRunOfAHundredLeechersShowsNoIncompleteBadge() throws IOException {
    Summary s = Summaries.swarm("r-big", 2, 100, 4096, true);
    Map<String, Object> seen = inspect("big", HtmlReport.render(s));

    @SuppressWarnings("unchecked")
    Map<String, Object> charts = (Map<String, Object>) seen.get("charts");
    assertEquals(100, charts.get("leechers"));
    assertEquals(100, charts.get("piecemap"));
    assertEquals(s.flows().size(), seen.get("flowCells"));
    assertEquals(false, seen.get("incomplete"));
    assertEquals(List.of(), seen.get("requests"));
  }

  @Test
  void aRunWithNothingYetRenders() throws IOException {
    Map<String, Object> seen = inspect("fresh", HtmlReport.render(Summaries.fresh("r-fresh")));

    assertEquals(
        Map.of(
            "progress",
            0,
            "cdf",
            0,
            "leechers",
            0,
            "flows",
            0,
            "piecemap",
            0,
            "spread",
            0,
            "upload",
            0),
        seen.get("charts"));
    assertEquals("", seen.get("note"));
    assertEquals(List.of(), seen.get("requests"));
  }

  @Test
  void comparedRunsShowOneCurveEach() throws IOException {
    List<Summary> runs =
        List.of(
            Summaries.swarm("run-a", 1, 8, 64, true),
            Summaries.swarm("run-b", 2, 8, 64, false),
            Summaries.swarm("run-c", 4, 8, 64, true));
    Map<String, Object> seen = inspect("compare", HtmlReport.compare(runs));

    assertEquals(Map.of("compare-cdf", 3, "compare-progress", 3), seen.get("charts"));
    assertEquals(List.of(), seen.get("requests"));
  }

  private static Map<String, Object> inspect(String name, String html) throws IOException {
    Files.createDirectories(OUT);
    Path page = Files.writeString(OUT.resolve(name + ".html"), html);
    Path screenshot = OUT.resolve(name + ".png");
    Files.deleteIfExists(screenshot);
    Map<String, Object> seen = Browser.inspect(page, screenshot);
    assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page: " + screenshot);
    return seen;
  }
}
