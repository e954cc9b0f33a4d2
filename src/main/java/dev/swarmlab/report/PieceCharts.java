package dev.swarmlab.report;

import static dev.swarmlab.report.Html.esc;
import static dev.swarmlab.report.RunCharts.nonNull;
import static dev.swarmlab.report.RunCharts.value;

import dev.swarmlab.report.Summary.PieceMap;
import dev.swarmlab.report.Summary.PieceSpread;
import dev.swarmlab.report.Svg.Frame;
import dev.swarmlab.report.Svg.Tick;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The report's two grids of pieces: who sent each piece to each leecher, and how many leechers held
 * each row of pieces over time. Both come bucketed from the model, so their size stays bounded
 * however many pieces the torrents have.
 */
final class PieceCharts {

  /** Shades of how many leechers hold a piece, from a few to all of them. */
  private static final String[] SHADES = {
    "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"
  };

  private PieceCharts() {}

  static String pieceMap(Summary s) {
    PieceMap map = s.pieceMap();
    int rows = map.rows().size();
    int columns =
        map.rows().values().stream().mapToInt(r -> r == null ? 0 : r.size()).max().orElse(0);
    String caption =
        "Who sent each piece<small>one row per leecher, pieces left to right ("
            + Math.max(1, map.piecesPerColumn())
            + " to a cell), coloured by the peer that sent most of their bytes; blank: not"
            + " received</small>";
    if (rows == 0 || columns == 0) {
      return Html.figure("piecemap", caption, Html.empty("No leecher has received a piece yet."));
    }
    double rowHeight = Math.max(2, Math.min(14, 320.0 / rows));
    boolean named = rowHeight >= 9;
    Frame f = new Frame(Svg.WIDTH, Svg.TOP + rows * rowHeight + Svg.BOTTOM, named ? 120 : Svg.LEFT);
    double cell = (f.right() - f.left()) / columns;
    double gap = rowHeight >= 6 ? 1 : 0;
    List<String> senders = map.senders();
    Map<String, String> colours = RunCharts.colours(s);
    IntFunction<String> colour =
        i -> i < senders.size() ? colours.get(senders.get(i)) : Svg.colour(colours.size() + i);
    StringBuilder b = Svg.open(f);
    List<Tick> labels = new ArrayList<>();
    int r = 0;
    for (Map.Entry<String, List<Integer>> row : map.rows().entrySet()) {
      double y = f.top() + r++ * rowHeight;
      int[] from = nonNull(row.getValue()).stream().mapToInt(v -> v == null ? -1 : v).toArray();
      b.append("<g class=\"series\" data-series=\"")
          .append(esc(row.getKey()))
          .append("\" shape-rendering=\"crispEdges\"><title>")
          .append(esc(row.getKey()))
          .append("</title>\n");
      Svg.cells(b, f.left(), cell, y, rowHeight - gap, from, colour);
      b.append("</g>\n");
      labels.add(new Tick(y + rowHeight / 2, shorten(row.getKey(), 18)));
    }
    if (named) {
      Svg.yLabels(b, f, labels);
    }
    int perColumn = Math.max(1, map.piecesPerColumn());
    int pieces = map.pieces() > 0 ? map.pieces() : columns * perColumn;
    List<Tick> ticks = new ArrayList<>();
    for (double p : Axis.count("", pieces).ticks()) {
      if (p <= pieces) {
        ticks.add(new Tick(f.left() + p / perColumn * cell, Html.num(p)));
      }
    }
    Svg.xTicks(b, f, ticks);
    Svg.axes(b, f, "pieces, all torrents in order", named ? "" : rows + " leechers");
    StringBuilder legend = new StringBuilder("<ul class=\"legend\">");
    for (int i = 0; i < senders.size(); i++) {
      legend.append(Svg.item(colour.apply(i), senders.get(i)));
    }
    legend.append(Svg.item("#fff", "not received")).append("</ul>\n");
    return Html.figure("piecemap", caption, b.append("</svg>\n") + legend.toString());
  }

  static String spread(Summary s) {
    PieceSpread spread = s.spread();
    List<List<Double>> holders = spread.holders();
    int columns = holders.size();
    int rows = holders.stream().mapToInt(h -> h == null ? 0 : h.size()).max().orElse(0);
    int leechers = spread.leechers();
    String caption =
        "How pieces spread<small>pieces top to bottom ("
            + Math.max(1, spread.piecesPerRow())
            + " to a row), time left to right; the darker, the more of the "
            + leechers
            + " leechers held them</small>";
    if (columns == 0 || rows == 0 || leechers <= 0) {
      return Html.figure("spread", caption, Html.empty("No leecher has received a piece yet."));
    }
    double rowHeight = Math.max(1, Math.min(12, 240.0 / rows));
    Frame f = new Frame(Svg.WIDTH, Svg.TOP + rows * rowHeight + Svg.BOTTOM, Svg.LEFT);
    double cell = (f.right() - f.left()) / columns;
    StringBuilder b = Svg.open(f);
    b.append("<g class=\"series\" data-series=\"holders\" shape-rendering=\"crispEdges\">\n");
    for (int r = 0; r < rows; r++) {
      int[] levels = new int[columns];
      for (int c = 0; c < columns; c++) {
        List<Double> column = nonNull(holders.get(c));
        double held = r < column.size() ? value(column.get(r)) : 0;
        levels[c] = held <= 0 ? -1 : (int) Math.min(8, Math.ceil(held / leechers * 8)) - 1;
      }
      Svg.cells(b, f.left(), cell, f.top() + r * rowHeight, rowHeight, levels, l -> SHADES[l]);
    }
    b.append("</g>\n");
    List<Tick> ticks = new ArrayList<>();
    int last = -1;
    for (int k = 0; k <= 6; k++) {
      int c = (int) Math.round(k * (columns - 1) / 6.0);
      if (c != last && c < spread.times().size()) {
        ticks.add(
            new Tick(
                f.left() + (c + 0.5) * cell,
                Html.seconds(Math.round(value(spread.times().get(c))))));
        last = c;
      }
    }
    Svg.xTicks(b, f, ticks);
    int perRow = Math.max(1, spread.piecesPerRow());
    Svg.yLabels(
        b,
        f,
        List.of(
            new Tick(f.top() + rowHeight / 2, "0"),
            new Tick(f.bottom() - rowHeight / 2, Integer.toString((rows - 1) * perRow))));
    Svg.axes(b, f, "seconds from the start", "pieces");
    StringBuilder legend = new StringBuilder("<ul class=\"legend\">");
    legend.append(Svg.item("#fff", "no leecher"));
    for (int l = 0; l < SHADES.length; l++) {
      legend.append(Svg.item(SHADES[l], "≤ " + Math.round((l + 1) * 100.0 / SHADES.length) + "%"));
    }
    legend.append("<li>of the leechers hold the pieces</li></ul>\n");
    return Html.figure("spread", caption, b.append("</svg>\n") + legend.toString());
  }

  private static String shorten(String name, int max) {
    String n = name == null ? "" : name;
    return n.length() <= max ? n : n.substring(0, max - 1) + "…";
  }
}
