package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.swarmlab.testing.Cli;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code up --debug}: the Flood web UI runs on 127.0.0.1:3000 behind its own login, and shows a
 * peer's torrents to whoever logs in with the password {@code up} printed, and to nobody else.
 */
class FloodIT {

  @Test
  void debugProfileServesFloodOnLoopbackWatchingALeecher() throws Exception {
    String project = "it-flood-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      Cli up =
          Cli.run(
              "up",
              "-p",
              project,
              "--leechers",
              "1",
              "--seeders",
              "1",
              "--payload-size",
              "1MiB",
              "--debug",
              "--wait",
              "--timeout",
              "5m");
      assertEquals(0, up.code(), up::toString);

      Container flood =
          Docker.containers(project).stream()
              .filter(c -> "flood".equals(c.getLabels().get("com.docker.compose.service")))
              .findFirst()
              .orElseThrow();
      ContainerPort port = flood.getPorts()[0];
      assertEquals("127.0.0.1", port.getIp());
      assertEquals(3000, port.getPublicPort());

      var printed =
          java.util.regex.Pattern.compile(
                  "Flood: +http://127\\.0\\.0\\.1:3000 +user swarmlab +password (\\S+)")
              .matcher(up.out());
      assertTrue(printed.find(), up::toString);
      String password = printed.group(1);
      assertEquals(
          password,
          java.nio.file.Files.readString(Cli.stateDir().resolve(project).resolve("flood-password"))
              .strip());

      HttpClient stranger = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String refused = "";
      for (int i = 0; i < 60 && !refused.startsWith("401"); i++) {
        try {
          refused = get(stranger, "/api/torrents");
        } catch (java.io.IOException e) {
          refused = e.toString(); // Flood still starting
          Thread.sleep(1000);
        }
      }
      assertTrue(refused.startsWith("401"), "without a login: " + refused);
      String register =
          post(
              stranger,
              "/api/auth/register",
              "{\"username\":\"intruder\",\"password\":\"intruder-pw\",\"client\":{\"client\":\"rTorrent\",\"type\":\"socket\",\"version\":1,\"socket\":\"/run/swarmlab/x.sock\"},\"level\":10}");
      assertTrue(register.startsWith("401"), "registering another user: " + register);
      assertTrue(
          post(
                  stranger,
                  "/api/auth/authenticate",
                  "{\"username\":\"swarmlab\",\"password\":\"wrong\"}")
              .startsWith("401"));

      HttpClient http =
          HttpClient.newBuilder()
              .cookieHandler(new CookieManager())
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      String login =
          post(
              http,
              "/api/auth/authenticate",
              "{\"username\":\"swarmlab\",\"password\":\"" + password + "\"}");
      assertTrue(login.startsWith("200"), login);
      String torrents = "";
      for (int i = 0; i < 60 && !torrents.contains("disk.img"); i++) {
        torrents = get(http, "/api/torrents");
        if (!torrents.contains("disk.img")) {
          Thread.sleep(1000);
        }
      }
      assertTrue(torrents.contains("disk.img") && torrents.contains("photos"), torrents);
      assertTrue(torrents.contains("/downloads"), "Flood watches a leecher: " + torrents);
    } finally {
      Cli.run("down", "-p", project, "--volumes", "--purge");
    }
  }

  private static String post(HttpClient http, String path, String json) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:3000" + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  private static String get(HttpClient http, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:3000" + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }
}
