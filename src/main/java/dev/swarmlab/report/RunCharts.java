package dev.swarmlab.report;

import dev.swarmlab.report.Summary.Peer;
import dev.swarmlab.report.Summary.Timeline;
import dev.swarmlab.report.Svg.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report's charts over time (swarm progress, leecher completion, each leecher's progress,
 * upload) and the curves that compare runs, drawn from {@link Summary}s that {@link HtmlReport} has
 * filled in (no null lists or parts). Every time axis of one run spans the same seconds, so its
 * charts line up one above the other; what was done to the lab during the run ({@link
 * Summary#marks}) is marked across each, numbered as in the page's list of it.
 */
final class RunCharts {

  static final String SEEDERS = Svg.colour(1);
  static final String LEECHERS = Svg.colour(0);

  private RunCharts() {}

  /** The seconds every time axis of the run spans: its duration, or more if its data goes on. */
  static double span(Summary s) {
    double span = Math.max(1, s.duration());
    for (Long t : s.timeline().times()) {
      span = Math.max(span, t == null ? 0 : t);
    }
    for (Peer p : s.peers()) {
      span = Math.max(span, p.completedAt() == null ? 0 : p.completedAt());
    }
    for (Summary.Mark m : s.marks()) {
      span = Math.max(span, m.at());
    }
    return span;
  }

  /** The run's marks as a time chart draws them: numbered from 1, with time and label on hover. */
  static List<Svg.Mark> marks(Summary s) {
    List<Svg.Mark> out = new ArrayList<>();
    for (Summary.Mark m : s.marks()) {
      out.add(
          new Svg.Mark(
              m.at(), Integer.toString(out.size() + 1), Html.seconds(m.at()) + ": " + m.label()));
    }
    return out;
  }

  /**
   * One colour per peer, the same in every chart of the run: by the order of its peers (seeders
   * first), then senders and leechers that no peer record names.
   */
  static Map<String, String> colours(Summary s) {
    Map<String, String> colours = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    s.peers().forEach(p -> names.add(p.name()));
    names.addAll(s.pieceMap().senders());
    names.addAll(s.timeline().leecherProgress().keySet());
    for (String name : names) {
      colours.computeIfAbsent(name, n -> Svg.colour(colours.size()));
    }
    return colours;
  }

  static String progress(Summary s) {
    Series series = progressSeries(s, "swarm", LEECHERS);
    String caption =
        "Swarm progress<small>share of the bytes all leechers needed (payload × leechers)"
            + " received by the end of each "
            + Html.seconds(s.timeline().step())
            + " step"
            + (s.marks().isEmpty()
                ? ""
                : "; dashed lines: what was done to the lab, numbered as in the list below")
            + "</small>";
    if (series == null) {
      return Html.figure("progress", caption, Html.empty("No blocks logged yet."));
    }
    return Html.figure(
        "progress",
        caption,
        Svg.plot(Axis.seconds(span(s)), Axis.share("received"), List.of(series), marks(s)));
  }

  static String cdf(Summary s) {
    Series series = cdfSeries(s, "leechers complete", LEECHERS, span(s));
    String caption =
        "Leecher completion<small>share of the plan's "
            + s.totals().leechers()
            + " leechers that had every torrent whole, by time; where the curve ends below 100%,"
            + " some never finished</small>";
    if (series == null) {
      return Html.figure("cdf", caption, Html.empty("The plan has no leechers."));
    }
    return Html.figure(
        "cdf",
        caption,
        Svg.plot(
            Axis.seconds(span(s)), Axis.share("leechers complete"), List.of(series), marks(s)));
  }

  static String leechers(Summary s) {
    Timeline t = s.timeline();
    Map<String, String> colours = colours(s);
    List<Series> series = new ArrayList<>();
    for (Map.Entry<String, List<Double>> e : t.leecherProgress().entrySet()) {
      series.add(curve(e.getKey(), colours.get(e.getKey()), t.times(), nonNull(e.getValue())));
    }
    String caption =
        "Each leecher's progress<small>share of the payload each leecher had"
            + (series.size() > Svg.LEGEND_MAX ? "; point at a line for its name" : "")
            + "</small>";
    if (series.isEmpty()) {
      return Html.figure("leechers", caption, Html.empty("No leecher has logged a block yet."));
    }
    String legend = series.size() <= Svg.LEGEND_MAX ? Svg.legend(series) : "";
    return Html.figure(
        "leechers",
        caption,
        Svg.plot(Axis.seconds(span(s)), Axis.share("of the payload"), series, marks(s)) + legend);
  }

  static String upload(Summary s) {
    Timeline t = s.timeline();
    int n = Math.min(t.times().size(), Math.min(t.seederUpload().size(), t.leecherUpload().size()));
    String caption =
        "Upload: seeders and leechers<small>bytes per second that leechers kept, by who sent them,"
            + " stacked: seeders below, other leechers above</small>";
    if (n == 0) {
      return Html.figure("upload", caption, Html.empty("No blocks logged yet."));
    }
    double step = Math.max(1, t.step());
    double[] xs = new double[2 * n];
    double[] zero = new double[2 * n];
    double[] seeders = new double[2 * n];
    double[] all = new double[2 * n];
    double max = 0;
    for (int i = 0; i < n; i++) {
      double end = value(t.times().get(i));
      double fromSeeders = value(t.seederUpload().get(i)) / step;
      double fromLeechers = value(t.leecherUpload().get(i)) / step;
      xs[2 * i] = Math.max(0, end - step);
      xs[2 * i + 1] = end;
      seeders[2 * i] = seeders[2 * i + 1] = fromSeeders;
      all[2 * i] = all[2 * i + 1] = fromSeeders + fromLeechers;
      max = Math.max(max, fromSeeders + fromLeechers);
    }
    List<Series> series =
        List.of(
            new Series("seeders", SEEDERS, xs, seeders, zero),
            new Series("leechers", LEECHERS, xs, all, seeders));
    return Html.figure(
        "upload",
        caption,
        Svg.plot(Axis.seconds(span(s)), Axis.bytesPerSecond(max), series, marks(s))
            + Svg.legend(series));
  }

  /** Runs' completion curves, one series per run. */
  static String compareCdf(List<Summary> runs) {
    double span = runs.stream().mapToDouble(RunCharts::span).max().orElse(1);
    List<Series> series = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Series one = cdfSeries(runs.get(i), runs.get(i).run(), Svg.colour(i), span);
      if (one != null) {
        series.add(one);
      }
    }
    String caption =
        "Leecher completion<small>share of each run's leechers that had every torrent whole,"
            + " by seconds from the run's start</small>";
    return compared("compare-cdf", caption, series, span, Axis.share("leechers complete"));
  }

  /** Runs' swarm progress, one series per run. */
  static String compareProgress(List<Summary> runs) {
    double span = runs.stream().mapToDouble(RunCharts::span).max().orElse(1);
    List<Series> series = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Series one = progressSeries(runs.get(i), runs.get(i).run(), Svg.colour(i));
      if (one != null) {
        series.add(one);
      }
    }
    String caption =
        "Swarm progress<small>share of the bytes each run's leechers needed, received</small>";
    return compared("compare-progress", caption, series, span, Axis.share("received"));
  }

  private static String compared(
      String id, String caption, List<Series> series, double span, Axis y) {
    if (series.isEmpty()) {
      return Html.figure(id, caption, Html.empty("No run has data to draw."));
    }
    return Html.figure(id, caption, Svg.plot(Axis.seconds(span), y, series) + Svg.legend(series));
  }

  /** The run's swarm progress; null when it has no time yet. */
  private static Series progressSeries(Summary s, String name, String colour) {
    Timeline t = s.timeline();
    if (t.times().isEmpty() || t.swarmProgress().isEmpty()) {
      return null;
    }
    return curve(name, colour, t.times(), t.swarmProgress());
  }

  /**
   * The share of the plan's leechers complete by each second, a step up at each completion; null
   * when the run has no leechers.
   */
  private static Series cdfSeries(Summary s, String name, String colour, double span) {
    List<Long> done =
        s.peers().stream()
            .filter(p -> "leecher".equals(p.role()))
            .map(Peer::completedAt)
            .filter(Objects::nonNull)
            .sorted()
            .toList();
    int leechers = Math.max(s.totals().leechers(), done.size());
    if (leechers == 0) {
      return null;
    }
    double[] xs = new double[2 * done.size() + 2];
    double[] ys = new double[xs.length];
    for (int k = 0; k < done.size(); k++) {
      xs[2 * k + 1] = xs[2 * k + 2] = done.get(k);
      ys[2 * k + 1] = (double) k / leechers;
      ys[2 * k + 2] = (double) (k + 1) / leechers;
    }
    xs[xs.length - 1] = Math.max(span, xs[xs.length - 2]);
    ys[ys.length - 1] = (double) done.size() / leechers;
    return Series.line(name, colour, xs, ys);
  }

  /** A share over time, from 0 at the start to each bucket's end. */
  private static Series curve(String name, String colour, List<Long> times, List<Double> shares) {
    int n = Math.min(times.size(), shares.size());
    boolean fromZero = n == 0 || value(times.get(0)) > 0;
    int offset = fromZero ? 1 : 0;
    double[] xs = new double[n + offset];
    double[] ys = new double[n + offset];
    for (int i = 0; i < n; i++) {
      xs[i + offset] = value(times.get(i));
      ys[i + offset] = Math.max(0, Math.min(1, value(shares.get(i))));
    }
    return Series.line(name, colour, xs, ys);
  }

  static double value(Number n) {
    return n == null || !Double.isFinite(n.doubleValue()) ? 0 : n.doubleValue();
  }

  static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
