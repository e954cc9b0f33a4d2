package dev.swarmlab.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.swarmlab.monitor.Provenance;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.view.StatusViews;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the dashboard on 127.0.0.1 only, read-only: the page, its two assets, the latest snapshot
 * ({@code /api/snapshot}) and a stream of them ({@code /api/events}, Server-Sent Events). A request
 * must name this server in its {@code Host} header ({@code 127.0.0.1:PORT} or {@code
 * localhost:PORT}), so a page of another site that rebinds its name to 127.0.0.1 reads nothing;
 * only GET is served; every response carries headers that keep the page from loading or being
 * framed by anything but itself.
 */
public final class DashboardServer implements AutoCloseable {

  /** A peer's name in the lab: {@code SERVICE-N}. */
  private static final Pattern PEER_NAME = Pattern.compile("[a-z][a-z0-9]{0,30}-[0-9]{1,6}");

  /** Responses this large or larger are sent gzip'd to a client that takes it. */
  static final int GZIP_FROM = 1024;

  /** Browsers that may follow the stream at once; more are answered 503. */
  static final int MAX_STREAMS = 32;

  /** How often a quiet stream is written to, to find browsers that have gone. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self';"
              + " script-src 'self'",
          "X-Content-Type-Options",
          "nosniff",
          "Referrer-Policy",
          "no-referrer",
          "X-Frame-Options",
          "DENY",
          "Cache-Control",
          "no-store");

  /** Path → resource in the jar, and its content type. */
  private static final Map<String, List<String>> ASSETS =
      Map.of(
          "/", List.of("index.html", "text/html; charset=utf-8"),
          "/app.js", List.of("app.js", "text/javascript; charset=utf-8"),
          "/app.css", List.of("app.css", "text/css; charset=utf-8"));

  private final HttpServer server;
  private final SnapshotFeed feed; // live; null for a replay
  private final Function<String, Optional<Provenance>> provenance;
  private final Replay replay; // null when live
  private final String replayHistory;
  private final ExecutorService threads;
  private final Set<String> hosts;

  private DashboardServer(
      HttpServer server,
      SnapshotFeed feed,
      Function<String, Optional<Provenance>> provenance,
      Replay replay,
      ExecutorService threads) {
    this.server = server;
    this.feed = feed;
    this.provenance = provenance;
    this.replay = replay;
    this.replayHistory = replay == null ? null : replay.history();
    this.threads = threads;
    int port = server.getAddress().getPort();
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
  }

  /**
   * Starts {@code feed} and serves it on 127.0.0.1:{@code port} (0: any free port), with each
   * peer's block provenance from {@code provenance} (by peer name); closing the server closes the
   * feed.
   *
   * @throws IOException if the port cannot be bound
   */
  public static DashboardServer start(
      SnapshotFeed feed, Function<String, Optional<Provenance>> provenance, int port)
      throws IOException {
    return start(feed, provenance, null, port);
  }

  /**
   * Serves {@code replay} on 127.0.0.1:{@code port} (0: any free port): the same page, with a time
   * slider over the recorded run.
   *
   * @throws IOException if the port cannot be bound
   */
  public static DashboardServer replay(Replay replay, int port) throws IOException {
    return start(null, null, replay, port);
  }

