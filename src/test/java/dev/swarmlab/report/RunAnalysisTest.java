package dev.swarmlab.report;

import static dev.swarmlab.report.SyntheticRun.A1;
import static dev.swarmlab.report.SyntheticRun.B1;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.plan.LabContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's summary read from its peers' files alone, checked against what was worked out by hand for
 * small runs written on disk (see {@link SyntheticRun#standard}).
 */
class RunAnalysisTest {
  private static final long PAYLOAD = SIZE1 + SIZE2; // 151920
  private static final String H1L = H1.toLowerCase();
  private static final String H2L = H2.toLowerCase();

  @TempDir Path tmp;

  @Test
  void theRunsHeadAndTorrents() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    Summary s = RunAnalysis.summarize(run.record);

    assertEquals(SyntheticRun.ID, s.run());
    assertEquals("demo", s.project());
    assertEquals(run.record.info().started(), s.started());
    assertEquals("1 seeder, 2 leechers, generated 148.4 KiB", s.plan());
    assertEquals("running", s.state());
    assertTrue(s.complete());
    assertEquals(1000, s.epoch0(), "the first start of any peer");
    assertEquals(9, s.duration(), "to the last block kept");
    assertEquals(
        List.of(
            new Summary.Torrent(H1L, "file-1.bin", SIZE1, 32768, 3),
            new Summary.Torrent(H2L, "holiday photos.tar", SIZE2, 32768, 3)),
        s.torrents());
  }

  @Test
  void aTorrentOnlyALeecherLoadedIsNotThePayload() throws Exception {
    Summary plain = RunAnalysis.summarize(SyntheticRun.standard(tmp.resolve("plain")).record);
    SyntheticRun run = SyntheticRun.standard(tmp.resolve("added"));
    String added = "C".repeat(40);
    run.torrent(SyntheticRun.L2, added, "D".repeat(40), 4 * BLOCK, "added.bin")
        .got(SyntheticRun.L2, 1003, added, S1, 0, 0)
        .got(SyntheticRun.L2, 1003, added, S1, 0, BLOCK);
    Summary s = RunAnalysis.summarize(run.record);
    assertEquals(
        List.of(H1L, H2L), s.torrents().stream().map(Summary.Torrent::infoHash).toList(), "seeded");
    assertTrue(s.complete(), "the leechers completed what the seeders shared");
    assertEquals(
        plain.timeline().swarmProgress(),
        s.timeline().swarmProgress(),
        "its blocks are not the swarm's progress");
    assertEquals(
        plain.peers().get(1).receivedBytes() + 2 * BLOCK,
        s.peers().get(1).receivedBytes(),
        "but bytes received all the same: " + s.peers());
  }

  @Test
  void flowsCountEachKeptBlockOnceAndDuplicatesApart() {
    Summary s = RunAnalysis.summarize(SyntheticRun.standard(tmp).record);

    assertEquals(
        List.of(
            // T1: 3 blocks (49152), T2: all 5 (70000)
            new Summary.Flow("seeder-1", "seeder", "leecher-10", 119_152, 8, 0, 3, 9),
            // T1: all 5 (81920), T2: 3 (37232); the block again and the skipped one apart
            new Summary.Flow("seeder-1", "seeder", "leecher-2", 119_152, 8, 2 * BLOCK, 3, 8),
            new Summary.Flow("leecher-10", "leecher", "leecher-2", 2 * BLOCK, 2, 0, 6, 7),
            new Summary.Flow("leecher-2", "leecher", "leecher-10", 2 * BLOCK, 2, 0, 5, 5)),
        s.flows());
  }

  @Test
  void peersAreSeedersFirstThenByNameNumbersAsNumbers() {
    Summary s = RunAnalysis.summarize(SyntheticRun.standard(tmp).record);

    assertEquals(
        List.of(
            new Summary.Peer(
                "seeder-1", "seeder", SEEDER, 0L, 0, 0, 2 * 119_152, null, null, Map.of()),
            new Summary.Peer(
                "leecher-2",
                "leecher",
                L2,
                1L,
                PAYLOAD,
                2 * BLOCK,
                2 * BLOCK,
                8L,
                7L,
                Map.of("seeder-1", 119_152L, "leecher-10", 32_768L)),
            new Summary.Peer(
                "leecher-10",
                "leecher",
                L10,
                2L,
                PAYLOAD,
                0,
                2 * BLOCK,
                9L,
                7L,
                Map.of("seeder-1", 119_152L, "leecher-2", 32_768L))),
        s.peers());
  }

  @Test
  void totalsAndTheSeedersNote() {
    Summary s = RunAnalysis.summarize(SyntheticRun.standard(tmp).record);

    assertEquals(
        new Summary.Totals(
            1, 2, 2, PAYLOAD, 2 * PAYLOAD, 2 * PAYLOAD, 2 * BLOCK, 238_304, 65_536, 0),
        s.totals());
    assertTrue(
        s.note().startsWith("Seeders sent 78% of the bytes: rtorrent tells a connected peer"),
        s.note());
  }

  @Test
  void theSeedersNoteDoesNotBlameLateAnnouncementsOnLeechersThatAnnounceAtOnce() {
    Summary s =
        RunAnalysis.summarize(
            SyntheticRun.standard(
                    tmp,
                    new dev.swarmlab.runs.RunPlan(
                        1,
                        2,
                        "generated 148.4 KiB",
                        false,
                        0,
                        List.of(),
                        Map.of("seeder", "rtorrent", "leecher", "rtorrent-have-now"),
                        null))
                .record);
    assertTrue(s.note().startsWith("Seeders sent 78% of the bytes, though the leechers"), s.note());
    assertFalse(s.note().contains("next message"), s.note());
  }

  @Test
  void theTimelineInOneSecondBuckets() {
    Summary.Timeline t = RunAnalysis.summarize(SyntheticRun.standard(tmp).record).timeline();

    assertEquals(1, t.step());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), t.times());
    assertEquals(
        shares(2 * PAYLOAD, 0, 0, 0, 65536, 131072, 229376, 266608, 282992, 287456, 303840),
        t.swarmProgress());
    assertMonotone(t.swarmProgress());
    assertEquals(1.0, t.swarmProgress().get(t.swarmProgress().size() - 1));
    assertEquals(List.of("leecher-2", "leecher-10"), List.copyOf(t.leecherProgress().keySet()));
    assertEquals(
        shares(PAYLOAD, 0, 0, 0, 32768, 65536, 98304, 131072, 147456, 151920, 151920),
        t.leecherProgress().get("leecher-2"));
    assertEquals(
        shares(PAYLOAD, 0, 0, 0, 32768, 65536, 131072, 135536, 135536, 135536, 151920),
        t.leecherProgress().get("leecher-10"));
    assertEquals(
        List.of(0L, 0L, 0L, 65536L, 65536L, 65536L, 20848L, 0L, 4464L, 16384L), t.seederUpload());
    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 32768L, 16384L, 16384L, 0L, 0L), t.leecherUpload());
  }

  @Test
  void theSpreadCountsTheLeechersHoldingEachPieceOverTime() {
    Summary.PieceSpread spread = RunAnalysis.summarize(SyntheticRun.standard(tmp).record).spread();

    assertEquals(6, spread.pieces());
    assertEquals(1, spread.piecesPerRow());
    assertEquals(2, spread.leechers());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 5L, 6L, 7L, 8L, 9L), spread.times());
    // a piece is held from its last block: leecher-2 has 0..5 at 3,4,5,6,7,8; leecher-10 at
    // 3,5,9,4,5,6
    assertEquals(
        List.of(
            row(0, 0, 0, 0, 0, 0),
            row(0, 0, 0, 0, 0, 0),
            row(2, 0, 0, 0, 0, 0),
            row(2, 1, 0, 1, 0, 0),
            row(2, 2, 1, 1, 1, 0),
            row(2, 2, 1, 1, 1, 0),
            row(2, 2, 1, 2, 1, 1),
            row(2, 2, 1, 2, 2, 1),
            row(2, 2, 1, 2, 2, 2),
            row(2, 2, 2, 2, 2, 2)),
        spread.holders());
  }

  @Test
  void thePieceMapNamesWhoSentEachPiece() {
    Summary.PieceMap map = RunAnalysis.summarize(SyntheticRun.standard(tmp).record).pieceMap();

    assertEquals(6, map.pieces());
    assertEquals(1, map.piecesPerColumn());
    assertEquals(List.of("seeder-1", "leecher-2", "leecher-10"), map.senders());
    assertEquals(List.of("leecher-2", "leecher-10"), List.copyOf(map.rows().keySet()));
    assertEquals(List.of(0, 0, 0, 0, 2, 0), map.rows().get("leecher-2"), "not the duplicate");
    assertEquals(List.of(0, 1, 0, 0, 0, 0), map.rows().get("leecher-10"));
  }

  @Test
  void anEndedRunReadsAsItDidWhileRunning() throws Exception {
    SyntheticRun run = SyntheticRun.standard(tmp);
    Summary running = RunAnalysis.summarize(run.record);

    run.record.end(run.control, "down");

    try (Stream<Path> left = Files.list(run.control)) {
      assertEquals(List.of(), left.toList(), "the peers' files moved into the run");
    }
    Summary ended = RunAnalysis.summarize(run.record);
    assertEquals("ended", ended.state());
    assertEquals(withState(running, "ended"), ended);
  }

  @Test
  void anIncompleteRunSaysWhoDidNotFinish() {
    SyntheticRun run =
        new SyntheticRun(tmp, 1, 3)
            .container("seeder-1", "seeder", SEEDER)
            .container("leecher-2", "leecher", L2)
            .container("leecher-10", "leecher", L10)
            .container("leecher-3", "leecher", "10.0.0.5") // left no files at all
            .started()
            .start(SEEDER, 1000, "s", "seeder")
            .torrents(SEEDER, S1, S2)
            .start(L2, 1000, "a", "leecher")
            .torrents(L2, A1, SyntheticRun.A2)
            .start(L10, 1000, "b", "leecher")
            .torrents(L10, B1, SyntheticRun.B2);
    for (int p = 0; p < 3; p++) {
      run.got(L2, 1001, H1, S1, p, 0);
      run.got(L10, 1001, H1, S1, p, 0);
      run.got(L10, 1002, H2, S2, p, 0, p == 2 ? LAST2 : BLOCK);
      if (p < 2) {
        run.got(L2, 1001, H1, S1, p, BLOCK);
        run.got(L10, 1001, H1, S1, p, BLOCK);
        run.got(L10, 1002, H2, S2, p, BLOCK);
      }
    }

    Summary s = RunAnalysis.summarize(run.record);

    assertFalse(s.complete());
    assertEquals(
        "incomplete so far: 2 of 3 leechers did not finish (leecher-2 53%); 1 left no record (leecher-3)",
        s.note());
    assertEquals(1, s.totals().leechersComplete());
    assertEquals(3 * PAYLOAD, s.totals().neededBytes());
    assertEquals(SIZE1 + PAYLOAD, s.totals().receivedBytes());
    Summary.Peer behind = s.peers().get(1);
    assertEquals("leecher-2", behind.name());
    assertEquals(SIZE1, behind.receivedBytes());
    assertNull(behind.completedAt());
    assertNull(behind.timeToComplete());
    assertEquals(2L, s.peers().get(2).completedAt());
    List<Double> swarm = s.timeline().swarmProgress();
    assertMonotone(swarm);
    assertEquals(shares(3 * PAYLOAD, 0, SIZE1 + SIZE1, SIZE1 + PAYLOAD), swarm);
    assertEquals(shares(PAYLOAD, 0, SIZE1, SIZE1), s.timeline().leecherProgress().get("leecher-2"));

    run.record.end(run.control, "down");
    assertEquals(
        "incomplete: 2 of 3 leechers did not finish (leecher-2 53%); 1 left no record (leecher-3)",
        RunAnalysis.summarize(run.record).note());
  }

  @Test
  void aRunWithoutTorrentsIsIncompleteAndSaysSo() {
    SyntheticRun run =
        new SyntheticRun(tmp, 1, 1)
            .start(SEEDER, 1000, "s", "seeder")
            .start(L2, 1000, "l", "leecher");
    Summary s = RunAnalysis.summarize(run.record);
    assertFalse(s.complete());
    assertEquals("incomplete: no peer recorded a torrent yet", s.note());
    assertEquals(List.of(), s.torrents());
    assertEquals(0, s.totals().payloadBytes());
    assertEquals(List.of("s", "l"), s.peers().stream().map(Summary.Peer::name).toList());
  }

  @Test
  void aRunWithoutPeerFilesStartsAtItsUp() {
    SyntheticRun run = new SyntheticRun(tmp, 1, 1);
    Summary s = RunAnalysis.summarize(run.record);
    assertEquals(run.record.info().startedAt().getEpochSecond(), s.epoch0());
    assertEquals(0, s.duration());
    assertEquals(List.of(), s.peers());
    assertFalse(s.complete());
  }

  @Test
  void unknownSendersAndPeersWithoutAStartedEntry() {
    // rtorrent's ids share their first 8 bytes (-lt0D80-): an unknown sender is told by the rest
    String unknownId = "2D6C74304438302D" + "DEADBEEFCAFEF00D00000001";
    String visitor = "10.0.0.7";
    String anonymous = "10.0.0.8";
    String anonymousId = SyntheticRun.id(0x81);
    SyntheticRun run =
        new SyntheticRun(tmp, 1, 1)
            .container("seeder-1", "seeder", SEEDER)
            .container("leecher-1", "leecher", L2)
            .started()
            .start(SEEDER, 1000, "3f2a9c0e1b7d", "seeder")
            .torrent(SEEDER, H1, S1, SIZE1, "file-1.bin")
            .start(L2, 1000, "7b1d22aa0c31", "leecher")
            .torrent(L2, H1, A1, SIZE1, "file-1.bin")
            .start(visitor, 1000, "visitor", "seeder") // in no started event: its own words
            .torrent(anonymous, H1, anonymousId, SIZE1, "file-1.bin") // no start line at all
            .got(L2, 1001, H1, S1, 0, 0)
            .got(L2, 1001, H1, S1, 0, BLOCK)
            .got(L2, 1002, H1, unknownId, 1, 0)
            .got(L2, 1002, H1, anonymousId, 1, BLOCK)
            .got(L2, 1003, H1, S1, 2, 0);

    Summary s = RunAnalysis.summarize(run.record);

    assertEquals(
        List.of(
            new Summary.Peer(
                "seeder-1", "seeder", SEEDER, 0L, 0, 0, 3 * BLOCK, null, null, Map.of()),
            new Summary.Peer("visitor", "seeder", visitor, 0L, 0, 0, 0, null, null, Map.of()),
            new Summary.Peer(
                "leecher-1",
                "leecher",
                L2,
                0L,
                SIZE1,
                0,
                0,
                3L,
                3L,
                Map.of(
                    "seeder-1",
                    3L * BLOCK,
                    "peer deadbeefcafef00d00000001",
                    (long) BLOCK,
                    anonymous,
                    (long) BLOCK)),
            new Summary.Peer(
                anonymous, "unknown", anonymous, null, 0, 0, BLOCK, null, null, Map.of()),
            new Summary.Peer(
                "peer deadbeefcafef00d00000001",
                "unknown",
                "",
                null,
                0,
                0,
                BLOCK,
                null,
                null,
                Map.of())),
        s.peers());
    assertEquals(
        new Summary.Totals(2, 1, 1, SIZE1, SIZE1, SIZE1, 0, 3 * BLOCK, 0, 2 * BLOCK), s.totals());
    assertTrue(
        s.flows()
            .contains(
                new Summary.Flow(
                    "peer deadbeefcafef00d00000001", "unknown", "leecher-1", BLOCK, 1, 0, 2, 2)),
        s.flows().toString());
    assertEquals(
        List.of("seeder-1", anonymous, "peer deadbeefcafef00d00000001"), s.pieceMap().senders());
    assertEquals(
        List.of(0, 1, 0), s.pieceMap().rows().get("leecher-1"), "a tie goes to the first name");
    assertTrue(s.note().startsWith("Seeders sent 60% of the bytes"), s.note());
  }

  @Test
  void aRestartedPeerIsOnePeerUnderAllItsIdsAndLogs() {
    String a1b = SyntheticRun.id(0x23);
    String a2b = SyntheticRun.id(0x24);
    SyntheticRun run =
        new SyntheticRun(tmp, 1, 2)
            .container("seeder-1", "seeder", SEEDER)
            .container("leecher-2", "leecher", L2)
            .container("leecher-10", "leecher", L10)
            .started()
            .start(SEEDER, 1000, "s", "seeder")
            .torrents(SEEDER, S1, S2)
            .start(L2, 1001, "a", "leecher")
            .torrents(L2, A1, SyntheticRun.A2)
            .start(L10, 1001, "b", "leecher")
            .torrents(L10, B1, SyntheticRun.B2)
            .start(L2, 1010, "a", "leecher") // leecher-2 again, under new ids
            .torrents(L2, a1b, a2b);
    String firstLog = LabContract.blockLogName(L2) + ".1795654030123456789";
    run.event(firstLog, 1003, H1, S1, "down", "completed", 0, 0, BLOCK)
        .event(firstLog, 1003, H1, S1, "down", "completed", 0, BLOCK, BLOCK)
        .event(firstLog, 1004, H1, B1, "down", "completed", 1, 0, BLOCK);
    run.got(L2, 1011, H1, S1, 1, 0) // again, after the restart: the first one counts
        .got(L2, 1011, H1, S1, 1, BLOCK)
        .got(L2, 1012, H1, S1, 2, 0);
    for (int p = 0; p < 3; p++) {
      run.got(L2, 1012, H2, S2, p, 0, p == 2 ? LAST2 : BLOCK);
      run.got(L10, 1005, H2, S2, p, 0, p == 2 ? LAST2 : BLOCK);
      if (p < 2) {
        run.got(L2, 1012, H2, S2, p, BLOCK);
        run.got(L10, 1005, H2, S2, p, BLOCK);
      }
    }
    run.got(L10, 1004, H1, A1, 0, 0)
        .got(L10, 1004, H1, A1, 0, BLOCK)
        .got(L10, 1012, H1, a1b, 1, 0)
        .got(L10, 1012, H1, a1b, 1, BLOCK)
        .got(L10, 1012, H1, S1, 2, 0);

    Summary s = RunAnalysis.summarize(run.record);

    assertEquals(
        List.of("seeder-1", "leecher-2", "leecher-10"),
        s.peers().stream().map(Summary.Peer::name).toList());
    Summary.Peer restarted = s.peers().get(1);
    assertEquals(10L, restarted.startedAt(), "its last start");
    assertEquals(PAYLOAD, restarted.receivedBytes(), "both logs");
    assertEquals(BLOCK, restarted.duplicateBytes());
    assertEquals(12L, restarted.completedAt());
    assertEquals(2L, restarted.timeToComplete());
    assertEquals(4L * BLOCK, restarted.sentBytes(), "under its old ids and its new ones");
    assertEquals(
        Map.of("seeder-1", PAYLOAD - BLOCK, "leecher-10", (long) BLOCK), restarted.receivedFrom());
    assertEquals(
        List.of(
            new Summary.Flow("seeder-1", "seeder", "leecher-2", PAYLOAD - BLOCK, 9, BLOCK, 3, 12),
            new Summary.Flow("seeder-1", "seeder", "leecher-10", SIZE2 + BLOCK, 6, 0, 5, 12),
            new Summary.Flow("leecher-2", "leecher", "leecher-10", 4 * BLOCK, 4, 0, 4, 12),
            new Summary.Flow("leecher-10", "leecher", "leecher-2", BLOCK, 1, 0, 4, 4)),
        s.flows());
    assertTrue(s.complete());

    run.record.end(run.control, "down");
    assertEquals(withState(s, "ended"), RunAnalysis.summarize(run.record));
  }

  @Test
  void aLeecherStartedAgainAtAnotherAddressIsOneLeecherUnderAllItsIdsAndLogs() {
    SyntheticRun run = SyntheticRun.moved(tmp);

    Summary s = RunAnalysis.summarize(run.record);

    assertEquals(
        List.of(
            new Summary.Peer(
                "seeder-1", "seeder", SEEDER, 0L, 0, 0, 7L * BLOCK, null, null, Map.of()),
            new Summary.Peer(
                "leecher-2",
                "leecher",
                L2,
                1L,
                SIZE1,
                0,
                BLOCK,
                9L,
                8L,
                Map.of("seeder-1", 3L * BLOCK, "leecher-3", 2L * BLOCK)),
            new Summary.Peer(
                "leecher-3",
                "leecher",
                SyntheticRun.NEW_L3,
                6L,
                SIZE1,
                BLOCK,
                2L * BLOCK,
                8L,
                2L,
                Map.of("seeder-1", 4L * BLOCK, "leecher-2", (long) BLOCK))),
        s.peers(),
        "its address and start the latest; its time to complete from the start before it did");
    assertEquals(
        List.of(
            new Summary.Flow("seeder-1", "seeder", "leecher-3", 4 * BLOCK, 4, BLOCK, 2, 8),
            new Summary.Flow("seeder-1", "seeder", "leecher-2", 3 * BLOCK, 3, 0, 2, 9),
            new Summary.Flow("leecher-3", "leecher", "leecher-2", 2 * BLOCK, 2, 0, 3, 8),
            new Summary.Flow("leecher-2", "leecher", "leecher-3", BLOCK, 1, 0, 3, 3)),
        s.flows());
    assertEquals(
        new Summary.Totals(1, 2, 2, SIZE1, 2 * SIZE1, 2 * SIZE1, BLOCK, 7 * BLOCK, 3 * BLOCK, 0),
        s.totals());
    assertTrue(s.complete());
    assertEquals(
        List.of("leecher-2", "leecher-3"), List.copyOf(s.timeline().leecherProgress().keySet()));
    List<Double> l3 = s.timeline().leecherProgress().get("leecher-3");
    assertEquals(1.0, l3.get(l3.size() - 1));
    assertEquals(List.of("leecher-2", "leecher-3"), List.copyOf(s.pieceMap().rows().keySet()));
    assertEquals(List.of("seeder-1", "leecher-2", "leecher-3"), s.pieceMap().senders());

    run.record.end(run.control, "down");
    assertEquals(withState(s, "ended"), RunAnalysis.summarize(run.record));
  }

  @Test
  void anAddressAnotherPeerHadNamesEachStartByItsPeerFileNotTheStartedEvent() {
    SyntheticRun run = SyntheticRun.reused(tmp);

    Summary s = RunAnalysis.summarize(run.record);

    assertEquals(
        List.of(
            new Summary.Peer(
                "seeder-1", "seeder", SEEDER, 0L, 0, 0, 9L * BLOCK, null, null, Map.of()),
            new Summary.Peer(
                "leecher-2",
                "leecher",
                L2,
                1L,
                3L * BLOCK,
                0,
                2L * BLOCK,
                null,
                null,
                Map.of("seeder-1", 2L * BLOCK, "leecher-5", (long) BLOCK)),
            new Summary.Peer(
                "leecher-5",
                "leecher",
                L2,
                6L,
                SIZE1,
                0,
                2L * BLOCK,
                7L,
                1L,
                Map.of("seeder-1", 4L * BLOCK, "leecher-2", (long) BLOCK)),
            new Summary.Peer(
                "leecher-10",
                "leecher",
                L10,
                1L,
                SIZE1,
                0,
                0,
                8L,
                7L,
                Map.of(
                    "seeder-1", 3L * BLOCK, "leecher-2", (long) BLOCK, "leecher-5", (long) BLOCK))),
        s.peers(),
        "L2's earlier log leecher-2's, its current one leecher-5's; leecher-5 now at L2");
    assertTrue(
        s.flows()
            .contains(new Summary.Flow("leecher-5", "leecher", "leecher-10", BLOCK, 1, 0, 8, 8)),
        "sent under the id of its second start: " + s.flows());
    assertTrue(
        s.flows()
            .contains(new Summary.Flow("leecher-5", "leecher", "leecher-2", BLOCK, 1, 0, 3, 3)),
        "and of its first: " + s.flows());
    assertFalse(s.complete());
    assertEquals("incomplete so far: 1 of 3 leechers did not finish (leecher-2 60%)", s.note());
    assertEquals(2, s.totals().leechersComplete());
  }

  @Test
  void aStartThatOpenedNoLogLeavesTheAddresssOnlyLogToTheStartItsEventsFollow() {
    // L2: leecher-2's start (1001), which never opened a log, then leecher-5's (1006); one log,
    // from 1007: as many logs as starts would pair them in order, two starts and one log go by time
    SyntheticRun run = SyntheticRun.reusedBeforeALog(tmp);

    Summary s = RunAnalysis.summarize(run.record);

    Map<String, Summary.Peer> byName = new java.util.HashMap<>();
    s.peers().forEach(p -> byName.put(p.name(), p));
    assertEquals(
        List.of("seeder-1", "leecher-2", "leecher-5", "leecher-10"),
        s.peers().stream().map(Summary.Peer::name).toList());
    assertEquals(0, byName.get("leecher-2").receivedBytes(), "it kept nothing");
    assertEquals(1L, byName.get("leecher-2").startedAt());
    assertEquals(SIZE1, byName.get("leecher-5").receivedBytes(), "both its logs");
    assertEquals(7L, byName.get("leecher-5").completedAt());
    assertEquals(BLOCK, byName.get("leecher-5").sentBytes(), "under its second start's id");
    assertEquals(
        Map.of("seeder-1", 4L * BLOCK, "leecher-5", (long) BLOCK),
        byName.get("leecher-10").receivedFrom());
  }

  @Test
  void aLongRunHasAtMostSixHundredBuckets() {
    SyntheticRun run =
        new SyntheticRun(tmp, 1, 1)
            .start(SEEDER, 1000, "seeder-1", "seeder")
            .torrent(SEEDER, H1, S1, SIZE1, "f")
            .start(L2, 1000, "leecher-1", "leecher")
            .torrent(L2, H1, A1, SIZE1, "f")
            .got(L2, 1000, H1, S1, 0, 0)
            .got(L2, 1000 + 50_000, H1, S1, 0, BLOCK)
            .got(L2, 1000 + 50_200, H1, S1, 1, 0)
            .got(L2, 1000 + 99_999, H1, S1, 1, BLOCK)
            .got(L2, 1000 + 100_000, H1, S1, 2, 0);

    Summary s = RunAnalysis.summarize(run.record);

    Summary.Timeline t = s.timeline();
    assertEquals(100_000, s.duration());
    assertEquals(167, t.step()); // (100000 + 600) / 600
    assertEquals(599, t.times().size());
    assertTrue(t.times().size() <= RunAnalysis.MAX_BUCKETS);
    assertEquals(599L * 167, t.times().get(598), "the last bucket holds the last block");
    assertEquals(0.2, t.swarmProgress().get(0));
    assertEquals(0.4, t.swarmProgress().get(299), "50000 / 167 = bucket 299");
    assertEquals(0.2, t.swarmProgress().get(298));
    assertEquals(0.6, t.swarmProgress().get(300), "50200 / 167 = bucket 300");
    assertEquals(1.0, t.swarmProgress().get(598));
    assertEquals(SIZE1, t.seederUpload().stream().mapToLong(Long::longValue).sum());
    assertMonotone(t.swarmProgress());
    assertEquals(RunAnalysis.SPREAD_COLUMNS, s.spread().times().size());
    assertEquals(100_000L, s.spread().times().get(RunAnalysis.SPREAD_COLUMNS - 1));
    assertEquals(List.of(1.0, 1.0, 1.0), s.spread().holders().get(RunAnalysis.SPREAD_COLUMNS - 1));
    assertEquals(List.of(1.0, 0.0, 0.0), s.spread().holders().get(49), "at 50000 s");
  }

  @Test
  void aBlockOutsideItsTorrentCountsInBytesOnly() {
    SyntheticRun run =
        new SyntheticRun(tmp, 1, 1)
            .start(SEEDER, 1000, "seeder-1", "seeder")
            .torrent(SEEDER, H1, S1, SIZE1, "f")
            .start(L2, 1000, "leecher-1", "leecher")
            .torrent(L2, H1, A1, SIZE1, "f")
            .got(L2, 1001, H1, S1, 3, 0) // the torrent has pieces 0 to 2
            .got(L2, 1001, H1, S1, 2_000_000_000, 0)
            .got(L2, 1002, H1, S1, 0, 0)
            .got(L2, 1002, H1, S1, 0, BLOCK)
            .got(L2, 1003, H1, S1, 1, 0)
            .got(L2, 1003, H1, S1, 1, BLOCK)
            .got(L2, 1004, H1, S1, 2, 0);

    Summary s = RunAnalysis.summarize(run.record);

    Summary.Peer leecher = s.peers().get(1);
    assertEquals(SIZE1 + 2 * BLOCK, leecher.receivedBytes());
    assertEquals(4L, leecher.completedAt(), "complete with its last real block, not before");
    assertEquals(3, s.spread().pieces());
    assertEquals(List.of(1.0, 1.0, 1.0), s.spread().holders().get(s.spread().holders().size() - 1));
    assertEquals(List.of(0, 0, 0), s.pieceMap().rows().get("leecher-1"));
  }

  @Test
  void aPeerFilesAbsurdClaimsDoNotBreakTheReport() {
    SyntheticRun run =
        new SyntheticRun(tmp, 1, 1)
            .start(SEEDER, 1000, "seeder-1", "seeder")
            .torrent(SEEDER, H1, S1, SIZE1, "f")
            .append(
                LabContract.peerFileName(SEEDER),
                "torrent 1000 " + H2 + " " + S2 + " " + (Integer.MAX_VALUE - 3) + " 1 huge")
            .start(L2, 1000, "leecher-1", "leecher")
            .append(LabContract.peerFileName(L2), "peer -9000000000000000000 leecher-1 leecher")
            .append(
                LabContract.peerFileName(L2),
                "torrent 1000 " + H2 + " " + A1 + " " + (Integer.MAX_VALUE - 3) + " 1 huge")
            .got(L2, 1001, H1, S1, 0, 0)
            .got(L2, 1002, H2, S1, Integer.MAX_VALUE - 4, 0);

    Summary s = RunAnalysis.summarize(run.record);

    assertEquals(1000, s.epoch0());
    assertEquals(2, s.duration());
    assertEquals(Integer.MAX_VALUE, s.spread().pieces());
    assertTrue(s.spread().holders().get(0).size() <= RunAnalysis.SPREAD_ROWS);
    assertTrue(s.pieceMap().rows().get("leecher-1").size() <= RunAnalysis.MAP_COLUMNS);
    assertEquals(2L * BLOCK, s.peers().get(1).receivedBytes());
  }

  @Test
  void whatWasDoneOnPurposeIsMarkedAtItsSecondWithAShortLabel() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    // as the commands note them, not all in order of time; epoch0 is 1000
    run.noted(1030, "kill", Map.of("target", "seeder-1", "peers", List.of("seeder-1")))
        .noted(1009, "complete", Map.of("summary", "2/2 complete"))
        .noted(
            999,
            "link",
            Map.of("target", "leecher", "conditions", "8 Mbit/s", "peers", List.of("leecher-2")))
        .noted(
            1012,
            "throttle",
            Map.of("target", "seeder", "up", 1_048_576, "peers", List.of("seeder-1")))
        .noted(
            1013,
            "throttle",
            Map.of("target", "leecher-2", "up", 0, "down", 524_288, "peers", List.of("leecher-2")))
        .noted(
            1026, // noted once its leechers had started, 6 s after it began
            "scale",
            Map.of(
                "from",
                3,
                "to",
                5,
                "added",
                List.of("leecher-4", "leecher-5"),
                "removed",
                List.of(),
                "began",
                1020))
        .noted(1052, "step", Map.of("step", 5, "action", "verify all", "began", 1090))
        .noted(1025, "restart", Map.of("target", "leecher-1", "peers", List.of("leecher-1")))
        .noted(1025, "pause", Map.of("target", "seeder", "peers", List.of()))
        .noted(1027, "unpause", Map.of("target", "seeder", "peers", List.of("seeder-1")))
        .noted(
            1040,
            "link",
            Map.of("target", "all", "conditions", "none", "peers", List.of("seeder-1")))
        .noted(1050, "step", Map.of("step", 3, "action", "kill seeder-1", "trigger", "at 5s"))
        .noted(1051, "step", Map.of("step", 4, "trigger", "at 6s"))
        .noted(1060, "timeout", Map.of("summary", "..."))
        .noted("{\"at\":\"yesterday\",\"event\":\"kill\",\"detail\":{\"target\":\"x\"}}")
        .noted("{\"event\":\"kill\",\"detail\":{\"target\":\"y\"}}")
        .down(Map.of("seeder-1", "exited"));

    Summary s = RunAnalysis.summarize(run.record);

    assertEquals(
        List.of(
            new Summary.Mark(-1, "link leecher 8 Mbit/s", "link"),
            new Summary.Mark(12, "throttle seeder up 1.0 MiB/s", "throttle"),
            new Summary.Mark(13, "throttle leecher-2 up none down 512.0 KiB/s", "throttle"),
            new Summary.Mark(20, "scale 3 → 5 leechers", "scale"),
            new Summary.Mark(25, "restart leecher-1", "restart"),
            new Summary.Mark(25, "pause seeder (failed)", "pause"),
            new Summary.Mark(27, "unpause seeder", "unpause"),
            new Summary.Mark(30, "kill seeder-1", "kill"),
            new Summary.Mark(40, "link all cleared", "link"),
            new Summary.Mark(50, "kill seeder-1", "step"),
            new Summary.Mark(51, "step 4", "step"),
            new Summary.Mark(52, "verify all", "step")),
        s.marks(),
        "by time, one second's in the record's order; the lab's own events and lines without a"
            + " time are not marked");
    assertEquals(0, s.marksLeftOut());
    assertEquals(9, s.duration(), "marks are no blocks: the run's length is the same");
  }

  @Test
  void aRunWhereNothingWasDoneHasNoMarks() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    run.noted(1009, "complete", Map.of("summary", "2/2 complete"))
        .down(Map.of("seeder-1", "exited"));

    Summary s = RunAnalysis.summarize(run.record);

    assertEquals(List.of(), s.marks());
    assertEquals(0, s.marksLeftOut());
  }

  @Test
  void marksAreBoundedToTheEarliestAndTheRestCounted() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    for (int i = 0; i < RunMarks.MAX + 50; i++) {
      long at = RunMarks.MAX + 49 - i; // the latest first
      run.noted(1000 + at, "kill", Map.of("target", "leecher-" + at, "peers", List.of()));
    }

    Summary s = RunAnalysis.summarize(run.record);

    assertEquals(RunMarks.MAX, s.marks().size());
    assertEquals(50, s.marksLeftOut());
    for (int i = 0; i < RunMarks.MAX; i++) {
      assertEquals(i, s.marks().get(i).at());
      assertEquals("kill leecher-" + i + " (failed)", s.marks().get(i).label());
    }
  }

  @Test
  void aHostileLabelIsMadePrintableAndCutShort() {
    SyntheticRun run = SyntheticRun.standard(tmp);
    String hostile =
        "<script>alert(1)</script>\u0000\u001b[31m\u202Eevil\r\n\t" + "x".repeat(10_000);
    run.noted(1003, "step", Map.of("step", 1, "action", hostile, "trigger", "at 3s"))
        .noted(1004, "kill", Map.of("target", hostile, "peers", List.of("seeder-1")));

    List<Summary.Mark> marks = RunAnalysis.summarize(run.record).marks();

    assertEquals(2, marks.size());
    for (Summary.Mark m : marks) {
      String label = m.label();
      assertEquals(RunMarks.MAX_LABEL, label.codePointCount(0, label.length()), label);
      assertTrue(label.endsWith("…"), "cut, and says so");
      assertTrue(
          label.chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0x202E),
          "nothing that prints nothing or turns the text: " + label);
      assertFalse(label.contains("  "), "white space is one space");
    }
    assertTrue(
        marks.get(0).label().startsWith("<script>alert(1)</script>\uFFFD\uFFFD[31m\uFFFDevil xxx"),
        "the text is kept as text (the page escapes it): " + marks.get(0).label());
    assertTrue(marks.get(1).label().startsWith("kill <script>"));
  }

  @Test
  void printableKeepsShortTextAndCutsLongTextAtWholeCharacters() {
    assertEquals("kill seeder-1", RunMarks.printable("  kill \n seeder-1 \t"));
    String emoji = "\uD83D\uDE00"; // one character of two chars
    String cut = RunMarks.printable(emoji.repeat(100));
    assertEquals(emoji.repeat(RunMarks.MAX_LABEL - 1) + "…", cut);
    assertEquals(cut, RunMarks.printable(cut), "the same when made printable again");
    String exact = "y".repeat(RunMarks.MAX_LABEL);
    assertEquals(exact, RunMarks.printable(exact), "as long as it may be: kept whole");
    assertEquals("\uFFFD", RunMarks.printable("\uD800"), "a lone surrogate");
  }

  @Test
  void namesCompareWithTheirNumbersAsNumbers() {
    assertTrue(RunAnalysis.natural("leecher-2", "leecher-10") < 0);
    assertTrue(RunAnalysis.natural("leecher-10", "leecher-2") > 0);
    assertTrue(RunAnalysis.natural("leecher-9", "seeder-1") < 0);
    assertTrue(RunAnalysis.natural("a", "a1") < 0);
    assertTrue(RunAnalysis.natural("b1", "a2") > 0);
    assertTrue(RunAnalysis.natural("x10y2", "x10y10") < 0);
    assertTrue(RunAnalysis.natural("n99999999999999999999", "n100000000000000000000") < 0);
    assertEquals(0, RunAnalysis.natural("leecher-1", "leecher-1"));
    assertEquals(0, RunAnalysis.natural("leecher-007", "leecher-7"));
    List<String> names =
        new ArrayList<>(List.of("leecher-10", "leecher-9", "leecher-1", "leecher-100"));
    names.sort(RunAnalysis::natural);
    assertEquals(List.of("leecher-1", "leecher-9", "leecher-10", "leecher-100"), names);
  }

  static Summary withState(Summary s, String state) {
    return new Summary(
        s.run(),
        s.project(),
        s.started(),
        s.plan(),
        state,
        s.complete(),
        s.note(),
        s.epoch0(),
        s.duration(),
        s.torrents(),
        s.peers(),
        s.flows(),
        s.totals(),
        s.timeline(),
        s.spread(),
        s.pieceMap());
  }

  private static List<Double> shares(long whole, long... cumulative) {
    List<Double> out = new ArrayList<>();
    for (long c : cumulative) {
      out.add((double) c / whole);
    }
    return out;
  }

  private static List<Double> row(double... holders) {
    List<Double> out = new ArrayList<>();
    for (double h : holders) {
      out.add(h);
    }
    return out;
  }

  private static void assertMonotone(List<Double> series) {
    for (int i = 1; i < series.size(); i++) {
      assertTrue(series.get(i) >= series.get(i - 1), "falls at " + i + ": " + series);
    }
  }
}
