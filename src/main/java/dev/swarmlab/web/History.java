package dev.swarmlab.web;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.plan.LabContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The swarm over time since the dashboard started, for its charts: one point per poll, at most
 * {@link #MAX_POINTS}; when full, every other point goes and points are kept half as often, so a
 * long run keeps its whole span at a coarser step.
 */
final class History {
  static final int MAX_POINTS = 600;

  private final List<Long> times = new ArrayList<>();
  private final List<Double> progress = new ArrayList<>();
  private final List<Long> fromSeeders = new ArrayList<>();
  private final List<Long> fromLeechers = new ArrayList<>();
  private final Map<String, List<Double>> leechers = new LinkedHashMap<>();
  private int every = 1;
  private long polls;

  /**
   * What a page is sent on opening.
   *
   * @param times epoch milliseconds of each point
   * @param progress the swarm's progress at each point
   * @param fromSeeders bytes leechers had kept from seeders by each point, all told
   * @param fromLeechers bytes leechers had kept from other leechers by each point
   * @param leechers each leecher's progress at each point (null before it was seen)
   */
  record Series(
      List<Long> times,
      List<Double> progress,
      List<Long> fromSeeders,
      List<Long> fromLeechers,
      Map<String, List<Double>> leechers) {}

  /** Bytes leechers of {@code s} have kept from seeders and from leechers, in that order. */
  static long[] sources(SwarmSnapshot s) {
    Map<String, String> roles = new HashMap<>();
    s.peers().forEach(p -> roles.put(p.name(), p.role()));
    long seeders = 0;
    long others = 0;
    for (PeerStatus p : s.peers()) {
      if (!p.role().equals(LabContract.LEECHER) || p.receivedFrom() == null) {
        continue;
      }
      for (var e : p.receivedFrom().entrySet()) {
        if (LabContract.SEEDER.equals(roles.get(e.getKey()))) {
          seeders += e.getValue();
        } else {
          others += e.getValue();
        }
      }
    }
    return new long[] {seeders, others};
  }

  synchronized void add(long time, SwarmSnapshot s) {
    if (polls++ % every != 0) {
      return;
    }
    long[] from = sources(s);
    int at = times.size();
    times.add(time);
    progress.add(round(s.summary().progress()));
    fromSeeders.add(from[0]);
    fromLeechers.add(from[1]);
    for (PeerStatus p : s.peers()) {
      if (p.role().equals(LabContract.LEECHER)) {
        List<Double> series = leechers.computeIfAbsent(p.name(), n -> new ArrayList<>());
        while (series.size() < at) {
          series.add(null);
        }
        series.add(p.state().equals("running") ? round(p.progress()) : null);
      }
    }
    for (List<Double> series : leechers.values()) {
      while (series.size() < times.size()) {
        series.add(null);
      }
    }
    if (times.size() > MAX_POINTS) {
      halve(times);
      halve(progress);
      halve(fromSeeders);
      halve(fromLeechers);
      leechers.values().forEach(History::halve);
      every *= 2;
    }
  }

  synchronized Series series() {
    Map<String, List<Double>> copy = new LinkedHashMap<>();
    leechers.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
    return new Series(
        List.copyOf(times),
        List.copyOf(progress),
        List.copyOf(fromSeeders),
        List.copyOf(fromLeechers),
        copy);
  }

  /** Keeps the points at even indexes, and the last. */
  private static <T> void halve(List<T> points) {
    T last = points.get(points.size() - 1);
    List<T> kept = new ArrayList<>();
    for (int i = 0; i < points.size(); i += 2) {
      kept.add(points.get(i));
    }
    if (points.size() % 2 == 0) {
      kept.add(last);
    }
    points.clear();
    points.addAll(kept);
  }

  private static Double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
