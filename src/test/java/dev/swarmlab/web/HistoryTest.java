package dev.swarmlab.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The swarm over time, for the dashboard's charts. */
class HistoryTest {

  private static PeerStatus peer(
      String name, String role, String state, double progress, Map<String, Long> from) {
    PeerStatus p =
        new PeerStatus(name, role, state, progress, 0, 0, 0, 0, 0, false, null, null, null);
    return from == null ? p : p.withReceivedFrom(from);
  }

  private static PeerStatus leecher(String name, double progress) {
    return peer(name, "leecher", "running", progress, null);
  }

  private static PeerStatus seeder(String name) {
    return peer(name, "seeder", "running", 1.0, null);
  }

  private static SwarmSnapshot snapshot(double progress, PeerStatus... peers) {
    return new SwarmSnapshot(
        "demo", List.of(peers), new SwarmSnapshot.Summary(0, 0, progress, 0, 0, null));
  }

  private static List<Double> doubles(Double... values) {
    return Arrays.asList(values); // with nulls
  }

  @Test
  void aPointForEachPoll() {
    History h = new History();
    h.add(1000, snapshot(0.1, seeder("seeder-1"), leecher("leecher-1", 0.1)));
    h.add(2000, snapshot(0.25, seeder("seeder-1"), leecher("leecher-1", 0.25)));
    h.add(3000, snapshot(0.123456, seeder("seeder-1"), leecher("leecher-1", 0.123456)));

    History.Series s = h.series();
    assertEquals(List.of(1000L, 2000L, 3000L), s.times());
    assertEquals(List.of(0.1, 0.25, 0.1235), s.progress(), "rounded to 4 places");
    assertEquals(List.of(0L, 0L, 0L), s.fromSeeders());
    assertEquals(List.of(0L, 0L, 0L), s.fromLeechers());
    assertEquals(Map.of("leecher-1", List.of(0.1, 0.25, 0.1235)), s.leechers());
  }

  @Test
  void aLeecherFirstSeenLaterHasNothingBeforeAndOneGoneHasNothingAfter() {
    History h = new History();
    h.add(1, snapshot(0, seeder("seeder-1"), leecher("leecher-1", 0.1)));
    h.add(2, snapshot(0, leecher("leecher-1", 0.2), leecher("leecher-2", 0.5)));
    h.add(
        3,
        snapshot(0, peer("leecher-1", "leecher", "exited", 0.2, null), leecher("leecher-2", 0.6)));
    h.add(4, snapshot(0, leecher("leecher-2", 0.7)));
    h.add(
        5,
        snapshot(
            0,
            peer("leecher-1", "leecher", "unreachable", 0, null),
            leecher("leecher-2", 0.8),
            leecher("leecher-3", 0.0)));

    Map<String, List<Double>> l = h.series().leechers();
    assertEquals(List.of("leecher-1", "leecher-2", "leecher-3"), List.copyOf(l.keySet()));
    assertEquals(doubles(0.1, 0.2, null, null, null), l.get("leecher-1"));
    assertEquals(doubles(null, 0.5, 0.6, 0.7, 0.8), l.get("leecher-2"));
    assertEquals(doubles(null, null, null, null, 0.0), l.get("leecher-3"));
    assertEquals(5, h.series().times().size());
  }

  @Test
  void sourcesSplitsBytesKeptByTheSendersRoleInTheSnapshot() {
    Map<String, Long> one = new HashMap<>();
    one.put("seeder-1", 100L);
    one.put("leecher-2", 30L);
    one.put("peer 00ff00ff", 7L); // a sender no peer file names
    one.put("seeder-2", 5L); // named like a seeder, but not one in this snapshot
    one.put("origin", 1000L); // not named like one, but a seeder in this snapshot
    SwarmSnapshot s =
        snapshot(
            0,
            peer("seeder-1", "seeder", "running", 1, Map.of("leecher-1", 1_000_000L)),
            peer("origin", "seeder", "exited", 1, null),
            peer("leecher-1", "leecher", "running", 0.5, one),
            peer("leecher-2", "leecher", "exited", 0.5, Map.of("seeder-1", 50L, "leecher-1", 20L)),
            leecher("leecher-3", 0));

    assertArrayEquals(new long[] {1150, 62}, History.sources(s));

    History h = new History();
    h.add(1, s);
    assertEquals(List.of(1150L), h.series().fromSeeders());
    assertEquals(List.of(62L), h.series().fromLeechers());
  }

