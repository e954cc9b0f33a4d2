package dev.swarmlab.report;

import static dev.swarmlab.report.Html.esc;
import static dev.swarmlab.report.Html.num;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The report's charts, drawn by hand as inline SVG: axes with a few ticks, lines and filled areas,
 * rows of coloured cells, and a legend. Each data series is one element of class {@code series}
 * named by {@code data-series}, so a reader (or a test) can count them.
 */
final class Svg {

  static final double WIDTH = 760;
  static final double HEIGHT = 250;
  static final double LEFT = 70;
  static final double RIGHT = 16;
  static final double TOP = 10;
  static final double BOTTOM = 38;

  private static final String[] PALETTE = {
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1",
    "#edc948", "#9c755f", "#ff9da7", "#2f4b7c", "#8cd17d", "#bab0ac"
  };

  /** How many series a legend names; past that each series has only its tooltip. */
  static final int LEGEND_MAX = PALETTE.length;

  private Svg() {}

  /** The i-th series' colour: a palette first, then hues spread by the golden angle. */
  static String colour(int i) {
    if (i < PALETTE.length) {
      return PALETTE[i];
    }
    return "hsl(" + Math.round(i * 137.508 % 360) + ",55%,46%)";
  }

  /**
   * One series: the points {@code (xs[i], ys[i])}; drawn as a line, or as an area down to {@code
   * base} (same length as ys) when base is not null.
   */
  record Series(String name, String colour, double[] xs, double[] ys, double[] base) {
    static Series line(String name, String colour, double[] xs, double[] ys) {
      return new Series(name, colour, xs, ys, null);
    }
  }

  /**
   * A moment marked across a plot: a thin vertical line at {@code at} on the x axis, with a short
   * {@code tag} above (its number in a list elsewhere) and {@code title} as its tooltip.
   */
  record Mark(double at, String tag, String title) {}

  /** How many rows the tags of marks close together are spread over. */
  private static final int MARK_ROWS = 4;

  /** Marks closer than this (pixels) share one tag, {@code 3–7}. */
  private static final double MARK_NEAR = 8;

  /** A chart of lines or areas over two value axes. */
  static String plot(Axis x, Axis y, List<Series> series) {
    return plot(x, y, series, List.of());
  }

