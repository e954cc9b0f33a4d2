package dev.swarmlab.monitor;

import static dev.swarmlab.report.SyntheticRun.A1;
import static dev.swarmlab.report.SyntheticRun.BLOCK;
import static dev.swarmlab.report.SyntheticRun.C1;
import static dev.swarmlab.report.SyntheticRun.D1;
import static dev.swarmlab.report.SyntheticRun.H1;
import static dev.swarmlab.report.SyntheticRun.L10;
import static dev.swarmlab.report.SyntheticRun.L2;
import static dev.swarmlab.report.SyntheticRun.NEW_L3;
import static dev.swarmlab.report.SyntheticRun.OLD_L3;
import static dev.swarmlab.report.SyntheticRun.S1;
import static dev.swarmlab.report.SyntheticRun.SEEDER;
import static dev.swarmlab.report.SyntheticRun.SIZE1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.StubEngine;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.report.SyntheticRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes received from each peer, from the logs, read again only where they grew; a peer is one per
 * name, over all its starts at whichever addresses.
 */
class BlockTallyTest {
  private static final String HASH = "A8F820C917F4E44403946A6FC7F705B68DB123F2";
  private static final String SEEDER_ID = "2D6C74304438302D000000000000000000000001";
  private static final String LEECHER = "10.0.0.3";
  @TempDir Path dir;

  private static String block(int piece, int offset) {
    return "1795654038 "
        + HASH
        + "->piece_events: "
        + SEEDER_ID
        + " (down) completed  "
        + piece
        + " "
        + offset
        + " 16384\n";
  }

