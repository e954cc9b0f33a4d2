package dev.swarmlab.rtorrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCGI client against a hostile server on a unix socket: every failure is bounded in time and
 * size.
 */
class ScgiClientTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  @TempDir Path dir;
  private ServerSocketChannel server;
  private final AtomicReference<byte[]> received = new AtomicReference<>();

  /** Serves each connection with {@code behaviour} after reading the whole request. */
  private Path serve(Behaviour behaviour) throws IOException {
    Path socket = dir.resolve("peer-" + System.nanoTime() + ".sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket), 50);
    ServerSocketChannel listening = server;
    Thread t =
        new Thread(
            () -> {
              while (listening.isOpen()) {
                try (SocketChannel s = listening.accept()) {
                  received.set(readRequest(Channels.newInputStream(s)));
                  behaviour.serve(Channels.newOutputStream(s));
                } catch (IOException | InterruptedException ignored) {
                  // the client hung up or the test ended
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return socket;
  }

  interface Behaviour {
    void serve(OutputStream out) throws IOException, InterruptedException;
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static byte[] readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream len = new ByteArrayOutputStream();
    for (int c; (c = in.read()) != ':'; ) {
      len.write(c);
    }
    int headerLength = Integer.parseInt(len.toString(StandardCharsets.US_ASCII));
    byte[] headers = in.readNBytes(headerLength + 1);
    String h = new String(headers, 0, headerLength, StandardCharsets.US_ASCII);
    int bodyLength = Integer.parseInt(h.split("\0")[1]);
    byte[] body = in.readNBytes(bodyLength);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes((headerLength + ":").getBytes(StandardCharsets.US_ASCII));
    all.writeBytes(headers);
    all.writeBytes(body);
    return all.toByteArray();
  }

  private static final String OK_BODY =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><params><param><value><string>0.9.8</string></value></param></params></methodResponse>";

  @Test
  void framesTheRequestAsANetstringStartingWithContentLength() throws Exception {
    Path addr =
        serve(
            out ->
                out.write(
                    ("Status: 200 OK\r\nContent-Type: text/xml\r\n\r\n" + OK_BODY)
                        .getBytes(StandardCharsets.UTF_8)));
    byte[] body = "<methodCall/>".getBytes(StandardCharsets.UTF_8);
    byte[] reply = new ScgiClient(addr, BOUND, 1 << 20).call(body);
    assertEquals(OK_BODY, new String(reply, StandardCharsets.UTF_8));
    String request = new String(received.get(), StandardCharsets.US_ASCII);
    assertTrue(
        request.matches("(?s)\\d+:CONTENT_LENGTH\0" + body.length + "\0SCGI\0001\0,<methodCall/>"),
        request);
  }

  @Test
  void rtorrentClientCallsThroughTheTransport() throws Exception {
    Path addr =
        serve(
            out ->
                out.write(
                    ("Content-Type: text/xml\n\n" + OK_BODY).getBytes(StandardCharsets.UTF_8)));
    assertEquals("0.9.8", new RtorrentClient(addr, BOUND).call("system.client_version"));
    assertTrue(
        new String(received.get(), StandardCharsets.UTF_8)
            .contains("<methodName>system.client_version</methodName>"));
  }

  @Test
  void torrentsAreDecodedFromOneMulticall() throws Exception {
    String rows =
        "<value><array><data>"
            + "<value><string>ABC</string></value><value><string>disk.img</string></value>"
            + "<value><i8>1000</i8></value><value><i8>250</i8></value><value><i8>10</i8></value>"
            + "<value><i8>20</i8></value><value><i8>3</i8></value><value><i8>0</i8></value><value><i8>0</i8></value>"
            + "</data></array></value>";
    String reply =
        "Status: 200 OK\r\n\r\n<methodResponse><params><param><value><array><data>"
            + rows
            + "</data></array></value></param></params></methodResponse>";
    Path addr = serve(out -> out.write(reply.getBytes(StandardCharsets.UTF_8)));
    List<TorrentStatus> t = new RtorrentClient(addr, BOUND).torrents();
    assertEquals(List.of(new TorrentStatus("ABC", "disk.img", 1000, 250, 10, 20, 3, false, 0)), t);
    assertTrue(
        new String(received.get(), StandardCharsets.UTF_8)
            .contains("<string>d.completed_bytes=</string>"));
  }

  @Test
  void aTorrentWithNoConnectionMovesNoData() throws Exception {
    String rows =
        "<value><array><data>"
            + "<value><string>ABC</string></value><value><string>disk.img</string></value>"
            + "<value><i8>1000</i8></value><value><i8>1000</i8></value><value><i8>10</i8></value>"
            + "<value><i8>99999</i8></value><value><i8>0</i8></value><value><i8>1</i8></value><value><i8>1800000000</i8></value>"
            + "</data></array></value>";
    String reply =
        "Status: 200 OK\r\n\r\n<methodResponse><params><param><value><array><data>"
            + rows
            + "</data></array></value></param></params></methodResponse>";
    Path addr = serve(out -> out.write(reply.getBytes(StandardCharsets.UTF_8)));
    TorrentStatus t = new RtorrentClient(addr, BOUND).torrents().get(0);
    assertEquals(0, t.downRate(), "rtorrent's stale rate is not reported");
    assertEquals(0, t.upRate());
    assertEquals(1800000000L, t.finishedAt());
  }

  @Test
  void aCompleteTorrentDownloadsNothingButMayStillUpload() throws Exception {
    String rows =
        "<value><array><data>"
            + "<value><string>ABC</string></value><value><string>disk.img</string></value>"
            + "<value><i8>1000</i8></value><value><i8>1000</i8></value><value><i8>22900</i8></value>"
            + "<value><i8>5000</i8></value><value><i8>2</i8></value><value><i8>1</i8></value><value><i8>1800000000</i8></value>"
            + "</data></array></value>";
    String reply =
        "Status: 200 OK\r\n\r\n<methodResponse><params><param><value><array><data>"
            + rows
            + "</data></array></value></param></params></methodResponse>";
    Path addr = serve(out -> out.write(reply.getBytes(StandardCharsets.UTF_8)));
    TorrentStatus t = new RtorrentClient(addr, BOUND).torrents().get(0);
    assertEquals(0, t.downRate(), "the last download rate of a completed torrent is stale");
    assertEquals(5000, t.upRate(), "a seed with connections uploads");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    Path addr = serve(out -> Thread.sleep(60_000));
    ScgiClient client = new ScgiClient(addr, Duration.ofMillis(300), 1 << 20);
    RtorrentException e =
        assertTimeoutPreemptively(
            BOUND, () -> assertThrows(RtorrentException.class, () -> client.call(new byte[] {1})));
    assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
  }

  @Test
  void anInterruptedCallEndsAtOnceInsteadOfSpinningToItsDeadline() throws Exception {
    Path addr = serve(out -> Thread.sleep(60_000));
    ScgiClient client = new ScgiClient(addr, Duration.ofSeconds(20), 1 << 20);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread call =
        new Thread(
            () -> {
              try {
                client.call(new byte[] {1});
              } catch (RtorrentException e) {
                failure.set(e);
              }
            });
    call.start();
    Thread.sleep(300);
    call.interrupt();
    call.join(2000);
    assertTrue(!call.isAlive(), "the interrupted call was still running 2 s later");
    assertTrue(
        failure.get() != null && failure.get().getMessage().contains("interrupted"),
        String.valueOf(failure.get()));
  }

  @Test
  void anEndlessTrickleIsCutAtTheDeadline() throws Exception {
    Path addr =
        serve(
            out -> {
              out.write(
                  "Status: 200 OK\r\n\r\n<methodResponse>".getBytes(StandardCharsets.US_ASCII));
              for (int i = 0; i < 600; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(100);
              }
            });
    ScgiClient client = new ScgiClient(addr, Duration.ofMillis(500), 1 << 20);
    assertTimeoutPreemptively(
        BOUND, () -> assertThrows(RtorrentException.class, () -> client.call(new byte[] {1})));
  }

  @Test
  void aGiantReplyIsRefusedAtTheCap() throws Exception {
    Path addr =
        serve(
            out -> {
              out.write(
                  "Status: 200 OK\r\nContent-Length: 99999999999\r\n\r\n"
                      .getBytes(StandardCharsets.US_ASCII));
              byte[] junk = new byte[64 * 1024];
              for (int i = 0; i < 1000; i++) {
                out.write(junk);
              }
            });
    ScgiClient client = new ScgiClient(addr, BOUND, 256 * 1024);
    RtorrentException e =
        assertTimeoutPreemptively(
            BOUND, () -> assertThrows(RtorrentException.class, () -> client.call(new byte[] {1})));
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
  }

  @Test
  void anEmptyReplyOrNoHeadersIsAnError() throws Exception {
    Path addr = serve(out -> {});
    assertThrows(
        RtorrentException.class, () -> new ScgiClient(addr, BOUND, 1 << 20).call(new byte[] {1}));
    stop();
    Path addr2 = serve(out -> out.write(OK_BODY.getBytes(StandardCharsets.UTF_8)));
    assertThrows(
        RtorrentException.class, () -> new ScgiClient(addr2, BOUND, 1 << 20).call(new byte[] {1}));
  }

  @Test
  void nobodyListeningIsAnError() throws Exception {
    Path stale = dir.resolve("stale.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(stale)); // the file stays after the listener closes
    }
    RtorrentException e =
        assertThrows(
            RtorrentException.class, () -> new ScgiClient(stale, BOUND, 1024).call(new byte[] {1}));
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
    RtorrentException missing =
        assertThrows(
            RtorrentException.class,
            () -> new ScgiClient(dir.resolve("none.sock"), BOUND, 1024).call(new byte[] {1}));
    assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
  }

  @Test
  void aServerThatNeverAcceptsTimesOutConnecting() throws Exception {
    Path socket = dir.resolve("busy.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(socket), 1);
      // fill the backlog: the kernel queues a few connections, then makes the next ones wait
      List<SocketChannel> queued = new java.util.ArrayList<>();
      try {
        for (boolean full = false; !full; ) {
          SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
          c.configureBlocking(false);
          queued.add(c);
          try {
            c.connect(UnixDomainSocketAddress.of(socket));
          } catch (IOException backlogFull) {
            full = true;
          }
          assertTrue(queued.size() < 100, "the backlog never filled");
        }
        ScgiClient client = new ScgiClient(socket, Duration.ofMillis(300), 1024);
        RtorrentException e =
            assertTimeoutPreemptively(
                BOUND,
                () -> assertThrows(RtorrentException.class, () -> client.call(new byte[] {1})));
        assertTrue(e.getMessage().contains("no connection within 300 ms"), e.getMessage());
      } finally {
        for (SocketChannel c : queued) {
          c.close();
        }
      }
    }
  }

  @Test
  void theLongestSocketPathTakenIsOneTheJdkConnectsTo() throws Exception {
    Path dir = Files.createTempDirectory("s");
    int pad = ScgiClient.MAX_SOCKET_PATH_BYTES - dir.toString().length() - 1;
    Path longest = dir.resolve("x".repeat(pad));
    Path tooLong = dir.resolve("x".repeat(pad + 1));
    assertEquals(ScgiClient.MAX_SOCKET_PATH_BYTES, longest.toString().length());
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(longest));
      try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        c.connect(UnixDomainSocketAddress.of(ScgiClient.reachable(longest)));
      }
      try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        // one byte more, and the JDK refuses the address: reachable() must never hand it over
        java.net.SocketException e =
            assertThrows(
                java.net.SocketException.class,
                () -> c.connect(UnixDomainSocketAddress.of(tooLong)));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
      }
    } finally {
      Files.deleteIfExists(longest);
      Files.delete(dir);
    }
  }

  @Test
  void aSocketPathTooLongForTheKernelIsTakenRelativeToTheWorkingDirectory() throws Exception {
    Path here = Path.of("").toAbsolutePath();
    // target/ + 89 + /peer.sock is 106 bytes, the most a socket address takes; absolute, it is
    // longer
    Path deep = Files.createDirectories(here.resolve("target/" + "d".repeat(89)));
    try {
      Path socket = deep.resolve("peer.sock");
      assertTrue(socket.toString().length() > ScgiClient.MAX_SOCKET_PATH_BYTES, socket::toString);
      assertEquals(
          Path.of("target/" + "d".repeat(89) + "/peer.sock"), ScgiClient.reachable(socket));
      Path shallow = Path.of("/tmp/peer.sock");
      assertEquals(shallow, ScgiClient.reachable(shallow));
      Path far = Path.of("/" + "x".repeat(120) + "/peer.sock");
      RtorrentException e = assertThrows(RtorrentException.class, () -> ScgiClient.reachable(far));
      assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    } finally {
      Files.delete(deep);
    }
  }
}
