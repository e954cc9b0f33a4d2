package dev.swarmlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.rtorrent.TorrentStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmMonitorTest {

  private static ContainerInfo leecher(int n) {
    return new ContainerInfo("id" + n, "lab-leecher-" + n, "leecher", n, "running",
        Map.of("swarmlab.torrents", "2", "swarmlab.payload-bytes", "1000"), Map.of(5000, 40000 + n));
  }

  private static TorrentStatus torrent(String name, long size, long done, boolean complete) {
    return new TorrentStatus("H" + name, name, size, done, 5, 7, 2, complete);
  }

  @Test
  void progressCountsTheWholePayloadEvenBeforeEveryTorrentIsLoaded() {
    PeerStatus p = SwarmMonitor.peer(leecher(1), "running", List.of(torrent("disk.img", 900, 900, true)), null);
    assertEquals(1000, p.bytesTotal(), "the label's payload size, not just the loaded torrent");
    assertEquals(0.9, p.progress(), 1e-9);
    assertFalse(p.complete(), "one of two torrents is not even loaded yet");
    assertEquals("leecher-1", p.name());
  }

  @Test
  void completeMeansEveryTorrentLoadedAndComplete() {
    PeerStatus done = SwarmMonitor.peer(leecher(2), "running",
        List.of(torrent("disk.img", 900, 900, true), torrent("photos", 100, 100, true)), null);
    assertTrue(done.complete());
    assertEquals(1.0, done.progress());
    assertEquals(10, done.downRate());
    assertEquals(14, done.upRate());
    assertEquals(4, done.peersConnected());

    PeerStatus half = SwarmMonitor.peer(leecher(3), "running",
        List.of(torrent("disk.img", 900, 900, true), torrent("photos", 100, 50, false)), null);
    assertFalse(half.complete());
    assertEquals(0.95, half.progress(), 1e-9);
  }

  @Test
  void summaryCountsLeechersOnly() {
    ContainerInfo seeder = new ContainerInfo("s", "lab-seeder-1", "seeder", 1, "running",
        Map.of("swarmlab.torrents", "1", "swarmlab.payload-bytes", "1000"), Map.of());
    PeerStatus s = SwarmMonitor.peer(seeder, "running", List.of(torrent("all", 1000, 1000, true)), null);
    PeerStatus l1 = SwarmMonitor.peer(leecher(1), "running", List.of(torrent("disk.img", 900, 900, true), torrent("photos", 100, 100, true)), null);
    PeerStatus l2 = SwarmMonitor.peer(leecher(2), "unreachable", List.of(), "no reply within 2000 ms");
    SwarmSnapshot snap = SwarmSnapshot.of("lab", List.of(s, l1, l2));
    assertEquals(2, snap.summary().leechers());
    assertEquals(1, snap.summary().leechersComplete());
    assertEquals(0.5, snap.summary().progress(), 1e-9);
    assertEquals(15, snap.summary().downRate());
    assertFalse(snap.summary().allComplete());
  }

  @Test
  void aLabWithoutLeechersIsComplete() {
    SwarmSnapshot snap = SwarmSnapshot.of("lab", List.of());
    assertEquals(1.0, snap.summary().progress());
    assertTrue(snap.summary().allComplete());
  }
}
