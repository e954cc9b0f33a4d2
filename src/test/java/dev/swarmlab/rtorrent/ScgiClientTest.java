package dev.swarmlab.rtorrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SCGI client against a hostile server on loopback: every failure is bounded in time and size. */
class ScgiClientTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private ServerSocket server;
  private final AtomicReference<byte[]> received = new AtomicReference<>();

  /** Serves each connection with {@code behaviour} after reading the whole request. */
  private InetSocketAddress serve(Behaviour behaviour) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          received.set(readRequest(s.getInputStream()));
          behaviour.serve(s.getOutputStream());
        } catch (IOException | InterruptedException ignored) {
          // the client hung up or the test ended
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
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
    InetSocketAddress addr = serve(out -> out.write(("Status: 200 OK\r\nContent-Type: text/xml\r\n\r\n" + OK_BODY).getBytes(StandardCharsets.UTF_8)));
    byte[] body = "<methodCall/>".getBytes(StandardCharsets.UTF_8);
    byte[] reply = new ScgiClient(addr, BOUND, 1 << 20).call(body);
    assertEquals(OK_BODY, new String(reply, StandardCharsets.UTF_8));
    String request = new String(received.get(), StandardCharsets.US_ASCII);
    assertTrue(request.matches("(?s)\\d+:CONTENT_LENGTH\0" + body.length + "\0SCGI\0001\0,<methodCall/>"), request);
  }

  @Test
  void rtorrentClientCallsThroughTheTransport() throws Exception {
    InetSocketAddress addr = serve(out -> out.write(("Content-Type: text/xml\n\n" + OK_BODY).getBytes(StandardCharsets.UTF_8)));
    assertEquals("0.9.8", new RtorrentClient(addr, BOUND).call("system.client_version"));
    assertTrue(new String(received.get(), StandardCharsets.UTF_8).contains("<methodName>system.client_version</methodName>"));
  }

  @Test
  void torrentsAreDecodedFromOneMulticall() throws Exception {
    String rows = "<value><array><data>"
        + "<value><string>ABC</string></value><value><string>disk.img</string></value>"
        + "<value><i8>1000</i8></value><value><i8>250</i8></value><value><i8>10</i8></value>"
        + "<value><i8>20</i8></value><value><i8>3</i8></value><value><i8>0</i8></value><value><i8>0</i8></value>"
        + "</data></array></value>";
    String reply = "Status: 200 OK\r\n\r\n<methodResponse><params><param><value><array><data>" + rows
        + "</data></array></value></param></params></methodResponse>";
    InetSocketAddress addr = serve(out -> out.write(reply.getBytes(StandardCharsets.UTF_8)));
    List<TorrentStatus> t = new RtorrentClient(addr, BOUND).torrents();
    assertEquals(List.of(new TorrentStatus("ABC", "disk.img", 1000, 250, 10, 20, 3, false, 0)), t);
    assertTrue(new String(received.get(), StandardCharsets.UTF_8).contains("<string>d.completed_bytes=</string>"));
  }

  @Test
  void aTorrentWithNoConnectionMovesNoData() throws Exception {
    String rows = "<value><array><data>"
        + "<value><string>ABC</string></value><value><string>disk.img</string></value>"
        + "<value><i8>1000</i8></value><value><i8>1000</i8></value><value><i8>10</i8></value>"
        + "<value><i8>99999</i8></value><value><i8>0</i8></value><value><i8>1</i8></value><value><i8>1800000000</i8></value>"
        + "</data></array></value>";
    String reply = "Status: 200 OK\r\n\r\n<methodResponse><params><param><value><array><data>" + rows
        + "</data></array></value></param></params></methodResponse>";
    InetSocketAddress addr = serve(out -> out.write(reply.getBytes(StandardCharsets.UTF_8)));
    TorrentStatus t = new RtorrentClient(addr, BOUND).torrents().get(0);
    assertEquals(0, t.downRate(), "rtorrent's stale rate is not reported");
    assertEquals(0, t.upRate());
    assertEquals(1800000000L, t.finishedAt());
  }

  @Test
  void aCompleteTorrentDownloadsNothingButMayStillUpload() throws Exception {
    String rows = "<value><array><data>"
        + "<value><string>ABC</string></value><value><string>disk.img</string></value>"
        + "<value><i8>1000</i8></value><value><i8>1000</i8></value><value><i8>22900</i8></value>"
        + "<value><i8>5000</i8></value><value><i8>2</i8></value><value><i8>1</i8></value><value><i8>1800000000</i8></value>"
        + "</data></array></value>";
    String reply = "Status: 200 OK\r\n\r\n<methodResponse><params><param><value><array><data>" + rows
        + "</data></array></value></param></params></methodResponse>";
    InetSocketAddress addr = serve(out -> out.write(reply.getBytes(StandardCharsets.UTF_8)));
    TorrentStatus t = new RtorrentClient(addr, BOUND).torrents().get(0);
    assertEquals(0, t.downRate(), "the last download rate of a completed torrent is stale");
    assertEquals(5000, t.upRate(), "a seed with connections uploads");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    InetSocketAddress addr = serve(out -> Thread.sleep(60_000));
    ScgiClient client = new ScgiClient(addr, Duration.ofMillis(300), 1 << 20);
    RtorrentException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(RtorrentException.class, () -> client.call(new byte[] {1})));
    assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
  }

  @Test
  void anEndlessTrickleIsCutAtTheDeadline() throws Exception {
    InetSocketAddress addr = serve(out -> {
      out.write("Status: 200 OK\r\n\r\n<methodResponse>".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 600; i++) {
        out.write(' ');
        out.flush();
        Thread.sleep(100);
      }
    });
    ScgiClient client = new ScgiClient(addr, Duration.ofMillis(500), 1 << 20);
    assertTimeoutPreemptively(BOUND, () -> assertThrows(RtorrentException.class, () -> client.call(new byte[] {1})));
  }

  @Test
  void aGiantReplyIsRefusedAtTheCap() throws Exception {
    InetSocketAddress addr = serve(out -> {
      out.write("Status: 200 OK\r\nContent-Length: 99999999999\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] junk = new byte[64 * 1024];
      for (int i = 0; i < 1000; i++) {
        out.write(junk);
      }
    });
    ScgiClient client = new ScgiClient(addr, BOUND, 256 * 1024);
    RtorrentException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(RtorrentException.class, () -> client.call(new byte[] {1})));
    assertTrue(e.getMessage().contains("larger than"), e.getMessage());
  }

  @Test
  void anEmptyReplyOrNoHeadersIsAnError() throws Exception {
    InetSocketAddress addr = serve(out -> { });
    assertThrows(RtorrentException.class, () -> new ScgiClient(addr, BOUND, 1 << 20).call(new byte[] {1}));
    stop();
    InetSocketAddress addr2 = serve(out -> out.write(OK_BODY.getBytes(StandardCharsets.UTF_8)));
    assertThrows(RtorrentException.class, () -> new ScgiClient(addr2, BOUND, 1 << 20).call(new byte[] {1}));
  }

  @Test
  void nobodyListeningIsAnError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    RtorrentException e = assertThrows(RtorrentException.class, () -> new ScgiClient(addr, BOUND, 1024).call(new byte[] {1}));
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
  }
}
