package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmlab.testing.Cli;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** status against real rtorrents during a live transfer: every field typed and plausible. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project = "it-mon-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  @Order(1)
  void duringATransferFiguresAreLiveAndConsistent() throws Exception {
    Cli up = Cli.run("up", "-p", project, "--leechers", "2", "--payload-size", "512MiB");
    assertEquals(0, up.code(), up::toString);
    JsonNode moving = null;
    for (int i = 0; i < 120 && moving == null; i++) {
      JsonNode root = JSON.readTree(status("--json", "--torrents"));
      for (JsonNode p : root.get("peers")) {
        assertTrue(p.get("progress").isDouble() || p.get("progress").isInt(), p::toString);
        assertTrue(p.get("bytesDone").asLong() <= p.get("bytesTotal").asLong(), p::toString);
        assertTrue(p.get("downRate").asLong() >= 0 && p.get("upRate").asLong() >= 0, p::toString);
        if (p.get("role").asText().equals("leecher")
            && p.get("downRate").asLong() > 0
            && p.get("progress").asDouble() > 0
            && p.get("progress").asDouble() < 1) {
          moving = p;
        }
      }
      if (moving == null) {
        Thread.sleep(250);
      }
    }
    assertTrue(moving != null, "saw a leecher mid-transfer");
    assertEquals(2, moving.get("torrents").size(), moving::toString);
    long sum = 0;
    for (JsonNode t : moving.get("torrents")) {
      sum += t.get("completedBytes").asLong();
      assertEquals(40, t.get("hash").asText().length(), t::toString);
    }
    assertTrue(sum <= moving.get("bytesTotal").asLong());
    assertTrue(moving.get("peersConnected").asInt() >= 1, moving::toString);
  }

  @Test
  @Order(2)
  void aPeerInDetailNamesWhomItIsConnectedTo() throws Exception {
    JsonNode d = JSON.readTree(status("leecher-1", "--json"));
    assertEquals("leecher-1", d.get("peer").get("name").asText());
    Set<String> remotes = new HashSet<>();
    for (JsonNode t : d.get("torrents")) {
      for (JsonNode c : t.get("connections")) {
        remotes.add(c.get("peer").asText());
        JsonNode conn = c.get("connection");
        assertTrue(conn.get("client").asText().startsWith("libTorrent"), conn::toString);
        int has = conn.get("completedPercent").asInt();
        assertTrue(has >= 0 && has <= 100, conn::toString);
      }
    }
    assertTrue(
        remotes.contains("seeder-1") || remotes.contains("seeder-2"),
        "connected to a seeder by name: " + remotes);
    assertTrue(
        remotes.stream().allMatch(r -> r.matches("(seeder|leecher)-\\d+")),
        "every remote is a lab peer: " + remotes);
  }

  @Test
  @Order(3)
  void completionTimesAreReported() throws Exception {
    Cli wait =
        Cli.run("up", "-p", project); // refused: the lab is up; waiting is done by polling below
    assertEquals(2, wait.code(), wait::toString);
    assertTrue(wait.err().contains("lab '" + project + "' is already up"), wait::toString);
    JsonNode root = null;
    for (int i = 0; i < 600; i++) {
      root = JSON.readTree(status("--json"));
      if (root.get("summary").get("leechersComplete").asInt() == 2) {
        break;
      }
      Thread.sleep(500);
    }
    JsonNode spread = root.get("summary").get("timeToComplete");
    assertTrue(
        spread != null
            && spread.get("min").asLong() >= 0
            && spread.get("min").asLong() <= spread.get("max").asLong(),
        root::toString);
    for (JsonNode p : root.get("peers")) {
      if (p.get("role").asText().equals("leecher")) {
        assertTrue(p.get("secondsToComplete").asLong() <= spread.get("max").asLong(), p::toString);
      }
    }
  }

  @Test
  @Order(4)
  void theTrackerCountsEveryPeerAsASeederOnceAllAreComplete() throws Exception {
    JsonNode torrents = null;
    for (int i = 0;
        i < 60;
        i++) { // the last leechers' completed announces may still be on their way
      torrents = JSON.readTree(status("--tracker", "--json"));
      boolean settled = torrents.size() == 2;
      for (JsonNode t : torrents) {
        settled &= t.get("seeders").asInt() == 4 && t.get("completed").asInt() == 2;
      }
      if (settled) {
        break;
      }
      Thread.sleep(500);
    }
    assertEquals(2, torrents.size(), torrents::toString);
    Set<String> names = new HashSet<>();
    for (JsonNode t : torrents) {
      names.add(t.get("name").asText());
      assertEquals(4, t.get("seeders").asInt(), "2 seeders and 2 finished leechers: " + t);
      assertEquals(0, t.get("leechers").asInt(), t::toString);
      assertEquals(2, t.get("completed").asInt(), t::toString);
    }
    assertEquals(Set.of("disk.img", "photos"), names);
  }

  @Test
  @Order(5)
  void watchJsonPrintsOneSnapshotPerLine() throws Exception {
    String lines = status("--watch", "--json", "--count", "3", "--interval", "200ms");
    assertEquals(3, lines.lines().count(), lines);
    for (String l : lines.lines().toList()) {
      assertEquals(project, JSON.readTree(l).get("project").asText());
    }
  }

  @Test
  @Order(6)
  void anUnknownPeerIsBadInput() {
    Cli c = Cli.run("status", "-p", project, "leecher-99");
    assertEquals(2, c.code(), c::toString);
    assertTrue(c.err().contains("leecher-1"), "lists the peers there are: " + c);
  }

  private String status(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "status";
    all[1] = "-p";
    all[2] = project;
    System.arraycopy(args, 0, all, 3, args.length);
    Cli c = Cli.run(all);
    assertEquals(0, c.code(), c::toString);
    return c.out();
  }

  @AfterAll
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }
}