  @Test
  void aSwarmWithoutLeechersKeptNothing() {
    assertArrayEquals(
        new long[] {0, 0},
        History.sources(
            snapshot(1, peer("seeder-1", "seeder", "running", 1, Map.of("seeder-2", 9L)))));
  }

  /** A poll at {@code t} whose every figure is {@code t}, to see the series stay in step. */
  private static SwarmSnapshot at(long t) {
    double progress = t / 100_000.0;
    return snapshot(
        progress,
        seeder("seeder-1"),
        peer(
            "leecher-1", "leecher", "running", progress, Map.of("seeder-1", t, "leecher-2", 2 * t)),
        peer("leecher-2", "leecher", "running", progress, null));
  }

  @Test
  void aLongRunIsThinnedKeepingItsFirstAndLatestPoints() {
    History h = new History();
    for (long t = 0; t < History.MAX_POINTS; t++) {
      h.add(t, at(t));
    }
    assertEquals(History.MAX_POINTS, h.series().times().size(), "nothing thinned yet");

    h.add(History.MAX_POINTS, at(History.MAX_POINTS)); // one point too many
    List<Long> times = h.series().times();
    assertTrue(times.size() <= History.MAX_POINTS + 1, "" + times.size());
    assertTrue(times.size() < History.MAX_POINTS, "thinned: " + times.size());
    assertEquals(0L, times.get(0), "the first point stays");
    assertEquals((long) History.MAX_POINTS, times.get(times.size() - 1), "the latest stays");
    assertEquals(2L, times.get(1) - times.get(0), "every other point");

    // from now on every other poll is kept
    int size = times.size();
    h.add(History.MAX_POINTS + 1, at(History.MAX_POINTS + 1));
    assertEquals(size, h.series().times().size(), "this poll is passed over");
    h.add(History.MAX_POINTS + 2, at(History.MAX_POINTS + 2));
    assertEquals(size + 1, h.series().times().size());
    assertEquals(
        History.MAX_POINTS + 2L, h.series().times().get(size), "and this one is the latest");
  }

  @Test
  void aVeryLongRunStaysBoundedAndEvenlySpacedWithItsSeriesInStep() {
    History h = new History();
    int polls = 20 * History.MAX_POINTS;
    long lastKept = -1;
    for (long t = 0; t < polls; t++) {
      h.add(t, at(t));
      History.Series s = h.series();
      assertTrue(s.times().size() <= History.MAX_POINTS + 1, "at " + t + ": " + s.times().size());
      long latest = s.times().get(s.times().size() - 1);
      assertTrue(latest >= lastKept, "the latest point never goes back");
      lastKept = latest;
    }

    History.Series s = h.series();
    List<Long> times = s.times();
    assertEquals(0L, times.get(0), "the whole span is kept");
    long step = times.get(1) - times.get(0);
    assertTrue(step >= 16, "kept ever less often: every " + step + " polls");
    for (int i = 1; i < times.size(); i++) {
      assertEquals(step, times.get(i) - times.get(i - 1), "evenly spaced at " + i);
    }
    assertTrue(polls - 1 - times.get(times.size() - 1) < step, "the latest is at most a step old");
    assertTrue(times.size() > History.MAX_POINTS / 2, "not thinned more than needed");

    // each series' point is of the same poll as its time
    int n = times.size();
    assertEquals(n, s.progress().size());
    assertEquals(n, s.fromSeeders().size());
    assertEquals(n, s.fromLeechers().size());
    for (int i = 0; i < n; i++) {
      long t = times.get(i);
      double progress = Math.round(t / 100_000.0 * 10000) / 10000.0;
      assertEquals(progress, s.progress().get(i), "progress at " + t);
      assertEquals(t, s.fromSeeders().get(i), "from seeders at " + t);
      assertEquals(2 * t, s.fromLeechers().get(i), "from leechers at " + t);
      for (String leecher : List.of("leecher-1", "leecher-2")) {
        assertEquals(n, s.leechers().get(leecher).size());
        assertEquals(progress, s.leechers().get(leecher).get(i), leecher + " at " + t);
      }
    }
  }

  @Test
  void aSeriesIsACopyThatLaterPollsLeaveAlone() {
    History h = new History();
    h.add(1, snapshot(0.1, leecher("leecher-1", 0.1)));
    History.Series before = h.series();

    h.add(2, snapshot(0.2, leecher("leecher-1", 0.2)));

    assertEquals(List.of(1L), before.times());
    assertEquals(List.of(0.1), before.leechers().get("leecher-1"));
    assertEquals(List.of(0.1, 0.2), h.series().leechers().get("leecher-1"));
  }
}
