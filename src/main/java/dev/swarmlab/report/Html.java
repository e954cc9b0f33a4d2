package dev.swarmlab.report;

import dev.swarmlab.plan.Quantities;
import java.util.Locale;

/**
 * The text of the HTML report: escaping, numbers as a reader wants them, and the page around the
 * content with its one stylesheet.
 */
final class Html {

  private Html() {}

  /**
   * {@code text} safe both between tags and inside a quoted attribute; null reads as empty. Control
   * characters, which HTML does not allow, become U+FFFD.
   */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 && c != '\t' && c != '\n' || c == 0x7f ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }

  /** {@code 1.5 MiB}. */
  static String size(long bytes) {
    return Quantities.formatSize(bytes);
  }

  /** {@code 1.5 MiB}, with the exact count as its tooltip. */
  static String sizeWithExact(long bytes) {
    return "<span title=\"" + exact(bytes) + "\">" + size(bytes) + "</span>";
  }

  /** {@code 1,572,864 bytes}. */
  static String exact(long bytes) {
    return String.format(Locale.ROOT, "%,d bytes", bytes);
  }

  /** Whole seconds as {@code 42s}, {@code 1m30s}, {@code 2m}, {@code 1h05m07s}. */
  static String seconds(long s) {
    if (s < 0) {
      return "-" + seconds(-s);
    }
    if (s < 60) {
      return s + "s";
    }
    long h = s / 3600;
    long m = s % 3600 / 60;
    long sec = s % 60;
    StringBuilder b = new StringBuilder();
    if (h > 0) {
      b.append(h).append('h');
    }
    if (m > 0 || h > 0 && sec > 0) {
      b.append(h > 0 ? String.format(Locale.ROOT, "%02d", m) : Long.toString(m)).append('m');
    }
    if (sec > 0) {
      b.append(String.format(Locale.ROOT, "%02d", sec)).append('s');
    }
    return b.toString();
  }

  /** A share as {@code 42.0%}; {@code -} when there is nothing to share. */
  static String percent(double share) {
    return Double.isFinite(share) ? String.format(Locale.ROOT, "%.1f%%", share * 100) : "-";
  }

  /** {@code part / whole}, NaN when whole is 0. */
  static double share(long part, long whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  /** A number for SVG coordinates: at most two decimals, no exponent. */
  static String num(double v) {
    long r = Math.round(v * 100);
    if (r % 100 == 0) {
      return Long.toString(r / 100);
    }
    return String.format(Locale.ROOT, r % 10 == 0 ? "%.1f" : "%.2f", r / 100.0);
  }

  /** A chart: {@code <figure class="chart" data-chart="ID">}, its caption, then its body. */
  static String figure(String id, String caption, String body) {
    return "<figure class=\"chart\" data-chart=\""
        + esc(id)
        + "\">\n<figcaption>"
        + caption
        + "</figcaption>\n"
        + body
        + "</figure>\n";
  }

  /** What a chart shows when there is nothing to draw yet. */
  static String empty(String why) {
    return "<p class=\"empty\">" + esc(why) + "</p>\n";
  }

  /** A whole page: {@code body} is HTML already. It loads nothing and runs nothing. */
  static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        // Nothing may be fetched or run, so the page reads the same offline and from anywhere.
        + "<meta http-equiv=\"Content-Security-Policy\""
        + " content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>"
        + esc(title)
        + "</title>\n<style>"
        + CSS
        + "</style>\n</head>\n<body>\n<main>\n"
        + body
        + "</main>\n</body>\n</html>\n";
  }

  private static final String CSS =
      """

      body{margin:0;background:#eef0f3;color:#1d2330;\
      font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
      main{max-width:1060px;margin:0 auto;padding:24px 32px 36px;background:#fff}
      h1{font-size:22px;margin:0}
      h2{font-size:16px;margin:28px 0 8px}
      .meta{color:#4f5869;margin:6px 0 0}
      .meta b{color:#1d2330;font-weight:600}
      .badge{display:inline-block;padding:1px 10px;border-radius:11px;font-size:13px;\
      font-weight:700;vertical-align:3px;margin-left:6px;letter-spacing:.02em}
      .badge.complete{background:#dff3e4;color:#17652b}
      .badge.incomplete{background:#c62828;color:#fff}
      .badge.running{background:#e3ecfa;color:#1f4f99}
      .note{margin:10px 0 0;padding:9px 14px;border-left:5px solid #d99a00;background:#fff6dc;\
      font-weight:600}
      .note.incomplete{border-color:#c62828;background:#fdecea}
      .numbers{display:grid;grid-template-columns:repeat(auto-fit,minmax(185px,1fr));gap:10px;\
      margin:20px 0 8px}
      .numbers div{border:1px solid #e1e4ea;border-radius:6px;padding:8px 12px}
      .numbers b{display:block;font-size:19px;font-weight:650;white-space:nowrap}
      .numbers div>span{display:block;color:#5b6475;font-size:12px}
      figure.chart{margin:26px 0 0}
      figcaption{font-weight:650;font-size:15px;margin-bottom:4px}
      figcaption small{display:block;font-weight:400;font-size:12.5px;color:#5b6475}
      svg{display:block;width:100%;height:auto;overflow:visible}
      svg text{font-size:11px;fill:#5b6475}
      svg .title{font-size:11.5px;fill:#3a4252}
      .axis{stroke:#8a93a3;stroke-width:1}
      .gridline{stroke:#e9ecf0;stroke-width:1}
      .legend{list-style:none;padding:0;margin:6px 0 0 70px;display:flex;flex-wrap:wrap;\
      gap:3px 16px;font-size:12px}
      .legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;\
      vertical-align:-1px;border:1px solid rgba(0,0,0,.15)}
      .scroll{overflow-x:auto}
      table{border-collapse:collapse;font-size:12.5px;font-variant-numeric:tabular-nums}
      th,td{padding:3px 8px;border-bottom:1px solid #eceef2;text-align:right;white-space:nowrap}
      th{font-weight:600}
      thead th{border-bottom:2px solid #d5d9e0;vertical-align:bottom}
      th:first-child,td:first-child,table.runs th:nth-child(2),table.peers :is(th,td):nth-child(2){text-align:left}
      tfoot th,tfoot td,td.total{font-weight:600;background:#f6f7f9}
      .role{display:inline-block;font-size:11px;font-weight:600;color:#7a4e00;background:#fbeec8;\
      border-radius:3px;padding:0 5px;margin-left:5px}
      table.flows thead.tall th:not(:first-child){writing-mode:vertical-rl;transform:rotate(180deg);\
      text-align:left;padding:6px 2px}
      table.flows td{min-width:52px}
      td.f1{background:#eef4fb}td.f2{background:#dbe8f6}td.f3{background:#c4d9f0}
      td.f4{background:#a6c4e7}td.f5{background:#7fa9db}td.f6{background:#5a8dcc;color:#fff}
      td.f7{background:#3c72b8;color:#fff}td.f8{background:#24549a;color:#fff}
      .empty{color:#7a8394;font-style:italic;margin:4px 0}
      svg .mark{stroke:#7a4e00;stroke-width:1;stroke-dasharray:4 3}
      svg text.marktag{font-size:10px;font-weight:600;fill:#7a4e00}
      div.marks{max-height:330px;overflow-y:auto}
      table.marks :is(th,td):nth-child(3){text-align:left;white-space:normal}
      .swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;\
      vertical-align:-1px}
      footer{margin-top:32px;padding-top:10px;border-top:1px solid #e1e4ea;color:#4f5869;\
      font-size:12.5px}
      footer h2{font-size:14px;margin:0 0 4px}
      footer ul{margin:0;padding-left:18px}
      """;
}
