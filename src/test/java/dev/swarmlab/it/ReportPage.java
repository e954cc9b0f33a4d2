package dev.swarmlab.it;

import java.nio.file.Path;

/** Checks a report page in a real browser. */
final class ReportPage {
  private ReportPage() {}

  static void check(Path page, Path screenshot, int leechers, int flows, boolean incomplete) {
    // filled in once the browser check exists
  }
}
