package dev.swarmlab.report;

import static dev.swarmlab.report.SyntheticRun.A1;
import static dev.swarmlab.report.SyntheticRun.BLOCK;
import static dev.swarmlab.report.SyntheticRun.H1;
import static dev.swarmlab.report.SyntheticRun.H2;
import static dev.swarmlab.report.SyntheticRun.L10;
import static dev.swarmlab.report.SyntheticRun.L2;
import static dev.swarmlab.report.SyntheticRun.LAST2;
import static dev.swarmlab.report.SyntheticRun.S1;
import static dev.swarmlab.report.SyntheticRun.S2;
import static dev.swarmlab.report.SyntheticRun.SEEDER;
import static dev.swarmlab.report.SyntheticRun.SIZE1;
import static dev.swarmlab.report.SyntheticRun.SIZE2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.plan.LabContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded run loaded for replay: its kept blocks in time order, and its peers with when each
 * started and stopped, checked against runs written on disk (see {@link SyntheticRun#standard}).
 */
class RunReplayTest {
  private static final String H1L = H1.toLowerCase();
  private static final String H2L = H2.toLowerCase();

  @TempDir Path tmp;

  /** One block as the replay hands it, with names and hashes in place of indexes. */
  private record Seen(long second, String to, String from, String torrent, int piece, int length) {}

  private static List<Seen> replay(RunReplay r, long until) {
    List<Seen> out = new ArrayList<>();
    r.replay(
        until,
        (second, to, from, torrent, piece, length) ->
            out.add(
                new Seen(
                    second,
                    r.peer(to).name(),
                    r.peer(from).name(),
                    r.torrents().get(torrent).infoHash(),
                    piece,
                    length)));
    return out;
  }

  private static void assertInTimeOrder(List<Seen> blocks) {
    for (int i = 1; i < blocks.size(); i++) {
      int at = i;
      assertTrue(
          blocks.get(i - 1).second() <= blocks.get(i).second(),
          () -> "block " + at + " comes before the one ahead of it: " + blocks);
    }
  }

  /** Every block the standard run's leechers kept, as its javadoc table gives them. */
  private static List<Seen> standardBlocks() {
    String s = "seeder-1";
    String l2 = "leecher-2";
    String l10 = "leecher-10";
    return List.of(
        // leecher-2: torrent 1 all from the seeder
        new Seen(3, l2, s, H1L, 0, BLOCK),
        new Seen(3, l2, s, H1L, 0, BLOCK),
        new Seen(4, l2, s, H1L, 1, BLOCK),
        new Seen(4, l2, s, H1L, 1, BLOCK),
        new Seen(5, l2, s, H1L, 2, BLOCK),
        // torrent 2: piece 0 from the seeder, piece 1 from leecher-10, piece 2 from the seeder
        new Seen(5, l2, s, H2L, 0, BLOCK),
        new Seen(6, l2, s, H2L, 0, BLOCK),
        new Seen(6, l2, l10, H2L, 1, BLOCK),
        new Seen(7, l2, l10, H2L, 1, BLOCK),
        new Seen(8, l2, s, H2L, 2, LAST2),
        // leecher-10
        new Seen(3, l10, s, H1L, 0, BLOCK),
        new Seen(3, l10, s, H1L, 0, BLOCK),
        new Seen(4, l10, s, H2L, 0, BLOCK),
        new Seen(4, l10, s, H2L, 0, BLOCK),
        new Seen(5, l10, l2, H1L, 1, BLOCK),
        new Seen(5, l10, l2, H1L, 1, BLOCK),
        new Seen(5, l10, s, H2L, 1, BLOCK),
        new Seen(5, l10, s, H2L, 1, BLOCK),
        new Seen(6, l10, s, H2L, 2, LAST2),
        new Seen(9, l10, s, H1L, 2, BLOCK));
  }

  private static List<String> sorted(List<Seen> blocks) {
    return blocks.stream().map(Seen::toString).sorted().toList();
  }

  @Test
  void everyKeptBlockComesOutInTimeOrderThoughTheLogsAreReadPeerByPeer() {
    // leecher-2 (10.0.0.3) is read before leecher-10 (10.0.0.4): its blocks of seconds 5 to 8
    // are read before leecher-10's of second 3
    RunReplay r = RunReplay.load(SyntheticRun.standard(tmp).record);

    List<Seen> all = replay(r, Long.MAX_VALUE);
    assertEquals(20, r.blocks());
    assertEquals(20, all.size());
    assertInTimeOrder(all);
    assertEquals(sorted(standardBlocks()), sorted(all), "the same blocks, none lost or added");
    assertEquals(
        List.of("leecher-2", "leecher-2", "leecher-10", "leecher-10"),
        all.subList(0, 4).stream().map(Seen::to).toList(),
        "blocks of one second keep their read order");
  }

  @Test
  void manyBlocksReadLatestFirstComeOutOldestFirst() {
    // three leechers of 700 blocks each: more than the first 1024 the columns are made for; the
    // leecher read first kept its blocks last
    SyntheticRun run = new SyntheticRun(tmp, 1, 3).container("seeder-1", "seeder", SEEDER);
    for (int k = 0; k < 3; k++) {
      run.container("leecher-" + (k + 1), "leecher", "10.0.0." + (3 + k));
    }
    run.started().start(SEEDER, 1000, "h0", "seeder").torrent(SEEDER, H1, S1, SIZE1, "f");
    for (int k = 0; k < 3; k++) {
      String address = "10.0.0." + (3 + k);
      run.start(address, 1000, "h" + k, "leecher")
          .torrent(address, H1, SyntheticRun.id(0x40 + k), SIZE1, "f");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 700; i++) {
        lines.add(
            SyntheticRun.line(
                1000 + (2 - k) * 100 + i / 7, H1, S1, "down", "completed", i, 0, 1 + k));
      }
      run.append(LabContract.blockLogName(address), String.join("\n", lines));
    }
    RunReplay r = RunReplay.load(run.record);

    List<Seen> all = replay(r, Long.MAX_VALUE);
    assertEquals(2100, r.blocks());
    assertEquals(2100, all.size());
    assertInTimeOrder(all);
    assertEquals(0, all.get(0).second());
    assertEquals(299, r.duration());
    Map<String, Long> bytes = new HashMap<>();
    Map<String, long[]> span = new HashMap<>();
    for (Seen b : all) {
      bytes.merge(b.to(), (long) b.length(), Long::sum);
      long[] s = span.computeIfAbsent(b.to(), n -> new long[] {Long.MAX_VALUE, 0});
      s[0] = Math.min(s[0], b.second());
      s[1] = Math.max(s[1], b.second());
    }
    assertEquals(Map.of("leecher-1", 700L, "leecher-2", 1400L, "leecher-3", 2100L), bytes);
    assertEquals(List.of(200L, 299L), List.of(span.get("leecher-1")[0], span.get("leecher-1")[1]));
    assertEquals(List.of(0L, 99L), List.of(span.get("leecher-3")[0], span.get("leecher-3")[1]));
  }

  @Test
  void aBlockReceivedAgainOrSkippedIsNotKept() {
    // leecher-2 got 4.0 (torrent 2, piece 1) again from the seeder at 7 and skipped 4.1 from it
    RunReplay r = RunReplay.load(SyntheticRun.standard(tmp).record);

    List<Seen> all = replay(r, Long.MAX_VALUE);
    List<Seen> atSeven = all.stream().filter(b -> b.second() == 7).toList();
    assertEquals(List.of(new Seen(7, "leecher-2", "leecher-10", H2L, 1, BLOCK)), atSeven);
    long toLeecher2 =
        all.stream().filter(b -> b.to().equals("leecher-2")).mapToLong(Seen::length).sum();
    assertEquals(SIZE1 + SIZE2, toLeecher2, "the payload once, nothing more");
  }

  @Test
  void replayStopsAtTheSecondAskedForIncludingIt() {
    RunReplay r = RunReplay.load(SyntheticRun.standard(tmp).record);
    List<Seen> all = replay(r, Long.MAX_VALUE);

    assertEquals(List.of(), replay(r, -1));
    assertEquals(List.of(), replay(r, 2), "nothing is kept before second 3");
    // second 3: 2 + 2 blocks; second 4: 2 + 2; second 5: 2 + 4
    assertEquals(all.subList(0, 4), replay(r, 3));
    assertEquals(all.subList(0, 8), replay(r, 4));
    List<Seen> upTo5 = replay(r, 5);
    assertEquals(all.subList(0, 14), upTo5);
    assertEquals(5, upTo5.get(upTo5.size() - 1).second(), "second 5 itself is in");
    assertEquals(all.subList(0, 19), replay(r, 8), "all but leecher-10's last, at 9");
    assertEquals(all, replay(r, 9));
  }

  @Test
  void peersAreSeedersThenLeechersThenUnknownSendersEachByName() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    String stranger = SyntheticRun.id(0x99); // an id no peer file names
    run.got(L10, 1006, H1, stranger, 2, BLOCK);
    RunReplay r = RunReplay.load(run.record);

    List<RunReplay.Peer> peers = r.peers();
    assertEquals(
        List.of("seeder-1", "leecher-2", "leecher-10", "peer 000000000000000000000099"),
        peers.stream().map(RunReplay.Peer::name).toList());
    assertEquals(
        List.of("seeder", "leecher", "leecher", "unknown"),
        peers.stream().map(RunReplay.Peer::role).toList());
    for (RunReplay.Peer p : peers) {
      assertEquals(p, r.peer(r.indexOf(p.name())), "indexOf and peer agree on " + p.name());
    }
    assertEquals(-1, r.indexOf("leecher-3"));
  }

  @Test
  void theRunsHeadAndTorrents() {
    RunReplay r = RunReplay.load(SyntheticRun.standard(tmp).record);

    assertEquals(SyntheticRun.ID, r.run());
    assertEquals("demo", r.project());
    assertEquals(1000, r.epoch0(), "the seeder's start, the first of any peer");
    assertEquals(
        List.of(
            new Summary.Torrent(H1L, "file-1.bin", SIZE1, 32768, 3),
            new Summary.Torrent(H2L, "holiday photos.tar", SIZE2, 32768, 3)),
        r.torrents());
  }

  @Test
  void firstStartIsTheEarliestStartFromEpoch0() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    run.start(L2, 1006, "7b1d22aa0c31", "leecher"); // leecher-2 started again
    run.got(L2, 1006, H1, SyntheticRun.id(0x99), 2, BLOCK); // from a sender no peer file names
    RunReplay r = RunReplay.load(run.record);

    Map<String, Long> first = new LinkedHashMap<>();
    r.peers().forEach(p -> first.put(p.name(), p.firstStart()));
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("seeder-1", 0L);
    expected.put("leecher-2", 1L);
    expected.put("leecher-10", 2L);
    expected.put("peer 000000000000000000000099", null);
    assertEquals(expected, first);
  }

  @Test
  void epoch0IsTheFirstStartWhicheverPeerFileHasIt() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    run.start(L10, 995, "9e0f11bb2d42", "leecher"); // leecher-10, read last, started first
    RunReplay r = RunReplay.load(run.record);

    assertEquals(995, r.epoch0());
    assertEquals(
        List.of(5L, 6L, 0L),
        r.peers().stream().map(RunReplay.Peer::firstStart).toList(),
        "seeder-1, leecher-2, leecher-10");
    assertEquals(14, r.duration(), "leecher-10's block at 1009");
    assertEquals(4, replay(r, 8).size(), "the blocks of 1003, now second 8");
    assertEquals(8, replay(r, 9).size(), "and those of 1004, now second 9");
  }

  @Test
  void noPeerIsGoneWithoutADownEvent() {
    RunReplay r = RunReplay.load(SyntheticRun.standard(tmp).record);

    for (RunReplay.Peer p : r.peers()) {
      assertNull(p.goneAt(), p.name());
    }
  }

  @Test
  void aPeerDownFoundStoppedIsGoneAfterItsLastBlockOrItsLastStart() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    run.start("10.0.0.5", 1004, "aaaaaaaaaaaa", "leecher") // leecher-3: started twice, no block
        .start("10.0.0.5", 1005, "aaaaaaaaaaaa", "leecher")
        .start("10.0.0.6", 1004, "bbbbbbbbbbbb", "leecher"); // leecher-4: down does not name it
    run.record.event(
        "started",
        Map.of(
            "containers",
            List.of(
                Map.of("name", "seeder-1", "service", "seeder", "address", SEEDER),
                Map.of("name", "leecher-2", "service", "leecher", "address", L2),
                Map.of("name", "leecher-10", "service", "leecher", "address", L10),
                Map.of("name", "leecher-3", "service", "leecher", "address", "10.0.0.5"),
                Map.of("name", "leecher-4", "service", "leecher", "address", "10.0.0.6"))));
    // an earlier down is overruled by the last
    run.down(Map.of("leecher-10", "exited", "leecher-2", "running"));
    Map<String, String> states = new LinkedHashMap<>();
    states.put("tracker-1", "exited");
    states.put("seeder-1", "dead"); // sent its last block at 9, kept none
    states.put("leecher-2", "exited"); // kept its last at 8, sent its last at 5
    states.put("leecher-10", "running");
    states.put("leecher-3", "exited"); // no block: its last start, 5
    run.down(states);
    RunReplay r = RunReplay.load(run.record);

    Map<String, Long> gone = new LinkedHashMap<>();
    r.peers().forEach(p -> gone.put(p.name(), p.goneAt()));
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("seeder-1", 9L);
    expected.put("leecher-2", 8L);
    expected.put("leecher-3", 5L);
    expected.put("leecher-4", null);
    expected.put("leecher-10", null);
    assertEquals(expected, gone);
    RunReplay.Peer l3 = r.peer(r.indexOf("leecher-3"));
    assertEquals(
        new RunReplay.Peer("leecher-3", "leecher", 4L, 5L), l3, "listed though it kept none");
  }

  @Test
  void aLeecherStartedAgainAtAnotherAddressIsOnePeerWithAllItsBlocks() {
    SyntheticRun run = SyntheticRun.moved(tmp);
    run.down(Map.of("seeder-1", "running", "leecher-2", "running", "leecher-3", "exited"));
    RunReplay r = RunReplay.load(run.record);

    assertEquals(
        List.of(
            new RunReplay.Peer("seeder-1", "seeder", 0L, null),
            new RunReplay.Peer("leecher-2", "leecher", 1L, null),
            new RunReplay.Peer("leecher-3", "leecher", 1L, 8L)),
        r.peers(),
        "from its first start, gone after its last block");
    List<Seen> all = replay(r, Long.MAX_VALUE);
    assertEquals(
        SIZE1,
        all.stream().filter(b -> b.to().equals("leecher-3")).mapToLong(Seen::length).sum(),
        "kept over both its starts, the block kept again not counted");
    assertEquals(
        List.of(
            new Seen(3, "leecher-2", "leecher-3", H1L, 0, BLOCK),
            new Seen(8, "leecher-2", "leecher-3", H1L, 1, BLOCK)),
        all.stream().filter(b -> b.from().equals("leecher-3")).toList(),
        "sent under the ids of both its starts");
  }

  @Test
  void anAddressAnotherPeerHadGivesEachOfItsLogsAndIdsToItsOwnStart() {
    SyntheticRun run = SyntheticRun.reused(tmp);
    Map<String, String> states = new LinkedHashMap<>();
    states.put("seeder-1", "running");
    states.put("leecher-2", "exited");
    states.put("leecher-5", "running");
    states.put("leecher-10", "running");
    run.down(states);
    RunReplay r = RunReplay.load(run.record);

    assertEquals(
        List.of(
            new RunReplay.Peer("seeder-1", "seeder", 0L, null),
            new RunReplay.Peer("leecher-2", "leecher", 1L, 3L),
            new RunReplay.Peer("leecher-5", "leecher", 1L, null),
            new RunReplay.Peer("leecher-10", "leecher", 1L, null)),
        r.peers());
    List<Seen> all = replay(r, Long.MAX_VALUE);
    assertEquals(
        List.of(
            new Seen(2, "leecher-2", "seeder-1", H1L, 0, BLOCK),
            new Seen(2, "leecher-2", "seeder-1", H1L, 0, BLOCK),
            new Seen(3, "leecher-2", "leecher-5", H1L, 1, BLOCK)),
        all.stream().filter(b -> b.to().equals("leecher-2")).toList(),
        "the address's earlier log");
    assertEquals(
        List.of(
            new Seen(2, "leecher-5", "seeder-1", H1L, 1, BLOCK),
            new Seen(2, "leecher-5", "seeder-1", H1L, 1, BLOCK),
            new Seen(3, "leecher-5", "leecher-2", H1L, 0, BLOCK),
            new Seen(7, "leecher-5", "seeder-1", H1L, 0, BLOCK),
            new Seen(7, "leecher-5", "seeder-1", H1L, 2, BLOCK)),
        all.stream().filter(b -> b.to().equals("leecher-5")).toList(),
        "its log at its first address, then the current one of its second");
    assertEquals(
        List.of(
            new Seen(3, "leecher-10", "leecher-2", H1L, 0, BLOCK),
            new Seen(8, "leecher-10", "leecher-5", H1L, 1, BLOCK)),
        all.stream()
            .filter(b -> b.to().equals("leecher-10") && !b.from().equals("seeder-1"))
            .toList());
  }

  @Test
  void durationIsTheSecondOfTheLastKeptBlock() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    assertEquals(9, RunReplay.load(run.record).duration());

    String log2 = LabContract.blockLogName(L2);
    run.got(L2, 1012, H1, S1, 0, 0) // received again: a duplicate
        .event(log2, 1013, H2, S2, "down", "skipped", 0, 0, BLOCK)
        .event(log2, 1014, H1, A1, "up", "completed", 0, 0, BLOCK) // sent, not kept
        .event(log2, 1015, H1, S1, "down", "requesting", 2, 0, BLOCK)
        .got(L2, 1016, "00112233445566778899AABBCCDDEEFF00112233", S1, 0, 0); // no such torrent
    RunReplay r = RunReplay.load(run.record);

    assertEquals(9, r.duration());
    assertEquals(20, r.blocks());
  }

  @Test
  void aRunWithNoBlockYetHasItsPeersAndNothingToReplay() {
    SyntheticRun run =
        new SyntheticRun(tmp, 1, 1)
            .container("seeder-1", "seeder", SEEDER)
            .container("leecher-1", "leecher", L2)
            .started()
            .start(SEEDER, 1000, "s", "seeder")
            .torrents(SEEDER, S1, S2)
            .start(L2, 1003, "l", "leecher");
    RunReplay r = RunReplay.load(run.record);

    assertEquals(0, r.blocks());
    assertEquals(0, r.duration());
    assertEquals(List.of(), replay(r, Long.MAX_VALUE));
    assertEquals(
        List.of(
            new RunReplay.Peer("seeder-1", "seeder", 0L, null),
            new RunReplay.Peer("leecher-1", "leecher", 3L, null)),
        r.peers());
  }
}
