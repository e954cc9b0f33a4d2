package dev.swarmlab.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A value axis of a chart from 0 to {@code max}, ticked every {@code step} at round values, each
 * tick labelled by {@code label}.
 */
record Axis(String title, double max, double step, DoubleFunction<String> label) {

  /** Seconds from the start, ticked at round seconds, minutes or hours. */
  static Axis seconds(double max) {
    double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400};
    double top = Math.max(max, 1);
    double step = niceStep(top, 5);
    for (double s : steps) {
      if (s >= top / 6) {
        step = s;
        break;
      }
    }
    return new Axis(
        "seconds from the start", roundUp(top, step), step, v -> Html.seconds(Math.round(v)));
  }

  /** A share from 0 to 100%. */
  static Axis share(String title) {
    return new Axis(title, 1, 0.25, v -> Math.round(v * 100) + "%");
  }

  /** A rate in bytes per second, ticked in round KiB/s, MiB/s, ... */
  static Axis bytesPerSecond(double max) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double top = max > 0 ? max : 1;
    int u = 0;
    while (top / Math.pow(1024, u) >= 1024 && u < units.length - 1) {
      u++;
    }
    double unit = Math.pow(1024, u);
    double step = niceStep(top / unit, 4) * unit;
    String name = units[u];
    return new Axis(
        "bytes per second", roundUp(top, step), step, v -> plain(v / unit) + " " + name + "/s");
  }

  /** A count, ticked at 1, 2 or 5 times a power of ten. */
  static Axis count(String title, double max) {
    double top = Math.max(max, 1);
    double step = Math.max(1, niceStep(top, 5));
    return new Axis(title, roundUp(top, step), step, v -> plain(v));
  }

  /** The values to tick: 0, step, 2 × step, ... up to max. */
  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    for (int i = 0; i * step <= max * (1 + 1e-9); i++) {
      ticks.add(i * step);
    }
    return ticks;
  }

  private static double niceStep(double max, int ticks) {
    double raw = max / ticks;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5}) {
      if (m * magnitude >= raw) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static double roundUp(double max, double step) {
    return Math.max(step, Math.ceil(max / step - 1e-9) * step);
  }

  private static String plain(double v) {
    return new BigDecimal(v).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
