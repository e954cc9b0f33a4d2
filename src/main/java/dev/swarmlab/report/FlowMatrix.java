package dev.swarmlab.report;

import static dev.swarmlab.report.Html.esc;

import dev.swarmlab.report.Summary.Flow;
import dev.swarmlab.report.Summary.Peer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who sent how many bytes to whom, as an HTML table: senders in rows, receivers in columns, each
 * cell the exact bytes of {@link Summary#flows()} (readable, with the count as its tooltip), shaded
 * by size, with each row's and column's total.
 */
final class FlowMatrix {

  /** Shades a cell can have: {@code f1} (a little) to {@code f8} (the largest flow). */
  private static final int SHADES = 8;

  /** Past this many receivers their names are written upwards, so the table stays narrow. */
  private static final int WIDE = 8;

  private FlowMatrix() {}

  static String table(Summary s) {
    if (s.flows().isEmpty()) {
      return Html.empty("No blocks exchanged yet.");
    }
    Map<String, Integer> order = new HashMap<>();
    for (Peer p : s.peers()) {
      order.putIfAbsent(p.name(), order.size());
    }
    Comparator<String> byPeers =
        Comparator.<String>comparingInt(n -> order.getOrDefault(n, Integer.MAX_VALUE))
            .thenComparing(Comparator.nullsFirst(Comparator.<String>naturalOrder()));
    Map<String, Map<String, Long>> bytes = new HashMap<>();
    Map<String, String> roles = new HashMap<>();
    Set<String> senders = new LinkedHashSet<>();
    Set<String> receivers = new LinkedHashSet<>();
    long max = 0;
    for (Flow f : s.flows()) {
      senders.add(f.from());
      receivers.add(f.to());
      roles.putIfAbsent(f.from(), f.fromRole());
      long sum =
          bytes
              .computeIfAbsent(f.from(), k -> new LinkedHashMap<>())
              .merge(f.to(), f.bytes(), FlowMatrix::add);
      max = Math.max(max, sum);
    }
    List<String> rows = new ArrayList<>(senders);
    List<String> columns = new ArrayList<>(receivers);
    rows.sort(byPeers);
    columns.sort(byPeers);

    StringBuilder b = new StringBuilder("<div class=\"scroll\"><table class=\"flows\">\n");
    b.append(columns.size() > WIDE ? "<thead class=\"tall\">" : "<thead>")
        .append("<tr><th>from \\ to</th>");
    for (String c : columns) {
      b.append("<th>").append(esc(c)).append("</th>");
    }
    b.append("<th>sent</th></tr></thead>\n<tbody>\n");
    long[] columnTotals = new long[columns.size()];
    long total = 0;
    for (String r : rows) {
      boolean seeder = "seeder".equals(roles.get(r));
      b.append(seeder ? "<tr class=\"seeder\"><th>" : "<tr><th>").append(esc(r));
      String role = roles.get(r) == null ? "unknown" : roles.get(r);
      if (!role.equals("leecher")) {
        b.append("<span class=\"role\">").append(esc(role)).append("</span>");
      }
      b.append("</th>");
      Map<String, Long> row = bytes.getOrDefault(r, Map.of());
      long rowTotal = 0;
      for (int i = 0; i < columns.size(); i++) {
        Long cell = row.get(columns.get(i));
        if (cell == null) {
          b.append("<td></td>");
          continue;
        }
        rowTotal = add(rowTotal, cell);
        columnTotals[i] = add(columnTotals[i], cell);
        b.append("<td class=\"flow f")
            .append(shade(cell, max))
            .append("\" title=\"")
            .append(Html.exact(cell))
            .append("\">")
            .append(Html.size(cell))
            .append("</td>");
      }
      total = add(total, rowTotal);
      b.append(totalCell(rowTotal)).append("</tr>\n");
    }
    b.append("</tbody>\n<tfoot><tr><th>received</th>");
    for (long c : columnTotals) {
      b.append(totalCell(c));
    }
    return b.append(totalCell(total)).append("</tr></tfoot>\n</table></div>\n").toString();
  }

  private static String totalCell(long bytes) {
    return "<td class=\"total\" title=\"" + Html.exact(bytes) + "\">" + Html.size(bytes) + "</td>";
  }

  /** a + b, or the largest long where that overflows: a total too big to count is no error. */
  private static long add(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** 1 for the smallest flows to {@link #SHADES} for the largest, by share of the largest. */
  private static int shade(long bytes, long max) {
    if (max <= 0 || bytes <= 0) {
      return 1;
    }
    return (int) Math.max(1, Math.min(SHADES, Math.ceil((double) bytes / max * SHADES)));
  }
}
