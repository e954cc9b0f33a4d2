package dev.swarmlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.Provenance;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.report.Reports;
import dev.swarmlab.report.RunReplay;
import dev.swarmlab.report.SyntheticRun;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  @TempDir Path tmp;

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
    return start(source, interval, peer -> Optional.empty());
  }

  private DashboardServer start(
      Supplier<SwarmSnapshot> source,
      Duration interval,
      Function<String, Optional<Provenance>> provenance)
      throws IOException {
    server =
        DashboardServer.start(new SnapshotFeed("demo", source, List::of, interval), provenance, 0);
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
  void aClientThatTakesGzipGetsTheSameDocumentsGzipd() throws Exception {
    start(this::snapshot, Duration.ofMillis(100));
    HttpResponse<String> plain = get("/api/snapshot");
    for (int i = 0; i < 50 && plain.statusCode() == 503; i++) {
      Thread.sleep(100);
      plain = get("/api/snapshot");
    }
    assertEquals(200, plain.statusCode());
    assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty(), "not asked for: plain");

    // the page's script is large enough to be packed, and comes back whole
    HttpResponse<byte[]> js =
        HTTP.send(
            HttpRequest.newBuilder(server.url().resolve("/app.js"))
                .header("Accept-Encoding", "br, gzip;q=0.8")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals("gzip", js.headers().firstValue("Content-Encoding").orElse(""));
    assertEquals(get("/app.js").body(), gunzip(js.body()));
    HttpResponse<String> refused =
        HTTP.send(
            HttpRequest.newBuilder(server.url().resolve("/app.js"))
                .header("Accept-Encoding", "gzip;q=0")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(refused.headers().firstValue("Content-Encoding").isEmpty(), "q=0 refuses gzip");

    // the stream: each event arrives as it is sent, though compressed
    HttpResponse<InputStream> r =
        HTTP.send(
            HttpRequest.newBuilder(server.url().resolve("/api/events"))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""));
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                new java.util.zip.GZIPInputStream(r.body()), StandardCharsets.UTF_8))) {
      String line;
      int events = 0;
      while (events < 2 && (line = lines.readLine()) != null) {
        if (line.startsWith("data: ")) {
          JsonNode d = JSON.readTree(line.substring("data: ".length()));
          assertEquals("demo", d.get("project").asText());
          events++;
        }
      }
      assertEquals(2, events, "two events through the compressed stream");
    }
  }

  private static String gunzip(byte[] packed) throws IOException {
    try (InputStream in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(packed))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
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

  // live: the replay's endpoints, and provenance

  @Test
  void liveItSaysItIsLiveAndHasNoFrames() throws Exception {
    start(this::snapshot, Duration.ofSeconds(10));

    HttpResponse<String> info = get("/api/replay");
    assertEquals(200, info.statusCode());
    assertEquals("application/json", info.headers().firstValue("Content-Type").get());
    assertEquals(JSON.readTree("{\"live\":true}"), JSON.readTree(info.body()));
    for (String path : List.of("/api/frame", "/api/frame?t=3", "/api/frame?t=abc")) {
      assertEquals(404, get(path).statusCode(), path);
    }
  }

  @Test
  void liveProvenanceAsksOnlyForOneWellNamedPeer() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    Provenance.Builder b = new Provenance.Builder("leecher-1");
    b.add("ab", 0, "seeder-1", 100);
    b.add("ab", 1, "leecher-2", 60);
    Provenance known = b.build(List.of(new Provenance.Torrent("ab", "file.bin", 160, 100)));
    start(
        this::snapshot,
        Duration.ofSeconds(10),
        peer -> {
          asked.add(peer);
          return peer.equals("leecher-1") ? Optional.of(known) : Optional.empty();
        });

    for (String query :
        List.of(
            "",
            "?",
            "?peer=",
            "?peer",
            "?=leecher-1",
            "?peer=Leecher-1",
            "?peer=leecher",
            "?peer=leecher-1x",
            "?peer=..%2Fleecher-1",
            "?peer=leecher-1&peer=leecher-2",
            "?peer=leecher-1&peer=leecher-1",
            "?peer=leecher-1&x=1",
            "?x=1",
            "?peer=leecher-1&t=3",
            "?t=3")) {
      HttpResponse<String> r = get("/api/provenance" + query);
      assertEquals(400, r.statusCode(), query + ": " + r.body());
    }
    String malformed = raw("GET /api/provenance?peer=leecher-1%ZZ HTTP/1.1\r\nHost: HOST\r\n\r\n");
    assertTrue(malformed.contains(" 400"), malformed);
    assertEquals(List.of(), asked, "a bad request asks no peer");

    HttpResponse<String> found = get("/api/provenance?peer=leecher-1");
    assertEquals(200, found.statusCode());
    assertEquals("application/json", found.headers().firstValue("Content-Type").get());
    JsonNode p = JSON.readTree(found.body());
    assertEquals("leecher-1", p.get("peer").asText());
    assertEquals(JSON.readTree("[\"seeder-1\",\"leecher-2\"]"), p.get("senders"));
    assertEquals(JSON.readTree("[100,60]"), p.get("sentBytes"));
    assertEquals(JSON.readTree("[0,1]"), p.get("torrents").get(0).get("from"));

    HttpResponse<String> missing = get("/api/provenance?peer=leecher-7");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("leecher-7"), missing.body());
    assertEquals(List.of("leecher-1", "leecher-7"), asked);
  }

  @Test
  void liveProvenanceThatCannotBeReadIs503() throws Exception {
    start(
        this::snapshot,
        Duration.ofSeconds(10),
        peer -> {
          throw new IllegalStateException("the engine is gone");
        });

    assertEquals(503, get("/api/provenance?peer=leecher-1").statusCode());
    assertEquals(200, get("/").statusCode(), "the server is still up");
  }

  // a replay of a recorded run

  /** Serves the replay of {@link SyntheticRun#standard}: 9 seconds from 1000. */
  private Replay replay() throws IOException {
    SyntheticRun run = SyntheticRun.standard(tmp);
    Replay replay = new Replay(RunReplay.load(run.record), Reports.summary(run.record));
    server = DashboardServer.replay(replay, 0);
    return replay;
  }

  @Test
  void replayItTellsTheRunAndItsLength() throws Exception {
    replay();

    HttpResponse<String> r = get("/api/replay");
    assertEquals(200, r.statusCode());
    JsonNode info = JSON.readTree(r.body());
    assertEquals(SyntheticRun.ID, info.get("run").asText());
    assertEquals(9, info.get("duration").asLong());
    assertEquals(1000, info.get("started").asLong());
    assertFalse(info.has("live"));
    assertEquals(0, server.subscribers());
  }

  @Test
  void replayAFrameIsOneSecondOfTheRun() throws Exception {
    replay();

    HttpResponse<String> r = get("/api/frame?t=5");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").get());
    JsonNode f = JSON.readTree(r.body());
    assertEquals(1_005_000, f.get("time").asLong());
    JsonNode peers = f.get("snapshot").get("peers");
    assertEquals("leecher-2", peers.get(1).get("name").asText());
    // leecher-2 kept 2 blocks of 16 KiB at each of 3, 4 and 5
    assertEquals(6 * 16384, peers.get(1).get("bytesDone").asLong());
    assertEquals(
        1_009_000,
        JSON.readTree(get("/api/frame?t=999999999999").body()).get("time").asLong(),
        "clamped to the last second");
    assertEquals(
        1_003_000,
        JSON.readTree(get("/api/frame?t=003").body()).get("time").asLong(),
        "leading zeros are still a second");

    for (String query :
        List.of(
            "",
            "?t=",
            "?t",
            "?t=abc",
            "?t=-1",
            "?t=1.5",
            "?t=%2B1",
            "?t=1e3",
            "?t=1%20",
            "?t=9999999999999",
            "?t=1&t=2",
            "?t=1&x=2",
            "?x=1")) {
      HttpResponse<String> bad = get("/api/frame" + query);
      assertEquals(400, bad.statusCode(), query + ": " + bad.body());
    }
  }

  @Test
  void replayHasNoStreamAndItsSnapshotIsTheLastSecond() throws Exception {
    Replay replay = replay();

    assertEquals(404, get("/api/events").statusCode());
    HttpResponse<String> r = get("/api/snapshot");
    assertEquals(200, r.statusCode());
    JsonNode last = JSON.readTree(r.body());
    assertEquals(1_009_000, last.get("time").asLong());
    assertEquals(2, last.get("snapshot").get("summary").get("leechersComplete").asInt());
    assertEquals(without(JSON.readTree(replay.frame(9))), without(last));
  }

  private static JsonNode without(JsonNode frame) {
    ObjectNode copy = frame.deepCopy();
    copy.remove("pollMillis");
    return copy;
  }

  @Test
  void replayHistoryIsTheRunsSeries() throws Exception {
    Replay replay = replay();

    HttpResponse<String> r = get("/api/history");
    assertEquals(200, r.statusCode());
    JsonNode h = JSON.readTree(r.body());
    assertEquals(JSON.readTree(replay.history()), h);
    assertEquals(10, h.get("times").size());
    assertEquals(1_001_000, h.get("times").get(0).asLong());
    assertEquals(1_010_000, h.get("times").get(9).asLong());
    assertEquals(1.0, h.get("progress").get(9).asDouble());
  }

  @Test
  void replayProvenanceAtASecond() throws Exception {
    replay();

    JsonNode at4 = JSON.readTree(get("/api/provenance?peer=leecher-2&t=4").body());
    assertEquals(JSON.readTree("[\"seeder-1\"]"), at4.get("senders"));
    assertEquals(JSON.readTree("[65536]"), at4.get("sentBytes"), "4 blocks by 4");
    JsonNode whole = JSON.readTree(get("/api/provenance?peer=leecher-2").body());
    assertEquals(JSON.readTree("[119152,32768]"), whole.get("sentBytes"), "the whole run");
    assertEquals(404, get("/api/provenance?peer=leecher-7&t=4").statusCode());
    for (String query : List.of("?peer=leecher-2&t=abc", "?peer=leecher-2&t=-1", "?t=4")) {
      assertEquals(400, get("/api/provenance" + query).statusCode(), query);
    }
  }

  @Test
  void replayStillRefusesAForeignHostAndAnythingButGet() throws Exception {
    replay();
    int port = server.address().getPort();

    assertTrue(raw("GET /api/frame?t=3 HTTP/1.1\r\nHost: HOST\r\n\r\n").contains(" 200"));
    for (String path : List.of("/api/frame?t=3", "/api/replay", "/api/history")) {
      String status = raw("GET " + path + " HTTP/1.1\r\nHost: evil.example:" + port + "\r\n\r\n");
      assertTrue(status.contains(" 421"), path + ": " + status);
    }
    String post = raw("POST /api/frame?t=3 HTTP/1.1\r\nHost: HOST\r\nContent-Length: 0\r\n\r\n");
    assertTrue(post.contains(" 405"), post);
  }
}
