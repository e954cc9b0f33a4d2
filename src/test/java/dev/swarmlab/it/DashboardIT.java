package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.swarmlab.engine.docker.DockerEngine;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.testing.Browser;
import dev.swarmlab.testing.Cli;
import dev.swarmlab.web.DashboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard of a real lab, served as {@code swarmlab dashboard} serves it and opened in
 * Chromium while the swarm fills up (its seeder slowed), with one leecher killed: one row per peer,
 * the killed one down; progress and piece maps that move between two moments; the flow view naming
 * real peers; a leecher's provenance; the tracker's view. Then, once the live leechers complete,
 * each one's "received from" adds up to exactly what it holds. The screenshots stay in {@code
 * target/dashboard/}.
 */
class DashboardIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project = "it-dash-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  /** Waits until {@code peer} of lab {@code project} has its torrents loaded. */
  private static void awaitLoaded(String project, String peer, Duration wait) throws Exception {
    long deadline = System.nanoTime() + wait.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Cli status = Cli.run("status", "-p", project, "--json");
      last = status.toString();
      if (status.code() == 0) {
        for (JsonNode p : new ObjectMapper().readTree(status.out()).get("peers")) {
          if (p.get("name").asText().equals(peer) && p.get("bytesTotal").asLong() > 0) {
            return;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(peer + " did not load its torrents: " + last);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDashboardShowsTheSwarmFillingUpAndAPeerGoingDown() throws Exception {
    Swarmlab up =
        Swarmlab.start(
            "up",
            "-p",
            project,
            "--seeders",
            "1",
            "--leechers",
            "3",
            "--payload-size",
            "8MiB",
            // 8 MiB must leave the only seeder at least once: at 256 KiB/s, half a minute at least
            "--seeder-up-rate",
            "256KiB");
    assertEquals(0, up.exitCode(Duration.ofMinutes(3)), up::toString);
    // killed once it has loaded its torrents, and so noted itself in the run's record: a peer
    // killed before it wrote anything left no record to replay (the report counts it as such)
    awaitLoaded(project, "leecher-3", Duration.ofMinutes(1));
    Container killed = Docker.container(project, "leecher", 3);
    Docker.client().killContainerCmd(killed.getId()).exec();

    try (DockerEngine engine = DockerEngine.connect();
        SwarmMonitor monitor = new SwarmMonitor(engine, Duration.ofSeconds(2));
        DashboardServer server =
            DashboardServer.start(monitor, project, Duration.ofMillis(500), 0)) {
      Map<String, Object> seen =
          Browser.inspectDashboard(
              server.url(), Path.of("target", "dashboard", "lab.png"), 4, "leecher-1");
      assertEquals(project, seen.get("project"));
      assertEquals("live", seen.get("badge"));
      assertEquals(false, seen.get("replayBarShown"), "live: no slider");
      assertEquals(true, seen.get("trackerShown"));
      List<Map<String, Object>> rows = (List<Map<String, Object>>) seen.get("rows");
      List<Map<String, Object>> later = (List<Map<String, Object>>) seen.get("later");
      assertEquals(
          List.of("seeder-1", "leecher-1", "leecher-2", "leecher-3"),
          rows.stream().map(r -> r.get("peer")).toList(),
          seen::toString);
      assertEquals("exited", rows.get(3).get("state"), "the killed leecher shows down");
      assertTrue(
          rows.subList(0, 3).stream().allMatch(r -> "running".equals(r.get("state"))),
          seen::toString);
      double before = progress(rows.get(1)) + progress(rows.get(2));
      double after = progress(later.get(1)) + progress(later.get(2));
      assertTrue(after > before, "progress moves: " + before + " then " + after);
      assertTrue(after < 2.0, "the slowed swarm is still filling up: " + seen);

      Map<String, Object> pieces = (Map<String, Object>) seen.get("pieces");
      Map<String, Object> laterPieces = (Map<String, Object>) seen.get("laterPieces");
      assertEquals(3, ((Number) pieces.get("peers")).intValue(), "a row per running peer");
      assertTrue(
          ((Number) laterPieces.get("fullCells")).intValue()
              > ((Number) pieces.get("fullCells")).intValue(),
          "the piece map fills: " + pieces + " then " + laterPieces);

      Map<String, Object> flows = (Map<String, Object>) seen.get("flows");
      List<String> senders = (List<String>) flows.get("senders");
      assertTrue(senders.contains("seeder-1"), "the flow view names real peers: " + flows);
      assertTrue(
          senders.stream().allMatch(n -> n.matches("(seeder|leecher)-\\d+")), flows::toString);
      assertTrue(
          ((List<String>) flows.get("top"))
              .get(0)
              .matches("(seeder|leecher)-\\d+ \u2192 leecher-\\d+: .*"),
          flows::toString);

      List<List<String>> tracker = (List<List<String>>) seen.get("tracker");
      assertFalse(tracker.isEmpty(), "the tracker's view: " + seen);
      for (List<String> t : tracker) {
        assertTrue(Integer.parseInt(t.get(1)) >= 1, "a seeder at least: " + t);
      }

      Map<String, Object> provenance = (Map<String, Object>) seen.get("provenance");
      assertEquals("leecher-1", provenance.get("peer"), provenance::toString);
      assertEquals(true, provenance.get("shown"));
      assertTrue(((Number) provenance.get("received")).intValue() > 0, provenance::toString);
      assertTrue(
          ((List<String>) provenance.get("legend"))
              .stream().anyMatch(l -> l.startsWith("seeder-1 ")),
          provenance::toString);
      assertEquals(1, ((Number) provenance.get("selectedLines")).intValue(), provenance::toString);

      assertEquals(List.of(), seen.get("cspViolations"));
      assertEquals(List.of(), seen.get("errors"));
      assertEquals(List.of(), seen.get("requests"));

      Cli lift = Cli.run("throttle", "-p", project, "seeder", "--up", "none");
      assertEquals(0, lift.code(), lift::toString);
      JsonNode complete = awaitComplete(server, 2);
      int checked = 0;
      for (JsonNode p : complete.get("snapshot").get("peers")) {
        if (!p.get("role").asText().equals("leecher")
            || !p.get("state").asText().equals("running")) {
          continue;
        }
        long sum = 0;
        for (Iterator<JsonNode> it = p.get("receivedFrom").elements(); it.hasNext(); ) {
          sum += it.next().asLong();
        }
        assertEquals(p.get("bytesTotal").asLong(), sum, "exact bytes received: " + p);
        assertTrue(
            p.get("receivedFrom").fieldNames().next().matches("(seeder|leecher)-\\d+"),
            p::toString);
        checked++;
      }
      assertEquals(2, checked, complete::toString);
    }

    // The run, replayed after down as a user does: the same page with a slider over it.
    assertEquals(0, Cli.run("down", "-p", project).code());
    Swarmlab replay = Swarmlab.start("dashboard", "-p", project, "--run", "latest", "--port", "0");
    try {
      assertTrue(replay.awaitOut("(Ctrl-C stops it)", Duration.ofMinutes(1)), replay::toString);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:\\d+/").matcher(replay.out());
      assertTrue(m.find(), replay::toString);
      URI url = URI.create(m.group());
      Map<String, Object> seen =
          Browser.inspectDashboard(
              url, Path.of("target", "dashboard", "replay.png"), 4, "leecher-1");
      assertTrue(((String) seen.get("badge")).startsWith("replay "), seen::toString);
      assertEquals(true, seen.get("replayBarShown"), "a replay has its slider");
      assertEquals(false, seen.get("trackerShown"), "a replay has no tracker to ask");
      Map<String, Object> run = (Map<String, Object>) seen.get("replay");
      int duration = ((Number) run.get("duration")).intValue();
      assertTrue(duration > 0, run::toString);
      List<Map<String, Object>> frames = (List<Map<String, Object>>) run.get("frames");
      Map<String, Object> end = frames.get(0);
      Map<String, Object> start = frames.get(1);
      assertEquals("2/3", end.get("complete"), "the killed leecher never completes: " + end);
      List<Map<String, Object>> endRows = (List<Map<String, Object>>) end.get("rows");
      assertEquals(
          List.of("seeder-1", "leecher-1", "leecher-2", "leecher-3"),
          endRows.stream().map(r -> r.get("peer")).toList(),
          end::toString);
      assertEquals("exited", endRows.get(3).get("state"), "gone after its last block: " + end);
      assertEquals("0/3", start.get("complete"), start::toString);
      int fullAtStart =
          ((Number) ((Map<String, Object>) start.get("pieces")).get("fullCells")).intValue();
      int fullAtEnd =
          ((Number) ((Map<String, Object>) end.get("pieces")).get("fullCells")).intValue();
      assertTrue(fullAtEnd > fullAtStart, "pieces fill over the run: " + start + " " + end);
      assertEquals(1, ((Number) end.get("cursor")).intValue(), "the charts mark the second shown");
      Map<String, Object> provenance = (Map<String, Object>) seen.get("provenance");
      assertEquals("leecher-1", provenance.get("peer"), provenance::toString);
      assertTrue(
          ((List<String>) provenance.get("legend"))
              .stream().anyMatch(l -> l.startsWith("seeder-1 ")),
          provenance::toString);
      assertEquals(List.of(), seen.get("cspViolations"));
      assertEquals(List.of(), seen.get("errors"));

      // the replay's last second is exact: each complete leecher kept its whole payload, each
      // block counted once, towards the peer that sent it
      HttpResponse<String> last =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(url.resolve("/api/frame?t=" + duration)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, last.statusCode(), last::body);
      int exact = 0;
      for (JsonNode p : JSON.readTree(last.body()).get("snapshot").get("peers")) {
        if (p.get("role").asText().equals("leecher") && p.get("complete").asBoolean()) {
          long sum = 0;
          for (Iterator<JsonNode> it = p.get("receivedFrom").elements(); it.hasNext(); ) {
            sum += it.next().asLong();
          }
          assertEquals(p.get("bytesTotal").asLong(), sum, p::toString);
          exact++;
        }
      }
      assertEquals(2, exact, last::body);
    } finally {
      replay.interrupt();
      replay.exitCode(Duration.ofSeconds(30));
    }
  }

  private static double progress(Map<String, Object> row) {
    return ((Number) row.get("progress")).doubleValue();
  }

  /** {@code /api/snapshot} once {@code leechers} leechers are complete, within two minutes. */
  private static JsonNode awaitComplete(DashboardServer server, int leechers) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    JsonNode d = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(server.url().resolve("/api/snapshot")).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        d = JSON.readTree(r.body());
        JsonNode sum = d.path("snapshot").path("summary");
        if (!d.has("error") && sum.path("leechersComplete").asInt() == leechers) {
          return d;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the swarm did not complete within 2 minutes: " + d);
  }

  /**
   * {@code up --dashboard}: the lab starts, the dashboard serves it at the URL up prints, and
   * Ctrl-C stops the dashboard, not the lab.
   */
  @Test
  void upWithDashboardServesTheLabUntilCtrlCAndLeavesItUp() throws Exception {
    Swarmlab up =
        Swarmlab.start(
            "up",
            "-p",
            project,
            "--leechers",
            "1",
            "--payload-size",
            "1MiB",
            "--dashboard",
            "--dashboard-port",
            "0");
    assertTrue(up.awaitOut("dashboard:", Duration.ofMinutes(3)), up::toString);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(up.out());
    assertTrue(m.find(), up::toString);
    String url = m.group(0);
    JsonNode snapshot = null;
    for (int i = 0; i < 100 && snapshot == null; i++) {
      java.net.HttpURLConnection c =
          (java.net.HttpURLConnection) new java.net.URL(url + "api/snapshot").openConnection();
      if (c.getResponseCode() == 200) {
        snapshot = JSON.readTree(c.getInputStream());
      } else {
        Thread.sleep(100);
      }
    }
    assertTrue(snapshot != null, up::toString);
    assertEquals(3, snapshot.get("snapshot").get("peers").size(), snapshot.toString());
    int containers = Docker.containers(project).size();
    up.interrupt();
    assertNotEquals(-1, up.exitCode(Duration.ofSeconds(30)), up::toString);
    assertEquals(
        containers, Docker.containers(project).size(), "Ctrl-C stopped the dashboard, not the lab");
    assertTrue(
        Docker.containers(project).stream()
            .filter(c -> "leecher".equals(c.getLabels().get("com.docker.compose.service")))
            .allMatch(c -> "running".equals(c.getState())),
        "the lab is still up");
  }
}
