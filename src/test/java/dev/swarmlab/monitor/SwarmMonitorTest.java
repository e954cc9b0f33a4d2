package dev.swarmlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.rtorrent.TorrentStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmMonitorTest {
  private static final long START = 1_800_000_000L;

  private static ContainerInfo container(String service, int n, long created) {
    return container(service, n, created, "/labs/lab/peers");
  }

  /** As above, with its control directory at {@code controlDir}. */
  private static ContainerInfo container(String service, int n, long created, String controlDir) {
    return new ContainerInfo(
        "id" + service + n,
        "lab-" + service + "-" + n,
        service,
        n,
        "running",
        Map.of("swarmlab.torrents", "2", "swarmlab.payload-bytes", "1000"),
        Map.of(),
        Map.of("/run/swarmlab", controlDir),
        "172.20.0." + (10 + n),
        created);
  }

  private static ContainerInfo leecher(int n) {
    return container("leecher", n, START + 5);
  }

  private static TorrentStatus torrent(
      String name, long size, long done, boolean complete, long finishedAt) {
    return new TorrentStatus("H" + name, name, size, done, 5, 7, 2, complete, finishedAt);
  }

  private static PeerStatus peer(ContainerInfo c, List<TorrentStatus> torrents) {
    return PeerStatus.of(c, "running", torrents, null, START, false);
  }

  @Test
  void progressCountsTheWholePayloadEvenBeforeEveryTorrentIsLoaded() {
    PeerStatus p = peer(leecher(1), List.of(torrent("disk.img", 900, 900, true, START + 40)));
    assertEquals(1000, p.bytesTotal(), "the label's payload size, not just the loaded torrent");
    assertEquals(0.9, p.progress(), 1e-9);
    assertFalse(p.complete(), "one of two torrents is not even loaded yet");
    assertNull(p.secondsToComplete());
    assertEquals("leecher-1", p.name());
  }

  @Test
  void aRerunsPayloadCountsOverWhatTheContainerWasCreatedWith() {
    List<TorrentStatus> both =
        List.of(
            torrent("disk.img", 900, 900, true, START + 40),
            torrent("photos", 100, 100, true, START + 12));
    PeerStatus three =
        PeerStatus.of(
            leecher(1),
            "running",
            both,
            null,
            START,
            new dev.swarmlab.plan.LabContract.Shared(3, 4000),
            false,
            null);
    assertEquals(4000, three.bytesTotal(), "the rerun's payload, not the label's 1000");
    assertEquals(0.25, three.progress(), 1e-9);
    assertFalse(three.complete(), "two of the rerun's three torrents");
    PeerStatus smaller =
        PeerStatus.of(
            leecher(1),
            "running",
            List.of(torrent("disk.img", 500, 500, true, START + 40)),
            null,
            START,
            new dev.swarmlab.plan.LabContract.Shared(1, 500),
            false,
            null);
    assertTrue(smaller.complete(), "one torrent is the whole of a smaller payload");
    assertEquals(500, smaller.bytesTotal());
  }

  @Test
  void completeMeansEveryTorrentLoadedAndComplete() {
    PeerStatus done =
        peer(
            leecher(2),
            List.of(
                torrent("disk.img", 900, 900, true, START + 40),
                torrent("photos", 100, 100, true, START + 12)));
    assertTrue(done.complete());
    assertEquals(1.0, done.progress());
    assertEquals(10, done.downRate());
    assertEquals(14, done.upRate());
    assertEquals(4, done.peersConnected());
    assertEquals(
        40L, done.secondsToComplete(), "its last torrent's completion, from the lab's start");
    assertNull(done.torrents(), "torrents only when asked for");

    PeerStatus half =
        peer(
            leecher(3),
            List.of(
                torrent("disk.img", 900, 900, true, START + 40),
                torrent("photos", 100, 50, false, 0)));
    assertFalse(half.complete());
    assertEquals(0.95, half.progress(), 1e-9);
  }

  @Test
  void seedersHaveNoTimeToComplete() {
    PeerStatus s =
        peer(
            container("seeder", 1, START),
            List.of(
                torrent("a", 500, 500, true, START + 1), torrent("b", 500, 500, true, START + 1)));
    assertTrue(s.complete());
    assertNull(s.secondsToComplete());
  }

  @Test
  void theLabStartsWithItsFirstContainer() {
    assertEquals(
        START,
        SwarmMonitor.labStart(
            List.of(
                leecher(1), container("mktorrent", 1, START), container("seeder", 1, START + 2))));
  }

  @Test
  void aRerunLabsRunStartsWhenItsPeersWereLetGo(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ContainerInfo seeder = container("seeder", 1, START + 1, dir.toString());
    List<ContainerInfo> lab = List.of(container("tracker", 1, START), seeder);
    assertEquals(START, SwarmMonitor.currentRun(lab).start(), "no rerun file: the first container");
    java.nio.file.Path file = dir.resolve(dev.swarmlab.plan.LabContract.RERUN_FILE);
    java.nio.file.Files.writeString(file, "stop 20261126T000000Z-0000abcd\n");
    assertEquals(
        START, SwarmMonitor.currentRun(lab).start(), "while peers stop, still the run before");
    java.nio.file.Files.writeString(
        file, "stop 20261126T000000Z-0000abcd " + (START + 500) + " 0 0 0 0\n");
    assertEquals(START + 500, SwarmMonitor.currentRun(lab).start(), "peers going a few at a time");
    java.nio.file.Files.writeString(
        file, "go 20261126T000000Z-0000abcd " + (START + 600) + " 0 0 0 0\n");
    assertEquals(START + 600, SwarmMonitor.currentRun(lab).start());
    assertNull(SwarmMonitor.currentRun(lab).shared(), "a line without them: the labels say");
    java.nio.file.Files.writeString(
        file, "go 20261126T000000Z-0000abcd " + (START + 600) + " 0 0 0 0 3 2048\n");
    assertEquals(
        new dev.swarmlab.plan.LabContract.Shared(3, 2048), SwarmMonitor.currentRun(lab).shared());
    java.nio.file.Files.writeString(file, "go x " + (START - 600) + " 0 0 0 0 3 2048\n");
    assertNull(SwarmMonitor.currentRun(lab).shared(), "an old line says nothing of this run");
    assertEquals(START, SwarmMonitor.currentRun(lab).start(), "never before the lab itself");
    java.nio.file.Files.delete(file);
    java.nio.file.Files.createSymbolicLink(file, dir.resolve("elsewhere"));
    java.nio.file.Files.writeString(dir.resolve("elsewhere"), "go x " + (START + 9) + " 0 0 0 0\n");
    assertEquals(START, SwarmMonitor.currentRun(lab).start(), "a link is not the lab's file");
  }

  @Test
  void aLeecherThatDoesNotAnswerWantsTheRerunsPayload(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    ContainerInfo quiet = container("leecher", 1, START + 1, dir.toString());
    java.nio.file.Files.writeString(
        dir.resolve(dev.swarmlab.plan.LabContract.RERUN_FILE),
        "go 20261126T000000Z-0000abcd " + (START + 600) + " 0 0 0 0 3 2048\n");
    try (SwarmMonitor monitor = new SwarmMonitor(null, java.time.Duration.ofMillis(200))) {
      SwarmSnapshot snap =
          monitor.poll("lab", List.of(container("tracker", 1, START), quiet), false);
      PeerStatus p = snap.peers().get(0);
      assertEquals(PeerStatus.UNREACHABLE, p.state(), "it has no socket");
      assertEquals(2048, p.bytesTotal(), "the rerun's payload, not the label's 1000");
      assertEquals(1, snap.summary().unanswered());
      assertEquals(0.0, snap.summary().progress());
    }
  }

  @Test
  void aLeecherIsCountedOverTheTorrentsTheSeedersHold() {
    List<TorrentStatus> lab =
        List.of(
            torrent("disk.img", 900, 900, true, START + 40),
            torrent("photos", 100, 100, true, START + 12));
    List<TorrentStatus> withAnother = new ArrayList<>(lab);
    withAnother.add(torrent("added-from-flood", 5000, 0, false, 0));
    List<SwarmMonitor.Polled> polled =
        List.of(
            new SwarmMonitor.Polled(container("seeder", 1, START), "running", lab, null),
            new SwarmMonitor.Polled(leecher(1), "running", withAnother, null));
    java.util.Set<String> seeded = SwarmMonitor.seeded(polled);
    assertEquals(java.util.Set.of("Hdisk.img", "Hphotos"), seeded);
    SwarmMonitor.CurrentRun run = SwarmMonitor.currentRun(List.of(container("tracker", 1, START)));
    PeerStatus p = polled.get(1).status(run, true, seeded);
    assertTrue(p.complete(), "complete in what the lab shares");
    assertEquals(1000, p.bytesDone());
    assertEquals(1000, p.bytesTotal());
    assertEquals(3, p.torrents().size(), "listed all the same");
    assertFalse(polled.get(1).status(run, false, null).complete(), "counted over all torrents");
    assertNull(SwarmMonitor.seeded(List.of(polled.get(1))), "no seeder answered: nothing to go by");
    // a seeder still loading the lab's torrents holds fewer than the lab has: not complete yet
    List<SwarmMonitor.Polled> loading =
        List.of(
            new SwarmMonitor.Polled(
                container("seeder", 1, START), "running", lab.subList(0, 1), null),
            polled.get(1));
    PeerStatus early = loading.get(1).status(run, false, SwarmMonitor.seeded(loading));
    assertFalse(early.complete(), "one of the label's two torrents counted");
  }

  @Test
  void peersAreSeedersFirstThenLeechersByNumber() {
    List<ContainerInfo> all =
        List.of(
            leecher(10), container("tracker", 1, START), leecher(2), container("seeder", 1, START));
    assertEquals(
        List.of("seeder-1", "leecher-2", "leecher-10"),
        SwarmMonitor.peers(all).stream().map(SwarmMonitor::peerName).toList());
  }

  @Test
  void summaryCountsLeechersOnlyAndSpreadsCompletionTimes() {
    PeerStatus s =
        peer(container("seeder", 1, START), List.of(torrent("all", 1000, 1000, true, START)));
    List<PeerStatus> peers = new java.util.ArrayList<>(List.of(s));
    long[] finished = {30, 10, 20, 50, 40};
    for (int i = 0; i < finished.length; i++) {
      peers.add(
          peer(
              leecher(i + 1),
              List.of(
                  torrent("disk.img", 900, 900, true, START + finished[i]),
                  torrent("photos", 100, 100, true, START + 1))));
    }
    peers.add(
        PeerStatus.of(
            leecher(9), "unreachable", List.of(), "no reply within 2000 ms", START, false));
    SwarmSnapshot snap = SwarmSnapshot.of("lab", peers);
    assertEquals(6, snap.summary().leechers());
    assertEquals(5, snap.summary().leechersComplete());
    assertEquals(5.0 / 6, snap.summary().progress(), 1e-9);
    assertEquals(1, snap.summary().unanswered(), "the leecher that did not answer is said");
    assertTrue(
        dev.swarmlab.view.StatusViews.line(snap).contains("swarm 83.3% (1 not answering)"),
        dev.swarmlab.view.StatusViews.line(snap));
    assertFalse(snap.summary().allComplete());
    assertEquals(new SwarmSnapshot.Spread(10, 30, 50, 50), snap.summary().timeToComplete());
  }

  @Test
  void aLabWithoutLeechersIsComplete() {
    SwarmSnapshot snap = SwarmSnapshot.of("lab", List.of());
    assertEquals(1.0, snap.summary().progress());
    assertTrue(snap.summary().allComplete());
    assertNull(snap.summary().timeToComplete());
  }
}