  /** A chart of lines or areas over two value axes, with {@code marks} drawn across it. */
  static String plot(Axis x, Axis y, List<Series> series, List<Mark> marks) {
    Frame f = new Frame(WIDTH, HEIGHT, LEFT);
    StringBuilder b = open(f);
    for (double v : y.ticks()) {
      double py = f.y(v / y.max());
      b.append(line("gridline", f.left(), py, f.right(), py));
      b.append(text(f.left() - 6, py + 4, "end", y.label().apply(v)));
    }
    for (double v : x.ticks()) {
      double px = f.x(v / x.max());
      b.append(line("axis", px, f.bottom(), px, f.bottom() + 4));
      b.append(text(px, f.bottom() + 16, "middle", x.label().apply(v)));
    }
    axes(b, f, x.title(), y.title());
    for (Series s : series) {
      int n = Math.min(s.xs().length, s.ys().length);
      List<String> top = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        top.add(num(f.x(s.xs()[i] / x.max())) + "," + num(f.y(s.ys()[i] / y.max())));
      }
      if (s.base() == null) {
        b.append("<polyline class=\"series\" data-series=\"")
            .append(esc(s.name()))
            .append("\" fill=\"none\" stroke=\"")
            .append(s.colour())
            .append("\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"")
            .append(" points=\"")
            .append(String.join(" ", simplify(top)))
            .append("\">");
      } else {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < n; i++) {
          d.append(i == 0 ? "M" : "L").append(top.get(i));
        }
        for (int i = n - 1; i >= 0; i--) {
          d.append('L')
              .append(num(f.x(s.xs()[i] / x.max())))
              .append(',')
              .append(num(f.y(s.base()[i] / y.max())));
        }
        b.append("<path class=\"series\" data-series=\"")
            .append(esc(s.name()))
            .append("\" fill=\"")
            .append(s.colour())
            .append("\" fill-opacity=\"0.75\" stroke=\"")
            .append(s.colour())
            .append("\" stroke-width=\"1\" d=\"")
            .append(n == 0 ? "" : d.append('Z'))
            .append("\">");
      }
      b.append("<title>").append(esc(s.name())).append("</title>");
      b.append(s.base() == null ? "</polyline>\n" : "</path>\n");
    }
    if (!marks.isEmpty()) {
      marks(b, f, x, marks);
    }
    return b.append("</svg>\n").toString();
  }

  /**
   * {@code marks}, in order of time: a dashed line each from the top of the plot to its bottom (at
   * its edge if the mark is off the axis), and tags along the top; marks too close to tell apart
   * share one tag ({@code 3–7}), and tags that would overlap go one row lower, so that twenty marks
   * within a few seconds stay readable.
   */
  private static void marks(StringBuilder b, Frame f, Axis x, List<Mark> marks) {
    b.append("<g class=\"marks\">\n");
    double[] px = new double[marks.size()];
    for (int i = 0; i < marks.size(); i++) {
      Mark m = marks.get(i);
      px[i] = f.x(Math.max(0, Math.min(1, m.at() / x.max())));
      b.append("<line class=\"mark\" x1=\"")
          .append(num(px[i]))
          .append("\" y1=\"")
          .append(num(f.top()))
          .append("\" x2=\"")
          .append(num(px[i]))
          .append("\" y2=\"")
          .append(num(f.bottom()))
          .append("\"><title>")
          .append(esc(m.title()))
          .append("</title></line>\n");
    }
    double[] rowEnds = new double[MARK_ROWS];
    Arrays.fill(rowEnds, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < marks.size(); ) {
      int j = i + 1;
      while (j < marks.size() && px[j] - px[i] < MARK_NEAR) {
        j++;
      }
      String tag = marks.get(i).tag() + (j - i > 1 ? "–" + marks.get(j - 1).tag() : "");
      double width = 6.5 * tag.length() + 4;
      boolean left = px[i] + 2 + width > f.right();
      double from = left ? px[i] - 2 - width : px[i] + 2;
      int row = 0;
      for (int r = 0; r < MARK_ROWS; r++) {
        if (rowEnds[r] < from) {
          row = r;
          break;
        }
        if (rowEnds[r] < rowEnds[row]) {
          row = r;
        }
      }
      rowEnds[row] = from + width;
      b.append("<text class=\"marktag\" x=\"")
          .append(num(left ? px[i] - 2 : px[i] + 2))
          .append("\" y=\"")
          .append(num(f.top() + 10 + row * 11))
          .append("\" text-anchor=\"")
          .append(left ? "end" : "start")
          .append("\">")
          .append(esc(tag))
          .append("</text>\n");
      i = j;
    }
    b.append("</g>\n");
  }

  /** A legend naming each series by its colour, as HTML under the chart. */
  static String legend(List<Series> series) {
    StringBuilder b = new StringBuilder("<ul class=\"legend\">");
    for (Series s : series) {
      b.append(item(s.colour(), s.name()));
    }
    return b.append("</ul>\n").toString();
  }

  /** One entry of a legend. */
  static String item(String colour, String name) {
    return "<li><i style=\"background:" + colour + "\"></i>" + esc(name) + "</li>";
  }

  /** A grid's frame: its size, and the width left of the plot for the rows' labels. */
  record Frame(double width, double height, double left) {
    double right() {
      return width - RIGHT;
    }

    double top() {
      return TOP;
    }

    double bottom() {
      return height - BOTTOM;
    }

    /** The x of a fraction {@code 0..1} of the plot's width. */
    double x(double fraction) {
      return left + fraction * (right() - left);
    }

    /** The y of a fraction {@code 0..1} of the plot's height, 0 at the bottom. */
    double y(double fraction) {
      return bottom() - fraction * (bottom() - top());
    }
  }

  /** A tick of a grid's axis: where it is in the picture and what it says. */
  record Tick(double at, String label) {}

  /** An {@code <svg>} for {@code f}, left open for its content. */
  static StringBuilder open(Frame f) {
    return new StringBuilder(4096)
        .append("<svg viewBox=\"0 0 ")
        .append(num(f.width()))
        .append(' ')
        .append(num(f.height()))
        .append("\" role=\"img\">\n");
  }

  /** Axis lines along the left and the bottom of the plot, and their titles. */
  static void axes(StringBuilder b, Frame f, String xTitle, String yTitle) {
    b.append(line("axis", f.left(), f.top(), f.left(), f.bottom()));
    b.append(line("axis", f.left(), f.bottom(), f.right(), f.bottom()));
    b.append("<text class=\"title\" x=\"")
        .append(num((f.left() + f.right()) / 2))
        .append("\" y=\"")
        .append(num(f.height() - 4))
        .append("\" text-anchor=\"middle\">")
        .append(esc(xTitle))
        .append("</text>\n");
    double cy = (f.top() + f.bottom()) / 2;
    b.append("<text class=\"title\" transform=\"translate(12 ")
        .append(num(cy))
        .append(") rotate(-90)\" text-anchor=\"middle\">")
        .append(esc(yTitle))
        .append("</text>\n");
  }

  /** Ticks under the plot at the given places. */
  static void xTicks(StringBuilder b, Frame f, List<Tick> ticks) {
    for (Tick t : ticks) {
      b.append(line("axis", t.at(), f.bottom(), t.at(), f.bottom() + 4));
      b.append(text(t.at(), f.bottom() + 16, "middle", t.label()));
    }
  }

  /** Labels left of the plot at the given heights. */
  static void yLabels(StringBuilder b, Frame f, List<Tick> ticks) {
    for (Tick t : ticks) {
      b.append(text(f.left() - 6, t.at() + 3.5, "end", t.label()));
    }
  }

  /**
   * One row of cells from {@code x0}, each {@code cellWidth} wide and {@code height} high at {@code
   * y}: cell i in the colour of {@code values[i]}, blank where it is negative. Runs of one colour
   * are one stroke, and all strokes of a colour one path, which keeps big grids small.
   */
  static void cells(
      StringBuilder b,
      double x0,
      double cellWidth,
      double y,
      double height,
      int[] values,
      IntFunction<String> colour) {
    Map<Integer, StringBuilder> paths = new TreeMap<>();
    String mid = num(y + height / 2);
    for (int i = 0; i < values.length; ) {
      int v = values[i];
      int j = i + 1;
      while (j < values.length && values[j] == v) {
        j++;
      }
      if (v >= 0) {
        paths
            .computeIfAbsent(v, k -> new StringBuilder())
            .append('M')
            .append(num(x0 + i * cellWidth))
            .append(' ')
            .append(mid)
            .append('h')
            .append(num((j - i) * cellWidth));
      }
      i = j;
    }
    paths.forEach(
        (v, d) ->
            b.append("<path stroke=\"")
                .append(colour.apply(v))
                .append("\" stroke-width=\"")
                .append(num(height))
                .append("\" d=\"")
                .append(d)
                .append("\"/>\n"));
  }

  static String text(double x, double y, String anchor, String text) {
    return "<text x=\""
        + num(x)
        + "\" y=\""
        + num(y)
        + "\" text-anchor=\""
        + anchor
        + "\">"
        + esc(text)
        + "</text>\n";
  }

  private static String line(String cls, double x1, double y1, double x2, double y2) {
    return "<line class=\""
        + cls
        + "\" x1=\""
        + num(x1)
        + "\" y1=\""
        + num(y1)
        + "\" x2=\""
        + num(x2)
        + "\" y2=\""
        + num(y2)
        + "\"/>\n";
  }

  /** The points without repeats, and without the inner points of a flat stretch. */
  private static List<String> simplify(List<String> points) {
    List<String> kept = new ArrayList<>();
    for (String p : points) {
      int n = kept.size();
      if (n >= 1 && kept.get(n - 1).equals(p)) {
        continue;
      }
      if (n >= 2 && yOf(p).equals(yOf(kept.get(n - 1))) && yOf(p).equals(yOf(kept.get(n - 2)))) {
        kept.set(n - 1, p);
      } else {
        kept.add(p);
      }
    }
    return kept;
  }

  private static String yOf(String point) {
    return point.substring(point.indexOf(',') + 1);
  }
}
