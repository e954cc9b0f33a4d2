package dev.swarmlab.web;

import static dev.swarmlab.report.SyntheticRun.A1;
import static dev.swarmlab.report.SyntheticRun.A2;
import static dev.swarmlab.report.SyntheticRun.BLOCK;
import static dev.swarmlab.report.SyntheticRun.H1;
import static dev.swarmlab.report.SyntheticRun.H2;
import static dev.swarmlab.report.SyntheticRun.L2;
import static dev.swarmlab.report.SyntheticRun.LAST2;
import static dev.swarmlab.report.SyntheticRun.S1;
import static dev.swarmlab.report.SyntheticRun.S2;
import static dev.swarmlab.report.SyntheticRun.SEEDER;
import static dev.swarmlab.report.SyntheticRun.SIZE1;
import static dev.swarmlab.report.SyntheticRun.SIZE2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmlab.monitor.Provenance;
import dev.swarmlab.report.Reports;
import dev.swarmlab.report.RunReplay;
import dev.swarmlab.report.Summary;
import dev.swarmlab.report.SyntheticRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded run replayed in the live page's shapes, checked second by second against the blocks of
 * {@link SyntheticRun#standard}, worked out by hand:
 *
 * <pre>
 *   bytes kept at each second    3      4      5      6      7      8      9
 *   leecher-2 (started at 1)  32768  32768  32768  32768  16384   4464      0
 *   leecher-10 (started at 2) 32768  32768  65536   4464      0      0  16384
 * </pre>
 *
 * (16 KiB blocks; 4464 is the last block of the second torrent).
 */
class ReplayTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PAYLOAD = SIZE1 + SIZE2; // 151920
  private static final String H1L = H1.toLowerCase();
  private static final String H2L = H2.toLowerCase();

  /** Each leecher's bytes by the end of second t, t = 0..9, summed from the table above. */
  private static final long[] LEECHER2 = {
    0, 0, 0, 32768, 65536, 98304, 131072, 147456, 151920, 151920
  };

  private static final long[] LEECHER10 = {
    0, 0, 0, 32768, 65536, 131072, 135536, 135536, 135536, 151920
  };

  @TempDir Path tmp;
  private SyntheticRun run;

  @BeforeEach
  void standard() {
    run = SyntheticRun.standard(tmp);
  }

  private Replay replay() {
    return new Replay(RunReplay.load(run.record), Reports.summary(run.record));
  }

  private static JsonNode frame(Replay r, long t) throws Exception {
    return JSON.readTree(r.frame(t));
  }

  /** The peer named {@code name} in {@code frame}'s snapshot. */
  private static JsonNode peer(JsonNode frame, String name) {
    for (JsonNode p : frame.get("snapshot").get("peers")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no peer " + name + " in " + frame);
  }

  private static List<String> names(JsonNode frame) {
    List<String> out = new ArrayList<>();
    frame.get("snapshot").get("peers").forEach(p -> out.add(p.get("name").asText()));
    return out;
  }

  /** The piece map rows of {@code name} in {@code frame}: one string per torrent, by name. */
  private static List<String> pieces(JsonNode frame, String name) {
    JsonNode rows = frame.get("pieces").get("peers").get(name);
    if (rows == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.asText()));
    return out;
  }

  private static Map<String, Long> receivedFrom(JsonNode peer) {
    Map<String, Long> out = new LinkedHashMap<>();
    peer.get("receivedFrom")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  @Test
  void eachLeecherHasExactlyTheBytesItKeptBySecondT() throws Exception {
    Replay r = replay();
    for (int t = 0; t <= 9; t++) {
      JsonNode f = frame(r, t);
      assertEquals(List.of("seeder-1", "leecher-2", "leecher-10"), names(f), "t=" + t);
      JsonNode l2 = peer(f, "leecher-2");
      JsonNode l10 = peer(f, "leecher-10");
      assertEquals(LEECHER2[t], l2.get("bytesDone").asLong(), "leecher-2 at " + t);
      assertEquals(LEECHER10[t], l10.get("bytesDone").asLong(), "leecher-10 at " + t);
      for (JsonNode l : List.of(l2, l10)) {
        assertEquals(PAYLOAD, l.get("bytesTotal").asLong());
        assertEquals((double) l.get("bytesDone").asLong() / PAYLOAD, l.get("progress").asDouble());
        long fromEach = receivedFrom(l).values().stream().mapToLong(Long::longValue).sum();
        assertEquals(l.get("bytesDone").asLong(), fromEach, "every byte kept has a sender");
      }
      double swarm = (double) (LEECHER2[t] + LEECHER10[t]) / (2 * PAYLOAD);
      assertEquals(swarm, f.get("snapshot").get("summary").get("progress").asDouble(), 1e-12);
    }
  }

  @Test
  void aLeecherTheRunStartedThatLeftNoRecordIsShownWithNothing() throws Exception {
    run.container("leecher-4", "leecher", "10.0.0.44").started();
    RunReplay replay = RunReplay.load(run.record);
    assertEquals(
        new RunReplay.Peer("leecher-4", "leecher", null, null, true),
        replay.peer(replay.indexOf("leecher-4")));
    JsonNode end = frame(new Replay(replay, Reports.summary(run.record)), 9);
    JsonNode silent = peer(end, "leecher-4");
    assertEquals("no record", silent.get("state").asText());
    assertEquals(0, silent.get("bytesDone").asLong());
    JsonNode summary = end.get("snapshot").get("summary");
    assertEquals(3, summary.get("leechers").asInt(), "as the report counts them");
    assertEquals(2, summary.get("leechersComplete").asInt());
    assertEquals(
        List.of("seeder-1", "leecher-2", "leecher-4", "leecher-10"),
        names(end),
        "in its place by number");
  }

  @Test
  void receivedFromNamesTheSenders() throws Exception {
    Replay r = replay();

    assertEquals(Map.of(), receivedFrom(peer(frame(r, 2), "leecher-2")));
    // by 6: leecher-2 has 2 + 2 + 2 + 1 blocks from the seeder, one (torrent 2, piece 1) from
    // leecher-10; leecher-10 has 2 + 2 + 2 blocks and the 4464 from the seeder, 2 from leecher-2
    assertEquals(
        Map.of("seeder-1", 7L * BLOCK, "leecher-10", (long) BLOCK),
        receivedFrom(peer(frame(r, 6), "leecher-2")));
    assertEquals(
        Map.of("seeder-1", 6L * BLOCK + LAST2, "leecher-2", 2L * BLOCK),
        receivedFrom(peer(frame(r, 6), "leecher-10")));
    // at the end each has had one piece (2 blocks) from the other, the rest from the seeder
    JsonNode end = frame(r, 9);
    assertEquals(
        Map.of("seeder-1", PAYLOAD - 2 * BLOCK, "leecher-10", 2L * BLOCK),
        receivedFrom(peer(end, "leecher-2")));
    assertEquals(
        Map.of("seeder-1", PAYLOAD - 2 * BLOCK, "leecher-2", 2L * BLOCK),
        receivedFrom(peer(end, "leecher-10")));
    assertEquals(Map.of(), receivedFrom(peer(end, "seeder-1")));
  }

  @Test
  void aSenderNoRecordNamesShowsInReceivedFromOnly() throws Exception {
    // one leecher that got piece 0 of torrent 1 half from the seeder, half from a stranger
    String stranger = SyntheticRun.id(0x99); // an id no peer file names
    SyntheticRun small =
        new SyntheticRun(tmp.resolve("small"), 1, 1)
            .container("seeder-1", "seeder", SEEDER)
            .container("leecher-1", "leecher", L2)
            .started()
            .start(SEEDER, 1000, "s", "seeder")
            .torrents(SEEDER, S1, S2)
            .start(L2, 1001, "l", "leecher")
            .torrents(L2, A1, A2)
            .got(L2, 1002, H1, S1, 0, 0)
            .got(L2, 1003, H1, stranger, 0, BLOCK);
    Replay r = new Replay(RunReplay.load(small.record), Reports.summary(small.record));
    JsonNode f = frame(r, 3);

    assertEquals(List.of("seeder-1", "leecher-1"), names(f));
    JsonNode leecher = peer(f, "leecher-1");
    assertEquals(
        Map.of("seeder-1", (long) BLOCK, "peer 000000000000000000000099", (long) BLOCK),
        receivedFrom(leecher));
    assertEquals(2L * BLOCK, leecher.get("bytesDone").asLong());
    assertEquals(List.of("f00", "000"), pieces(f, "leecher-1"), "its piece whole all the same");
    assertFalse(f.get("pieces").get("peers").has("peer 000000000000000000000099"));
  }

  @Test
  void aPieceIsHeldOnlyOnceAllItsBytesAreKept() throws Exception {
    Replay r = replay();
    JsonNode first = frame(r, 3);
    JsonNode torrents = first.get("pieces").get("torrents");
    assertEquals(2, torrents.size());
    assertEquals("file-1.bin", torrents.get(0).get("name").asText());
    assertEquals(H1L, torrents.get(0).get("hash").asText());
    assertEquals("holiday photos.tar", torrents.get(1).get("name").asText());
    for (JsonNode t : torrents) {
      assertEquals(3, t.get("pieces").asInt());
      assertEquals(1, t.get("piecesPerCell").asInt(), "a cell a piece: f held, 0 not (yet)");
    }

    // torrent 1's pieces: 32768, 32768, 16384; torrent 2's: 32768, 32768, 4464
    Map<Integer, List<String>> leecher2 = new LinkedHashMap<>();
    leecher2.put(1, List.of("000", "000"));
    leecher2.put(3, List.of("f00", "000"));
    leecher2.put(4, List.of("ff0", "000"));
    leecher2.put(5, List.of("fff", "000")); // the short last piece whole; 2.0 half
    leecher2.put(6, List.of("fff", "f00")); // 2.1 half
    leecher2.put(7, List.of("fff", "ff0"));
    leecher2.put(8, List.of("fff", "fff")); // the 4464 bytes of 2.2 are all of it
    Map<Integer, List<String>> leecher10 = new LinkedHashMap<>();
    leecher10.put(2, List.of("000", "000"));
    leecher10.put(3, List.of("f00", "000"));
    leecher10.put(4, List.of("f00", "f00"));
    leecher10.put(5, List.of("ff0", "ff0"));
    leecher10.put(6, List.of("ff0", "fff"));
    leecher10.put(8, List.of("ff0", "fff"));
    leecher10.put(9, List.of("fff", "fff"));
    leecher2.forEach(
        (t, rows) -> assertEquals(rows, pieces(get(r, t), "leecher-2"), "leecher-2 at " + t));
    leecher10.forEach(
        (t, rows) -> assertEquals(rows, pieces(get(r, t), "leecher-10"), "leecher-10 at " + t));
  }

  private static JsonNode get(Replay r, long t) {
    try {
      return frame(r, t);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void seedersHoldEverythingFromTheStart() throws Exception {
    Replay r = replay();
    for (long t : new long[] {0, 5, 9}) {
      JsonNode f = frame(r, t);
      JsonNode seeder = peer(f, "seeder-1");
      assertEquals("running", seeder.get("state").asText());
      assertEquals(PAYLOAD, seeder.get("bytesDone").asLong());
      assertEquals(1.0, seeder.get("progress").asDouble());
      assertTrue(seeder.get("complete").asBoolean());
      assertFalse(seeder.has("secondsToComplete"));
      assertEquals(List.of("fff", "fff"), pieces(f, "seeder-1"), "at " + t);
    }
  }

  @Test
  void aPeerIsNotStartedBeforeItsFirstStartAndExitedAfterItIsGone() throws Exception {
    // down found leecher-2 exited: gone after its last block, kept at 8
    run.down(Map.of("seeder-1", "running", "leecher-2", "exited", "leecher-10", "running"));
    Replay r = replay();

    Map<Integer, List<String>> states = new LinkedHashMap<>(); // seeder-1, leecher-2, leecher-10
    states.put(0, List.of("running", "not started", "not started"));
    states.put(1, List.of("running", "running", "not started"));
    states.put(2, List.of("running", "running", "running"));
    states.put(8, List.of("running", "running", "running"));
    states.put(9, List.of("running", "exited", "running"));
    for (var e : states.entrySet()) {
      JsonNode f = frame(r, e.getKey());
      List<String> seen = new ArrayList<>();
      f.get("snapshot").get("peers").forEach(p -> seen.add(p.get("state").asText()));
      assertEquals(e.getValue(), seen, "at " + e.getKey());
      for (String name : List.of("leecher-2", "leecher-10")) {
        boolean running = peer(f, name).get("state").asText().equals("running");
        assertEquals(
            running, pieces(f, name) != null, name + " has a piece map only while it runs");
      }
    }
    JsonNode gone = peer(frame(r, 9), "leecher-2");
    assertEquals(PAYLOAD, gone.get("bytesDone").asLong(), "what it kept, it still has");
    assertEquals(0, gone.get("downRate").asLong(), "it kept 4 blocks and 4464 bytes in 5..8");
    assertEquals(0, gone.get("upRate").asLong());
  }

  @Test
  void ratesAreTheBytesOfTheLastWindowPerSecond() throws Exception {
    assertEquals(5, Replay.RATE_WINDOW, "the seconds below are worked out for 5");
    Replay r = replay();

    // at 6: seconds 2..6
    JsonNode at6 = frame(r, 6);
    assertRates(at6, "leecher-2", 4L * 2 * BLOCK, 2L * BLOCK); // sent 1.1 to leecher-10 at 5
    assertRates(at6, "leecher-10", 8L * BLOCK + LAST2, BLOCK); // sent 2.1's first block at 6
    // to leecher-2: 2 + 2 + 2 + 1 blocks; to leecher-10: 2 + 2 + 2 blocks and 4464
    assertRates(at6, "seeder-1", 0, 13L * BLOCK + LAST2);
    // at 8: seconds 4..8, leecher-2's 2 blocks of 3 no longer count
    JsonNode at8 = frame(r, 8);
    assertRates(at8, "leecher-2", 7L * BLOCK + LAST2, 2L * BLOCK);
    assertRates(at8, "leecher-10", 6L * BLOCK + LAST2, 2L * BLOCK);
    // to leecher-2: 2 + 2 + 1 blocks and 4464; to leecher-10: 2 + 2 blocks and 4464
    assertRates(at8, "seeder-1", 0, 9L * BLOCK + 2 * LAST2);
    JsonNode summary = at8.get("snapshot").get("summary");
    long down = 0;
    long up = 0;
    for (JsonNode p : at8.get("snapshot").get("peers")) {
      down += p.get("downRate").asLong();
      up += p.get("upRate").asLong();
    }
    assertEquals(down, summary.get("downRate").asLong());
    assertEquals(up, summary.get("upRate").asLong());
    // before any block, nothing moves
    assertRates(frame(r, 2), "leecher-2", 0, 0);
    assertRates(frame(r, 2), "seeder-1", 0, 0);
  }

  private static void assertRates(JsonNode frame, String name, long down, long up) {
    JsonNode p = peer(frame, name);
    assertEquals(down / Replay.RATE_WINDOW, p.get("downRate").asLong(), name + " down");
    assertEquals(up / Replay.RATE_WINDOW, p.get("upRate").asLong(), name + " up");
  }

  @Test
  void aSecondOutsideTheRunIsClampedIntoIt() throws Exception {
    Replay r = replay();

    assertEquals(9, r.clamp(100));
    assertEquals(0, r.clamp(-3));
    assertEquals(withoutPollTime(frame(r, 9)), withoutPollTime(frame(r, 100)));
    assertEquals(withoutPollTime(frame(r, 9)), withoutPollTime(frame(r, Long.MAX_VALUE)));
    assertEquals(withoutPollTime(frame(r, 0)), withoutPollTime(frame(r, -3)));
    assertEquals(1_009_000, frame(r, 100).get("time").asLong(), "epoch ms of second 9");
    assertEquals(1_000_000, frame(r, -3).get("time").asLong());
    assertEquals(1_006_000, frame(r, 6).get("time").asLong());
    assertEquals("demo", frame(r, 6).get("project").asText());
  }

  private static JsonNode withoutPollTime(JsonNode frame) {
    ObjectNode copy = frame.deepCopy();
    assertNotNull(copy.remove("pollMillis"));
    return copy;
  }

  @Test
  void secondsToCompleteCountFromTheLeechersFirstStart() throws Exception {
    Replay r = replay();

    JsonNode at7 = frame(r, 7);
    assertFalse(peer(at7, "leecher-2").has("secondsToComplete"));
    assertFalse(peer(at7, "leecher-2").get("complete").asBoolean());
    assertEquals(0, at7.get("snapshot").get("summary").get("leechersComplete").asInt());
    JsonNode at8 = frame(r, 8); // leecher-2, started at 1, done at 8
    assertEquals(7, peer(at8, "leecher-2").get("secondsToComplete").asLong());
    assertTrue(peer(at8, "leecher-2").get("complete").asBoolean());
    assertFalse(peer(at8, "leecher-10").has("secondsToComplete"));
    assertEquals(1, at8.get("snapshot").get("summary").get("leechersComplete").asInt());
    JsonNode at9 = frame(r, 9); // leecher-10, started at 2, done at 9
    assertEquals(7, peer(at9, "leecher-2").get("secondsToComplete").asLong());
    assertEquals(7, peer(at9, "leecher-10").get("secondsToComplete").asLong());
    JsonNode summary = at9.get("snapshot").get("summary");
    assertEquals(2, summary.get("leechers").asInt());
    assertEquals(2, summary.get("leechersComplete").asInt());
    assertEquals(1.0, summary.get("progress").asDouble());
  }

  @Test
  void infoTellsTheRunAndItsLength() throws Exception {
    JsonNode info = JSON.readTree(replay().info());

    assertEquals(SyntheticRun.ID, info.get("run").asText());
    assertEquals("demo", info.get("project").asText());
    assertEquals(1000, info.get("started").asLong());
    assertEquals(9, info.get("duration").asLong());
    assertEquals("running", info.get("state").asText());
  }

  @Test
  void historyIsTheRunsTimelineInEpochMillisWithCumulativeSources() throws Exception {
    Summary summary = Reports.summary(run.record);
    JsonNode h = JSON.readTree(replay().history());

    // the timeline's points end seconds 1..10 of the run, which began at 1000
    List<Long> times = new ArrayList<>();
    h.get("times").forEach(n -> times.add(n.asLong()));
    List<Long> expectedTimes = new ArrayList<>();
    for (long s = 1; s <= 10; s++) {
      expectedTimes.add((1000 + s) * 1000);
    }
    assertEquals(expectedTimes, times);
    // leechers kept from the seeder 2 + 2 blocks at each of 3, 4, 5; at 6 one block and 4464;
    // 4464 at 8; 1 block at 9 - and from each other 2 blocks at 5, 1 at 6 and 1 at 7
    assertEquals(
        longs(0, 0, 0, 65536, 131072, 196608, 217456, 217456, 221920, 238304),
        longs(h.get("fromSeeders")));
    assertEquals(
        longs(0, 0, 0, 0, 0, 32768, 49152, 65536, 65536, 65536), longs(h.get("fromLeechers")));
    // and the last point is what the last frame's leechers say they got from whom
    JsonNode end = frame(replay(), 9);
    long fromSeeder = 0;
    long fromLeecher = 0;
    for (String name : List.of("leecher-2", "leecher-10")) {
      for (var e : receivedFrom(peer(end, name)).entrySet()) {
        if (e.getKey().startsWith("seeder-")) {
          fromSeeder += e.getValue();
        } else {
          fromLeecher += e.getValue();
        }
      }
    }
    assertEquals(fromSeeder, h.get("fromSeeders").get(9).asLong());
    assertEquals(fromLeecher, h.get("fromLeechers").get(9).asLong());
    List<Double> progress = new ArrayList<>();
    h.get("progress").forEach(n -> progress.add(n.asDouble()));
    assertEquals(summary.timeline().swarmProgress(), progress);
    assertEquals(List.of("leecher-2", "leecher-10"), fieldNames(h.get("leechers")));
    List<Double> l2 = new ArrayList<>();
    h.get("leechers").get("leecher-2").forEach(n -> l2.add(n.asDouble()));
    assertEquals(summary.timeline().leecherProgress().get("leecher-2"), l2);
  }

  private static List<Long> longs(long... values) {
    List<Long> out = new ArrayList<>();
    for (long v : values) {
      out.add(v);
    }
    return out;
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asLong()));
    return out;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void provenanceCountsOnlyTheBlocksKeptByT() {
    Replay r = replay();

    Provenance none = r.provenance("leecher-2", 2).orElseThrow();
    assertEquals("leecher-2", none.peer());
    assertEquals(List.of(), none.senders());
    assertEquals(List.of(-1, -1, -1), none.torrents().get(0).from());

    Provenance at4 = r.provenance("leecher-2", 4).orElseThrow();
    assertEquals(List.of("seeder-1"), at4.senders());
    assertEquals(List.of(4L * BLOCK), at4.sentBytes());
    assertEquals(H1L, at4.torrents().get(0).infoHash());
    assertEquals(List.of(0, 0, -1), at4.torrents().get(0).from());
    assertEquals(List.of(-1, -1, -1), at4.torrents().get(1).from());

    // at 6: torrent 2's piece 1 has one block, from leecher-10; piece 2 none yet
    Provenance at6 = r.provenance("leecher-2", 6).orElseThrow();
    assertEquals(List.of("seeder-1", "leecher-10"), at6.senders());
    assertEquals(List.of(7L * BLOCK, (long) BLOCK), at6.sentBytes());
    assertEquals(List.of(0, 0, 0), at6.torrents().get(0).from());
    assertEquals(H2L, at6.torrents().get(1).infoHash());
    assertEquals(List.of(0, 1, -1), at6.torrents().get(1).from());

    Provenance end = r.provenance("leecher-2", 100).orElseThrow();
    assertEquals(List.of(PAYLOAD - 2 * BLOCK, 2L * BLOCK), end.sentBytes());
    assertEquals(List.of(0, 1, 0), end.torrents().get(1).from());

    Provenance other = r.provenance("leecher-10", 5).orElseThrow();
    assertEquals(List.of("seeder-1", "leecher-2"), other.senders());
    assertEquals(List.of(6L * BLOCK, 2L * BLOCK), other.sentBytes());
    assertEquals(List.of(0, 1, -1), other.torrents().get(0).from());
    assertEquals(List.of(0, 0, -1), other.torrents().get(1).from());
  }

  @Test
  void provenanceOfAPeerTheRunDoesNotHaveIsEmpty() {
    Replay r = replay();

    assertTrue(r.provenance("leecher-3", 9).isEmpty());
    assertTrue(r.provenance("seeder-1", 9).orElseThrow().senders().isEmpty(), "kept nothing");
  }
}
