package dev.swarmlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DashboardServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final AtomicInteger polls = new AtomicInteger();
  private final List<Stream<String>> streams = new ArrayList<>();
  private DashboardServer server;

  /** A swarm whose one leecher has {@code n} of 100 bytes at the n-th poll. */
  private SwarmSnapshot snapshot() {
    int n = polls.incrementAndGet();
    PeerStatus leecher =
        new PeerStatus(
                "leecher-1",
                "leecher",
                "running",
                n / 100.0,
                n,
                100,
                10,
                0,
                1,
                false,
                null,
                null,
                null)
            .withReceivedFrom(Map.of("seeder-1", (long) n));
    PeerStatus seeder =
        new PeerStatus("seeder-1", "seeder", "exited", 0, 0, 100, 0, 0, 0, false, null, null, null);
    return new SwarmSnapshot(
        "demo", List.of(seeder, leecher), new SwarmSnapshot.Summary(1, 0, n / 100.0, 10, 0, null));
  }

  private DashboardServer start(Supplier<SwarmSnapshot> source, Duration interval)
      throws IOException {
    server =
        DashboardServer.start(
            new SnapshotFeed("demo", source, List::of, interval), peer -> Optional.empty(), 0);
    return server;
  }

  @AfterEach
  void stop() {
    streams.forEach(Stream::close);
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code request} as is, with {@code HOST} for the server's address; the status line. */
  private String raw(String request) throws IOException {
    try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          request
              .replace("HOST", "127.0.0.1:" + server.address().getPort())
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)).readLine();
    }
  }

  /** The {@code data} of each snapshot event on {@code /api/events}, as they come. */
  private BlockingQueue<JsonNode> events() throws Exception {
    HttpResponse<Stream<String>> r =
        HTTP.send(
            HttpRequest.newBuilder(server.url().resolve("/api/events")).build(),
            HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertEquals(
        "text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    streams.add(r.body());
    BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    Thread t =
        new Thread(
            () -> {
              try {
                r.body()
                    .filter(l -> l.startsWith("data: "))
                    .forEach(
                        l -> {
                          try {
                            events.add(JSON.readTree(l.substring("data: ".length())));
                          } catch (IOException e) {
                            throw new AssertionError(l, e);
                          }
                        });
              } catch (RuntimeException closed) {
                // the test closed the stream
              }
            });
    t.setDaemon(true);
    t.start();
    return events;
  }

  private static JsonNode take(BlockingQueue<JsonNode> events) throws InterruptedException {
    JsonNode e = events.poll(5, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no snapshot event within 5 s");
    }
    return e;
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    start(this::snapshot, Duration.ofSeconds(10));
    assertTrue(server.address().getAddress() instanceof Inet4Address);
    assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
    assertTrue(server.address().getAddress().isLoopbackAddress());
    assertEquals("http://127.0.0.1:" + server.address().getPort() + "/", server.url().toString());
  }

  @Test
  void refusesAForeignHostAndAnythingButGet() throws Exception {
    start(this::snapshot, Duration.ofSeconds(10));
    int port = server.address().getPort();
    assertTrue(raw("GET / HTTP/1.1\r\nHost: HOST\r\n\r\n").contains(" 200"));
    assertTrue(raw("GET / HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n").contains(" 200"));
    for (String host :
        List.of(
            "evil.example:" + port, "evil.example", "127.0.0.1", "127.0.0.1:1", "[::1]:" + port)) {
      String status = raw("GET /api/snapshot HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
      assertTrue(status.contains(" 421"), host + ": " + status);
    }
    assertTrue(raw("GET / HTTP/1.1\r\n\r\n").contains(" 421"), "no Host at all");
    assertTrue(
        raw("GET / HTTP/1.1\r\nHost: HOST\r\nHost: evil.example\r\n\r\n").contains(" 421"),
        "two Host headers");
    for (String method : List.of("POST", "PUT", "DELETE", "HEAD", "OPTIONS")) {
      String status =
          raw(method + " /api/snapshot HTTP/1.1\r\nHost: HOST\r\nContent-Length: 0\r\n\r\n");
      assertTrue(status.contains(" 405"), method + ": " + status);
    }
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() throws Exception {
    start(this::snapshot, Duration.ofSeconds(10));
    for (String path : List.of("/", "/app.js", "/app.css", "/api/snapshot", "/nothing")) {
      HttpResponse<String> r = get(path);
      DashboardServer.SECURITY_HEADERS.forEach(
          (name, value) ->
              assertEquals(value, r.headers().firstValue(name).orElse(null), path + " " + name));
    }
    assertEquals(404, get("/nothing").statusCode());
    HttpResponse<String> page = get("/");
    assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").get());
    assertTrue(page.body().contains("<script src=\"/app.js\""), page.body());
    assertFalse(page.body().contains("<script>"), "no inline script");
    assertFalse(page.body().contains("style="), "no inline style");
    assertTrue(get("/app.js").body().contains("EventSource"));
    assertTrue(get("/app.css").body().contains("table"));
  }

  @Test
  void snapshotIsTheLatestAsJson() throws Exception {
    start(this::snapshot, Duration.ofSeconds(10));
    HttpResponse<String> r = get("/api/snapshot");
    for (int i = 0; i < 50 && r.statusCode() == 503; i++) {
      Thread.sleep(100);
      r = get("/api/snapshot");
    }
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").get());
    JsonNode d = JSON.readTree(r.body());
    assertEquals("demo", d.get("project").asText());
    assertTrue(d.get("time").asLong() > 0);
    JsonNode peers = d.get("snapshot").get("peers");
    assertEquals("seeder-1", peers.get(0).get("name").asText());
    assertEquals("exited", peers.get(0).get("state").asText());
    assertEquals(1, peers.get(1).get("receivedFrom").get("seeder-1").asLong());
    assertFalse(d.has("error"));
  }

  @Test
  void twoBrowsersShareOnePollPerInterval() throws Exception {
    Duration interval = Duration.ofMillis(200);
    start(this::snapshot, interval);
    BlockingQueue<JsonNode> a = events();
    BlockingQueue<JsonNode> b = events();
    long started = System.nanoTime();
    List<Long> seenByA = new ArrayList<>();
    List<Long> seenByB = new ArrayList<>();
    long firstA = take(a).get("snapshot").get("peers").get(1).get("bytesDone").asLong();
    long firstB = take(b).get("snapshot").get("peers").get(1).get("bytesDone").asLong();
    long from = Math.max(firstA, firstB);
    while (seenByA.size() < 6) {
      long n = take(a).get("snapshot").get("peers").get(1).get("bytesDone").asLong();
      if (n > from) {
        seenByA.add(n);
      }
    }
    while (seenByB.size() < 6) {
      long n = take(b).get("snapshot").get("peers").get(1).get("bytesDone").asLong();
      if (n > from) {
        seenByB.add(n);
      }
    }
    long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals(seenByA, seenByB, "both browsers see the same polls");
    for (int i = 1; i < seenByA.size(); i++) {
      assertEquals(seenByA.get(i - 1) + 1, seenByA.get(i), "no poll skipped: " + seenByA);
    }
    int allowed = (int) (elapsed / interval.toMillis()) + 3;
    assertTrue(
        polls.get() <= allowed,
        polls.get()
            + " polls in "
            + elapsed
            + " ms for two browsers; one per interval is "
            + allowed);
  }

  @Test
  void aBrowserThatGoesIsDropped() throws Exception {
    start(this::snapshot, Duration.ofMillis(100));
    BlockingQueue<JsonNode> first = events();
    take(first);
    take(first);
    assertEquals(1, server.subscribers());
    streams.get(0).close();
    for (int i = 0; i < 50 && server.subscribers() > 0; i++) {
      Thread.sleep(100);
    }
    assertEquals(0, server.subscribers(), "a browser that went is dropped");
  }

  @Test
  void aBrowserThatReconnectsGetsTheCurrentSnapshotAtOnce() throws Exception {
    start(this::snapshot, Duration.ofHours(1)); // one poll now, the next in an hour
    JsonNode first = take(events());
    streams.get(0).close();
    JsonNode again = take(events());
    assertEquals(1, polls.get());
    assertEquals(first, again, "the current snapshot, without waiting for the next poll");
    assertEquals(1, again.get("snapshot").get("peers").get(1).get("bytesDone").asLong());
  }

  @Test
  void aFailedPollKeepsTheServerUpAndSaysWhy() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    start(
        () -> {
          if (calls.incrementAndGet() > 1) {
            throw new IllegalStateException("the engine is gone\nsecond line");
          }
          return snapshot();
        },
        Duration.ofMillis(100));
    BlockingQueue<JsonNode> events = events();
    JsonNode e = take(events);
    while (!e.has("error")) {
      e = take(events);
    }
    assertEquals("the engine is gone second line", e.get("error").asText());
    assertEquals("leecher-1", e.get("snapshot").get("peers").get(1).get("name").asText());
    JsonNode later = take(events);
    assertTrue(later.has("error"), "polling goes on");
    assertEquals(200, get("/").statusCode());
  }

  @Test
  void aSlowBrowserMissesOldSnapshotsAndHoldsUpNoOne() throws Exception {
    SnapshotFeed feed = new SnapshotFeed("demo", this::snapshot, List::of, Duration.ofHours(1));
    try (SnapshotFeed.Subscription slow = feed.subscribe()) {
      for (int i = 0; i < 10; i++) {
        feed.poll();
      }
      assertEquals(10, polls.get());
      List<Long> got = new ArrayList<>();
      for (var d = slow.next(Duration.ZERO); d.isPresent(); d = slow.next(Duration.ZERO)) {
        got.add(
            JSON.readTree(d.get()).get("snapshot").get("peers").get(1).get("bytesDone").asLong());
      }
      assertEquals(List.of(9L, 10L), got, "only the latest " + SnapshotFeed.QUEUE + " are kept");
    } finally {
      feed.close();
    }
  }
}
