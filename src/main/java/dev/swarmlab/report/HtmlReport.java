package dev.swarmlab.report;

import java.util.List;

/** Placeholder page. */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(Summary s) {
    return "<!doctype html><title>" + s.run() + "</title>";
  }

  public static String compare(List<Summary> runs) {
    return "<!doctype html><title>compare</title>";
  }
}