  private void append(String file, String text) throws Exception {
    Files.writeString(
        dir.resolve(file),
        text,
        StandardCharsets.ISO_8859_1,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private Map<String, Long> tally(BlockTally t) {
    return t.receivedFrom(
            dir, Map.of("10.0.0.2", "seeder-1", LEECHER, "leecher-1"), List.of("leecher-1"))
        .get("leecher-1");
  }

  /** A container of a lab whose control directory is {@code control}; no address if not running. */
  private static ContainerInfo container(String name, String address, Path control) {
    String service = name.substring(0, name.lastIndexOf('-'));
    int number = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    return new ContainerInfo(
        "id-" + name,
        "lab-" + name,
        service,
        number,
        address == null ? "exited" : "running",
        Map.of(),
        Map.of(),
        Map.of(LabContract.CONTROL_MOUNT, control.toString()),
        address,
        1);
  }

  /** Each peer's bytes kept from each other, as {@code status --json} has them, by name. */
  private static Map<String, Map<String, Long>> receivedFrom(
      SwarmMonitor monitor, List<ContainerInfo> containers) {
    List<PeerStatus> peers = new ArrayList<>();
    containers.forEach(c -> peers.add(PeerStatus.of(c, c.state(), List.of(), null, 0, false)));
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (PeerStatus p :
        monitor.withReceivedFrom(SwarmSnapshot.of("lab", peers), containers).peers()) {
      if (p.receivedFrom() != null) {
        out.put(p.name(), p.receivedFrom());
      }
    }
    return out;
  }

  @Test
  void aLeecherStartedAgainAtAnotherAddressIsTalliedOverBothStarts() {
    // leecher-3 polled while at its first address, then again once it has moved
    SyntheticRun run =
        new SyntheticRun(dir, 1, 2)
            .start(SEEDER, 1000, "seeder-1", "seeder")
            .torrent(SEEDER, H1, S1, SIZE1, "f")
            .start(L2, 1001, "leecher-2", "leecher")
            .torrent(L2, H1, A1, SIZE1, "f")
            .start(OLD_L3, 1001, "leecher-3", "leecher")
            .torrent(OLD_L3, H1, C1, SIZE1, "f")
            .got(OLD_L3, 1002, H1, S1, 0, 0)
            .got(OLD_L3, 1002, H1, S1, 0, BLOCK)
            .got(OLD_L3, 1003, H1, A1, 1, 0)
            .got(L2, 1003, H1, C1, 0, 0);
    ContainerInfo seeder = container("seeder-1", SEEDER, run.control);
    ContainerInfo l2 = container("leecher-2", L2, run.control);
    try (SwarmMonitor monitor = new SwarmMonitor(new StubEngine(), Duration.ofSeconds(1))) {
      assertEquals(
          Map.of(
              "seeder-1", Map.of(),
              "leecher-2", Map.of("leecher-3", (long) BLOCK),
              "leecher-3", Map.of("seeder-1", 2L * BLOCK, "leecher-2", (long) BLOCK)),
          receivedFrom(monitor, List.of(seeder, l2, container("leecher-3", OLD_L3, run.control))));

      run.start(NEW_L3, 1006, "leecher-3", "leecher")
          .torrent(NEW_L3, H1, D1, SIZE1, "f")
          .got(NEW_L3, 1007, H1, S1, 1, 0) // again: not counted twice
          .got(NEW_L3, 1007, H1, S1, 1, BLOCK)
          .got(L2, 1008, H1, D1, 1, BLOCK);
      List<ContainerInfo> now = List.of(seeder, l2, container("leecher-3", NEW_L3, run.control));
      Map<String, Map<String, Long>> expected =
          Map.of(
              "seeder-1", Map.of(),
              "leecher-2", Map.of("leecher-3", 2L * BLOCK),
              "leecher-3", Map.of("seeder-1", 3L * BLOCK, "leecher-2", (long) BLOCK));
      assertEquals(expected, receivedFrom(monitor, now));
      try (SwarmMonitor fresh = new SwarmMonitor(new StubEngine(), Duration.ofSeconds(1))) {
        assertEquals(expected, receivedFrom(fresh, now), "as if read at once");
      }

      Provenance p = monitor.provenance(now, "leecher-3").orElseThrow();
      assertEquals(List.of("seeder-1", "leecher-2"), p.senders());
      assertEquals(List.of(3L * BLOCK, (long) BLOCK), p.sentBytes());
    }
  }

  @Test
  void anAddressAnotherPeerHadGivesEachLogAndIdToItsOwnStart() {
    // leecher-5 now at L2, leecher-2's address before it was killed
    SyntheticRun run = SyntheticRun.reused(dir);
    List<ContainerInfo> now =
        List.of(
            container("seeder-1", SEEDER, run.control),
            container("leecher-2", null, run.control),
            container("leecher-5", L2, run.control),
            container("leecher-10", L10, run.control));
    try (SwarmMonitor monitor = new SwarmMonitor(new StubEngine(), Duration.ofSeconds(1))) {
      assertEquals(
          Map.of(
              "seeder-1", Map.of(),
              "leecher-5", Map.of("seeder-1", 4L * BLOCK, "leecher-2", (long) BLOCK),
              "leecher-10",
                  Map.of(
                      "seeder-1",
                      3L * BLOCK,
                      "leecher-2",
                      (long) BLOCK,
                      "leecher-5",
                      (long) BLOCK)),
          receivedFrom(monitor, now));

      Provenance p = monitor.provenance(now, "leecher-5").orElseThrow();
      assertEquals(List.of("seeder-1", "leecher-2"), p.senders());
      assertEquals(List.of(4L * BLOCK, (long) BLOCK), p.sentBytes());
      assertEquals(List.of(0, 0, 0), p.torrents().get(0).from(), "all pieces mostly the seeder's");
    }
  }

  @Test
  void anAddressWithAStartThatOpenedNoLogGivesItsLogToTheStartItsEventsFollow() {
    SyntheticRun run = SyntheticRun.reusedBeforeALog(dir);
    List<ContainerInfo> now =
        List.of(
            container("seeder-1", SEEDER, run.control),
            container("leecher-5", L2, run.control),
            container("leecher-10", L10, run.control));
    try (SwarmMonitor monitor = new SwarmMonitor(new StubEngine(), Duration.ofSeconds(1))) {
      assertEquals(
          Map.of(
              "seeder-1", Map.of(),
              "leecher-5", Map.of("seeder-1", SIZE1),
              "leecher-10", Map.of("seeder-1", 4L * BLOCK, "leecher-5", (long) BLOCK)),
          receivedFrom(monitor, now));
    }
  }

  @Test
  void aTallyAskedAgainReadsOnlyWhatWasWrittenAndNeverHalfALine() throws Exception {
    append(
        "10.0.0.2.peer",
        "peer 1 seeder-1 seeder\ntorrent 1 " + HASH + " " + SEEDER_ID + " 65536 32768 f\n");
    String log = LabContract.blockLogName(LEECHER);
    append(log, block(0, 0) + block(0, 16384));
    BlockTally t = new BlockTally();
    assertEquals(Map.of("seeder-1", 32768L), tally(t));

    String next = block(1, 0);
    append(log, next.substring(0, 40)); // a line being written
    assertEquals(Map.of("seeder-1", 32768L), tally(t), "half a line waits");
    append(log, next.substring(40) + block(0, 0)); // the rest, and a block already kept
    assertEquals(Map.of("seeder-1", 49152L), tally(t), "each block once");
    assertEquals(tally(new BlockTally()), tally(t), "the same as reading it all at once");

    // the log replaced (the peer started again): read again from its start
    Files.delete(dir.resolve(log));
    append(log, block(1, 16384));
    assertEquals(Map.of("seeder-1", 16384L), tally(t));
  }
}
