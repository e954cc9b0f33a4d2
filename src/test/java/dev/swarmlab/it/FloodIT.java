package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code up --debug}: the Flood web UI runs on 127.0.0.1:3000 and shows a peer's torrents. */
class FloodIT {

  @Test
  void debugProfileServesFloodOnLoopbackWatchingALeecher() throws Exception {
    String project = "it-flood-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      Cli up = Cli.run("up", "-p", project, "--leechers", "1", "--seeders", "1", "--payload-size", "1MiB", "--debug", "--wait", "--timeout", "5m");
      assertEquals(0, up.code(), up::toString);

      Container flood = Docker.containers(project).stream()
          .filter(c -> "flood".equals(c.getLabels().get("com.docker.compose.service"))).findFirst().orElseThrow();
      ContainerPort port = flood.getPorts()[0];
      assertEquals("127.0.0.1", port.getIp());
      assertEquals(3000, port.getPublicPort());

      HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
      String torrents = "";
      for (int i = 0; i < 60 && !torrents.contains("disk.img"); i++) {
        try {
          get(http, "/api/auth/verify"); // with --auth none this logs the browser in
          torrents = get(http, "/api/torrents");
        } catch (java.io.IOException e) {
          torrents = e.toString(); // Flood still starting
        }
        if (!torrents.contains("disk.img")) {
          Thread.sleep(1000);
        }
      }
      assertTrue(torrents.contains("disk.img") && torrents.contains("photos"), torrents);
      assertTrue(torrents.contains("/downloads"), "Flood watches a leecher: " + torrents);
    } finally {
      Cli.run("down", "-p", project, "--volumes");
    }
  }

  private static String get(HttpClient http, String path) throws Exception {
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:3000" + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }
}
