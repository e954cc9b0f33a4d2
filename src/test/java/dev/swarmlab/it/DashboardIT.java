package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmlab.engine.docker.DockerEngine;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.testing.Browser;
import dev.swarmlab.testing.Cli;
import dev.swarmlab.web.DashboardServer;
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
 * Chromium: one row per peer, all running; then, once the swarm is complete, each leecher's
 * "received from" adds up to exactly what it holds. The screenshot stays in {@code
 * target/dashboard/}.
 */
class DashboardIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project = "it-dash-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void theDashboardShowsEveryPeerOfARunningLab() throws Exception {
    Cli up = Cli.run("up", "-p", project, "--leechers", "2", "--payload-size", "64MiB");
    assertEquals(0, up.code(), up::toString);
    try (DockerEngine engine = DockerEngine.connect();
        SwarmMonitor monitor = new SwarmMonitor(engine, Duration.ofSeconds(2));
        DashboardServer server =
            DashboardServer.start(monitor, project, Duration.ofMillis(500), 0)) {
      Map<String, Object> seen =
          Browser.inspectDashboard(server.url(), Path.of("target", "dashboard", "lab.png"), 4);
      assertEquals(project, seen.get("project"));
      assertEquals("live", seen.get("badge"));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rows = (List<Map<String, Object>>) seen.get("rows");
      assertEquals(
          List.of("seeder-1", "seeder-2", "leecher-1", "leecher-2"),
          rows.stream().map(r -> r.get("peer")).toList(),
          seen::toString);
      assertTrue(rows.stream().allMatch(r -> "running".equals(r.get("state"))), seen::toString);
      assertEquals(List.of(), seen.get("cspViolations"));
      assertEquals(List.of(), seen.get("errors"));
      assertEquals(List.of(), seen.get("requests"));

      JsonNode complete = awaitComplete(server);
      for (JsonNode p : complete.get("snapshot").get("peers")) {
        if (!p.get("role").asText().equals("leecher")) {
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
      }
    }
  }

  /** {@code /api/snapshot} once every leecher is complete, within two minutes. */
  private static JsonNode awaitComplete(DashboardServer server) throws Exception {
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
        if (!d.has("error") && sum.path("leechersComplete").asInt() == 2) {
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