  private static DashboardServer start(
      SnapshotFeed feed, Function<String, Optional<Provenance>> provenance, Replay replay, int port)
      throws IOException {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(loopback, port), 0);
    } catch (IOException e) {
      if (feed != null) {
        feed.close();
      }
      throw e;
    }
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "swarmlab-dashboard");
              t.setDaemon(true);
              return t;
            });
    DashboardServer s = new DashboardServer(http, feed, provenance, replay, threads);
    http.createContext("/", s::handle);
    http.setExecutor(threads);
    if (feed != null) {
      feed.start();
    }
    http.start();
    return s;
  }

  /**
   * Serves the lab {@code project} on 127.0.0.1:{@code port} (0: any free port), polled through
   * {@code monitor} every {@code interval} with what each peer received from each other.
   *
   * @throws IOException if the port cannot be bound
   */
  public static DashboardServer start(
      SwarmMonitor monitor, String project, Duration interval, int port) throws IOException {
    return start(
        new SnapshotFeed(
            project,
            () -> monitor.pollWithPieces(project),
            () -> monitor.tracker(monitor.containers(project)),
            interval),
        peer -> monitor.provenance(monitor.containers(project), peer),
        port);
  }

  /** The address the server listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The page's address, {@code http://127.0.0.1:PORT/}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + address().getPort() + "/");
  }

  /** How many browsers follow the stream now. */
  public int subscribers() {
    return feed == null ? 0 : feed.subscribers();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      Headers h = ex.getResponseHeaders();
      SECURITY_HEADERS.forEach(h::set);
      List<String> host = ex.getRequestHeaders().get("Host");
      if (host == null || host.size() != 1 || !hosts.contains(host.get(0))) {
        text(
            ex,
            421,
            "this server answers only to " + String.join(" or ", hosts.stream().sorted().toList()));
        return;
      }
      if (!ex.getRequestMethod().equals("GET")) {
        h.set("Allow", "GET");
        text(ex, 405, "the dashboard is read-only: GET only");
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (ASSETS.containsKey(path)) {
        List<String> asset = ASSETS.get(path);
        send(ex, 200, asset.get(1), resource(asset.get(0)));
      } else if (path.equals("/api/replay")) {
        json(ex, replay == null ? "{\"live\":true}" : replay.info());
      } else if (path.equals("/api/frame")) {
        frame(ex);
      } else if (path.equals("/api/snapshot")) {
        Optional<String> latest =
            replay != null ? Optional.of(frameAt(Long.MAX_VALUE)) : feed.latest();
        if (latest.isPresent()) {
          json(ex, latest.get());
        } else {
          text(ex, 503, "no poll yet; try again in a moment");
        }
      } else if (path.equals("/api/history")) {
        json(ex, replay != null ? replayHistory : feed.history());
      } else if (path.equals("/api/provenance")) {
        provenance(ex);
      } else if (path.equals("/api/events") && feed != null) {
        stream(ex);
      } else {
        text(ex, 404, "not found");
      }
    }
  }

  /** {@code /api/frame?t=SECOND}: the replayed run at that second. */
  private void frame(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex, Set.of("t"));
    if (replay == null) {
      text(ex, 404, "this dashboard is live, not a replay");
      return;
    }
    OptionalLong t = q == null ? OptionalLong.empty() : second(q.get("t"));
    if (t.isEmpty()) {
      text(ex, 400, "ask for one second of the run: /api/frame?t=12");
      return;
    }
    json(ex, frameAt(t.getAsLong()));
  }

  /** One frame at a time: each walks the run's blocks up to its second. */
  private String frameAt(long t) {
    synchronized (replay) {
      return replay.frame(t);
    }
  }

  /**
   * {@code /api/provenance?peer=NAME} (and, replaying, {@code &t=SECOND}): which peer sent each
   * piece peer NAME has. One at a time: each reads that peer's whole block log.
   */
  private void provenance(HttpExchange ex) throws IOException {
    Map<String, String> q = query(ex, Set.of("peer", "t"));
    String peer = q == null ? null : q.get("peer");
    OptionalLong t = q == null || !q.containsKey("t") ? OptionalLong.empty() : second(q.get("t"));
    if (peer == null
        || !PEER_NAME.matcher(peer).matches()
        || (q.containsKey("t") && (t.isEmpty() || replay == null))) {
      text(
          ex,
          400,
          "ask for one peer: /api/provenance?peer=leecher-1" + (replay == null ? "" : "&t=12"));
      return;
    }
    Optional<Provenance> found;
    Object lock = replay != null ? replay : provenance;
    synchronized (lock) {
      try {
        found =
            replay != null
                ? replay.provenance(peer, t.orElse(Long.MAX_VALUE))
                : provenance.apply(peer);
      } catch (RuntimeException e) {
        text(ex, 503, "cannot read the peers' files now");
        return;
      }
    }
    if (found.isEmpty()) {
      text(ex, 404, "no record of peer " + peer + " yet");
      return;
    }
    send(
        ex,
        200,
        "application/json",
        StatusViews.jsonLine(found.get()).getBytes(StandardCharsets.UTF_8));
  }

  /** Sends each snapshot as an event until the browser goes or the server closes. */
  private void stream(HttpExchange ex) throws IOException {
    if (feed.subscribers() >= MAX_STREAMS) {
      text(ex, 503, "too many open dashboards");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    boolean gzip = acceptsGzip(ex);
    if (gzip) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    ex.getResponseHeaders().set("Vary", "Accept-Encoding");
    ex.sendResponseHeaders(200, 0);
    // each event is flushed through the compressor as it is written (a sync flush)
    OutputStream out =
        gzip ? new GZIPOutputStream(ex.getResponseBody(), true) : ex.getResponseBody();
    try (SnapshotFeed.Subscription s = feed.subscribe()) {
      write(out, "retry: 1000\n\n");
      while (true) {
        Optional<String> next = s.next(KEEP_ALIVE);
        write(out, next.map(d -> "event: snapshot\ndata: " + d + "\n\n").orElse(": alive\n\n"));
      }
    } catch (IllegalStateException | IOException closedOrGone) {
      // the feed closed or the browser went: either way this stream is over
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The request's query as names and values, when it names each of {@code allowed} at most once and
   * nothing else; null otherwise.
   */
  private static Map<String, String> query(HttpExchange ex, Set<String> allowed) {
    String raw = ex.getRequestURI().getRawQuery();
    Map<String, String> out = new java.util.HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String name = pair.substring(0, eq);
      String value;
      try {
        value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      if (!allowed.contains(name) || out.put(name, value) != null) {
        return null;
      }
    }
    return out;
  }

  /** A second of a run, 0 or more, as the page writes it; empty if it is not one. */
  private static OptionalLong second(String text) {
    if (text == null || !text.matches("[0-9]{1,12}")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(text));
  }

  private static void json(HttpExchange ex, String document) throws IOException {
    send(ex, 200, "application/json", document.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void text(HttpExchange ex, int code, String message) throws IOException {
    send(ex, code, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Vary", "Accept-Encoding");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(code, -1); // a HEAD answer has no body
      return;
    }
    if (body.length >= GZIP_FROM && acceptsGzip(ex)) {
      ByteArrayOutputStream packed = new ByteArrayOutputStream(body.length / 4);
      try (GZIPOutputStream z = new GZIPOutputStream(packed)) {
        z.write(body);
      }
      body = packed.toByteArray();
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
    ex.sendResponseHeaders(code, body.length);
    ex.getResponseBody().write(body);
  }

  /**
   * Whether the client takes gzip: a swarm's update is mostly the same names and keys over and
   * over, which gzip packs about ten times (at 250 peers, hundreds of KiB a second otherwise).
   */
  private static boolean acceptsGzip(HttpExchange ex) {
    List<String> accepted = ex.getRequestHeaders().get("Accept-Encoding");
    if (accepted == null) {
      return false;
    }
    for (String header : accepted) {
      for (String coding : header.split(",")) {
        String[] parts = coding.strip().split(";");
        if (parts[0].strip().equalsIgnoreCase("gzip")
            && !(parts.length > 1 && parts[1].replace(" ", "").equals("q=0"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static byte[] resource(String name) {
    try (InputStream in = DashboardServer.class.getResourceAsStream("/swarmlab/web/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no swarmlab/web/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops serving and polling; open streams end. */
  @Override
  public void close() {
    if (feed != null) {
      feed.close();
    }
    server.stop(0);
    threads.shutdownNow();
  }
}
