package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.Provenance;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.monitor.TrackedTorrent;
import dev.swarmlab.rtorrent.PieceField;
import dev.swarmlab.rtorrent.TorrentStatus;
import dev.swarmlab.testing.Browser;
import dev.swarmlab.web.DashboardServer;
import dev.swarmlab.web.SnapshotFeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as Chromium shows it, over snapshots made up here (no engine needed): a row per
 * peer, a stopped peer shown as down, progress that moves, nothing loaded from elsewhere and no
 * violation of the page's own Content-Security-Policy. The screenshot stays in {@code
 * target/dashboard-browser/}.
 */
class DashboardBrowserIT {

  @Test
  void everyPeerHasARowAndTheRowsMove() throws Exception {
    AtomicInteger polls = new AtomicInteger();
    SnapshotFeed feed =
        new SnapshotFeed(
            "demo",
            () -> {
              int n = Math.min(100, polls.incrementAndGet());
              List<PeerStatus> peers = new ArrayList<>();
              peers.add(peer("seeder-1", "seeder", "running", 1.0, Map.of()));
              peers.add(peer("seeder-2", "seeder", "exited", 0, Map.of()));
              for (int i = 1; i <= 4; i++) {
                peers.add(
                    peer(
                        "leecher-" + i,
                        "leecher",
                        "running",
                        n / 100.0,
                        Map.of("seeder-1", 16384L * n, "leecher-" + (i % 4 + 1), 16384L)));
              }
              return new SwarmSnapshot(
                  "demo", peers, new SwarmSnapshot.Summary(4, 0, n / 100.0, 4000, 4000, null));
            },
            () -> List.of(new TrackedTorrent("disk.img", HASH, 1, 4, 0)),
            Duration.ofMillis(200));
    List<Integer> from = new ArrayList<>();
    for (int i = 0; i < PIECES; i++) {
      from.add(i < 40 ? 0 : i < 50 ? 1 : -1);
    }
    Provenance provenance =
        new Provenance(
            "leecher-1",
            List.of("seeder-1", "leecher-2"),
            List.of(40L << 18, 10L << 18),
            List.of(new Provenance.Pieces(HASH, "disk.img", PIECES, 1, from)));
    try (DashboardServer server =
        DashboardServer.start(
            feed,
            peer -> peer.equals("leecher-1") ? Optional.of(provenance) : Optional.empty(),
            0)) {
      Map<String, Object> seen =
          Browser.inspectDashboard(
              server.url(),
              Path.of("target", "dashboard-browser", "dashboard.png"),
              6,
              "leecher-1");
      assertEquals("demo", seen.get("project"));
      assertEquals("live", seen.get("badge"));
      assertEquals(false, seen.get("replayBarShown"), "live: no slider");
      List<Map<String, Object>> rows = rows(seen.get("rows"));
      assertEquals(
          List.of("seeder-1", "seeder-2", "leecher-1", "leecher-2", "leecher-3", "leecher-4"),
          rows.stream().map(r -> r.get("peer")).toList());
      assertEquals("exited", rows.get(1).get("state"));
      assertTrue(
          ((String) rows.get(2).get("from")).startsWith("seeder-1 "), rows.get(2).toString());
      double before = ((Number) rows.get(2).get("progress")).doubleValue();
      double after = ((Number) rows(seen.get("later")).get(2).get("progress")).doubleValue();
      assertTrue(after > before, "progress moves: " + before + " then " + after);

      // pieces: the seeder's row is whole, the leechers' fill from the left; the exited one has no
      // row
      Map<String, Object> pieces = map(seen.get("pieces"));
      Map<String, Object> laterPieces = map(seen.get("laterPieces"));
      assertEquals(5, ((Number) pieces.get("peers")).intValue(), pieces::toString);
      int full = ((Number) pieces.get("fullCells")).intValue();
      assertTrue(full >= PIECES, "the seeder holds every piece: " + pieces);
      assertTrue(
          ((Number) laterPieces.get("fullCells")).intValue() > full,
          "the piece map fills: " + pieces + " then " + laterPieces);
      assertTrue(
          ((List<?>) pieces.get("rarest")).get(0).toString().startsWith("disk.img: 64 pieces;"),
          pieces::toString);

      // who feeds whom: seeders first, then leechers by number
      Map<String, Object> flows = map(seen.get("flows"));
      assertEquals(
          List.of("seeder-1", "leecher-1", "leecher-2", "leecher-3", "leecher-4"),
          flows.get("senders"));
      assertEquals(8, ((Number) flows.get("count")).intValue(), flows::toString);
      assertTrue(
          ((List<?>) flows.get("top")).get(0).toString().startsWith("seeder-1 \u2192 leecher-"),
          flows::toString);

      assertEquals(List.of(List.of("disk.img", "1", "4", "0")), seen.get("tracker"));
      Map<String, Object> charts = map(seen.get("charts"));
      assertEquals(4, ((Number) charts.get("leechers")).intValue(), charts::toString);
      assertEquals(1, ((Number) charts.get("swarm")).intValue(), charts::toString);

      Map<String, Object> shown = map(seen.get("provenance"));
      assertEquals("leecher-1", shown.get("peer"));
      assertEquals(50, ((Number) shown.get("received")).intValue(), shown::toString);
      assertEquals(List.of("seeder-1 10.0 MiB", "leecher-2 2.5 MiB"), shown.get("legend"));
      assertEquals(List.of(), seen.get("cspViolations"));
      assertEquals(List.of(), seen.get("errors"));
      assertEquals(List.of(), seen.get("requests"));
    }
  }

  private static final String HASH = "00112233445566778899aabbccddeeff00112233";
  private static final int PIECES = 64;

  /** A peer holding the first {@code progress} of a torrent of {@link #PIECES} pieces. */
  private static PeerStatus peer(
      String name, String role, String state, double progress, Map<String, Long> from) {
    BitSet have = new BitSet();
    have.set(0, (int) Math.round(progress * PIECES));
    List<TorrentStatus> torrents =
        state.equals("running")
            ? List.of(
                new TorrentStatus(
                    HASH.toUpperCase(java.util.Locale.ROOT),
                    "disk.img",
                    PIECES << 18,
                    0,
                    0,
                    0,
                    1,
                    progress >= 1,
                    0,
                    new PieceField(PIECES, have)))
            : List.of();
    return new PeerStatus(
            name,
            role,
            state,
            progress,
            (long) (progress * 1000),
            1000,
            1000,
            1000,
            3,
            progress >= 1,
            null,
            null,
            torrents)
        .withReceivedFrom(from);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(Object rows) {
    return (List<Map<String, Object>>) rows;
  }
}
