package dev.swarmlab.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StatusViewsTest {
  private static final SwarmSnapshot SNAPSHOT =
      new SwarmSnapshot(
          "lab",
          List.of(
              new PeerStatus(
                  "seeder-1",
                  "seeder",
                  "running",
                  1.0,
                  1000,
                  1000,
                  0,
                  2048,
                  3,
                  true,
                  null,
                  null,
                  null),
              new PeerStatus(
                  "leecher-1",
                  "leecher",
                  "unreachable",
                  0.0,
                  0,
                  1000,
                  0,
                  0,
                  0,
                  false,
                  null,
                  "no reply within 2000 ms",
                  null)),
          new SwarmSnapshot.Summary(1, 0, 0.25, 0, 2048, null));

  @Test
  void jsonHasExactlyTheDocumentedFields() throws Exception {
    JsonNode root = new ObjectMapper().readTree(StatusViews.json(SNAPSHOT));
    assertEquals(Set.of("project", "peers", "summary"), names(root));
    assertEquals("lab", root.get("project").asText());
    JsonNode seeder = root.get("peers").get(0);
    assertEquals(
        new TreeSet<>(
            List.of(
                "name",
                "role",
                "state",
                "progress",
                "bytesDone",
                "bytesTotal",
                "downRate",
                "upRate",
                "peersConnected",
                "complete",
                "client")),
        names(seeder));
    assertEquals("rtorrent", seeder.get("client").asText());
    assertEquals(1.0, seeder.get("progress").asDouble());
    assertTrue(seeder.get("complete").isBoolean());
    assertTrue(seeder.get("bytesDone").isIntegralNumber());
    JsonNode leecher = root.get("peers").get(1);
    assertEquals(
        "no reply within 2000 ms", leecher.get("error").asText(), "error only where there is one");
    JsonNode summary = root.get("summary");
    assertTrue(
        names(summary).containsAll(Set.of("leechers", "leechersComplete", "progress")),
        summary.toString());
    assertEquals(0.25, summary.get("progress").asDouble());
  }

  @Test
  void tableHasARowPerPeerAndTheSummary() {
    String table = StatusViews.table(SNAPSHOT);
    List<String> lines = table.lines().toList();
    assertTrue(lines.get(0).startsWith("PEER"), table);
    assertTrue(
        lines.get(1).startsWith("seeder-1")
            && lines.get(1).contains("100.0%")
            && lines.get(1).contains("2.0 KiB"),
        table);
    assertTrue(
        lines.get(2).startsWith("leecher-1") && lines.get(2).contains("no reply within 2000 ms"),
        table);
    assertFalse(
        lines.get(2).contains("0.0%"), "no figures for a peer that did not answer: " + table);
    assertTrue(table.contains("leechers complete 0/1") && table.contains("swarm 25.0%"), table);
  }

  @Test
  void jsonLinesAreOneLineEach() throws Exception {
    String line = StatusViews.jsonLine(SNAPSHOT);
    assertFalse(line.contains("\n"), line);
    assertEquals("lab", new ObjectMapper().readTree(line).get("project").asText());
  }

  @Test
  void torrentsAndCompletionTimesShowWhenPresent() throws Exception {
    var t =
        new dev.swarmlab.rtorrent.TorrentStatus("H", "disk.img", 1000, 500, 100, 0, 2, false, 0);
    SwarmSnapshot s =
        new SwarmSnapshot(
            "lab",
            List.of(
                new PeerStatus(
                    "leecher-1",
                    "leecher",
                    "running",
                    0.5,
                    500,
                    1000,
                    100,
                    0,
                    2,
                    false,
                    null,
                    null,
                    List.of(t)),
                new PeerStatus(
                    "leecher-2",
                    "leecher",
                    "running",
                    1.0,
                    1000,
                    1000,
                    0,
                    0,
                    2,
                    true,
                    42L,
                    null,
                    List.of())),
            new SwarmSnapshot.Summary(
                2, 1, 0.75, 100, 0, new SwarmSnapshot.Spread(42, 42, 42, 42)));
    String table = StatusViews.table(s);
    assertTrue(
        table.lines().anyMatch(l -> l.startsWith("  disk.img") && l.contains("50.0%")), table);
    assertTrue(table.contains("yes (42 s)"), table);
    assertTrue(table.contains("median 42 s"), table);
    JsonNode root = new ObjectMapper().readTree(StatusViews.json(s));
    assertEquals("disk.img", root.get("peers").get(0).get("torrents").get(0).get("name").asText());
    assertEquals(42, root.get("peers").get(1).get("secondsToComplete").asInt());
    assertEquals(42, root.get("summary").get("timeToComplete").get("p90").asInt());
  }

  @Test
  void bytesUseBinaryUnits() {
    assertEquals("512 B", StatusViews.bytes(512));
    assertEquals("1.5 KiB", StatusViews.bytes(1536));
    assertEquals("64.0 MiB", StatusViews.bytes(64L << 20));
    assertEquals("2.0 GiB", StatusViews.bytes(2L << 30));
  }

  private static Set<String> names(JsonNode node) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
