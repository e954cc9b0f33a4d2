package dev.swarmlab.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  private static PeerStatus leecher(int n, long done, long rate) {
    return new PeerStatus(
        "leecher-" + n,
        "leecher",
        "running",
        done / 1000.0,
        done,
        1000,
        rate,
        0,
        1,
        done == 1000,
        null,
        null,
        null);
  }

  @Test
  void barsFillWithProgress() {
    SwarmSnapshot s =
        new SwarmSnapshot(
            "lab",
            List.of(leecher(1, 500, 10), leecher(2, 1000, 0)),
            new SwarmSnapshot.Summary(2, 1, 0.75, 10, 0, null));
    List<String> lines = LiveView.frame(s, 200).stream().map(AttributedString::toString).toList();
    assertTrue(
        lines.get(1).startsWith("leecher-1")
            && lines.get(1).contains("[" + "#".repeat(12) + "-".repeat(12) + "]"),
        lines.get(1));
    assertTrue(lines.get(2).contains("[" + "#".repeat(24) + "]"), lines.get(2));
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("leechers complete 1/2")), lines.toString());
  }

  @Test
  void etaIsWhatIsLeftOverTheRate() {
    SwarmSnapshot s =
        new SwarmSnapshot(
            "lab",
            List.of(leecher(1, 400, 10), leecher(2, 1000, 0)),
            new SwarmSnapshot.Summary(2, 1, 0.7, 10, 0, null));
    assertEquals("ETA: 1:00", LiveView.eta(s));
    SwarmSnapshot stalled =
        new SwarmSnapshot(
            "lab", List.of(leecher(1, 400, 0)), new SwarmSnapshot.Summary(1, 0, 0.4, 0, 0, null));
    assertTrue(LiveView.eta(stalled).contains("unknown"));
  }

  @Test
  void framesAreCutToTheTerminalWidth() {
    SwarmSnapshot s =
        new SwarmSnapshot(
            "lab", List.of(leecher(1, 500, 10)), new SwarmSnapshot.Summary(1, 0, 0.5, 10, 0, null));
    LiveView.frame(s, 30).forEach(l -> assertTrue(l.columnLength() <= 30, l.toString()));
  }
}
