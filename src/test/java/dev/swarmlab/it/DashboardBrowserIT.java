package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.testing.Browser;
import dev.swarmlab.web.DashboardServer;
import dev.swarmlab.web.SnapshotFeed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
            List::of,
            Duration.ofMillis(200));
    try (DashboardServer server = DashboardServer.start(feed, peer -> Optional.empty(), 0)) {
      Map<String, Object> seen =
          Browser.inspectDashboard(
              server.url(), Path.of("target", "dashboard-browser", "dashboard.png"), 6);
      assertEquals("demo", seen.get("project"));
      assertEquals("live", seen.get("badge"));
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
      assertEquals(List.of(), seen.get("cspViolations"));
      assertEquals(List.of(), seen.get("errors"));
      assertEquals(List.of(), seen.get("requests"));
    }
  }

  private static PeerStatus peer(
      String name, String role, String state, double progress, Map<String, Long> from) {
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
            null)
        .withReceivedFrom(from);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rows(Object rows) {
    return (List<Map<String, Object>>) rows;
  }
}
