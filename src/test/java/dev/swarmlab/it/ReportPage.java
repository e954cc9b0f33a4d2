package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.testing.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A run's report page as headless Chromium shows it. */
final class ReportPage {
  private ReportPage() {}

  /**
   * Opens {@code page}, saves a screenshot, and checks that each chart has the series it should for
   * a run of {@code leechers} leechers and {@code flows} flows, that nothing was fetched, and
   * whether the page says the run is incomplete.
   */
  static void check(Path page, Path screenshot, int leechers, int flows, boolean incomplete)
      throws Exception {
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    Map<String, Object> seen = Browser.inspect(page, screenshot);
    @SuppressWarnings("unchecked")
    Map<String, Object> charts = (Map<String, Object>) seen.get("charts");
    Map<String, Integer> expected =
        Map.of(
            "progress", 1,
            "cdf", 1,
            "leechers", leechers,
            "piecemap", leechers,
            "spread", 1,
            "upload", 2);
    expected.forEach(
        (chart, n) ->
            assertEquals(
                n, ((Number) charts.get(chart)).intValue(), chart + " series, in " + seen));
    assertEquals(flows, ((Number) seen.get("flowCells")).intValue(), seen.toString());
    assertEquals(List.of(), seen.get("requests"), "a page that needs no network");
    assertEquals(incomplete, seen.get("incomplete"), seen.toString());
    assertTrue(Files.size(screenshot) > 0, screenshot.toString());
  }
}
