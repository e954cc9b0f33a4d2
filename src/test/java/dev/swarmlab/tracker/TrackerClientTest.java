package dev.swarmlab.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scrape against a hostile tracker on loopback: the whole reply is bounded in time and size.
 */
class TrackerClientTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private ServerSocket server;

  interface Behaviour {
    void serve(OutputStream out) throws IOException, InterruptedException;
  }

  private int serve(Behaviour behaviour) throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  s.getInputStream().read(new byte[4096]);
                  behaviour.serve(s.getOutputStream());
                } catch (IOException | InterruptedException ignored) {
                  // the client gave up
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return server.getLocalPort();
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aBodyThatTricklesForeverIsCutAtTheTimeout() throws Exception {
    int port =
        serve(
            out -> {
              out.write(
                  "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nd5:filesd"
                      .getBytes(StandardCharsets.US_ASCII));
              out.flush();
              for (int i = 0; i < 600; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
              }
            });
    TrackerClient client = new TrackerClient("127.0.0.1", port, Duration.ofMillis(700));
    IOException e =
        assertTimeoutPreemptively(BOUND, () -> assertThrows(IOException.class, client::scrape));
    assertTrue(e.getMessage().contains("no complete reply within 700 ms"), e.getMessage());
  }

  @Test
  void aHugeBodyIsRefusedAsItArrives() throws Exception {
    int port =
        serve(
            out -> {
              out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
              byte[] junk = new byte[64 << 10];
              for (int i = 0; i < 1000; i++) {
                out.write(junk);
              }
            });
    TrackerClient client = new TrackerClient("127.0.0.1", port, Duration.ofSeconds(5));
    IOException e =
        assertTimeoutPreemptively(BOUND, () -> assertThrows(IOException.class, client::scrape));
    assertTrue(e.getMessage().contains("reply larger than"), e.getMessage());
  }

  @Test
  void aGoodScrapeIsRead() throws Exception {
    String body =
        "d5:filesd20:" + "A".repeat(20) + "d8:completei2e10:downloadedi1e10:incompletei3eeee";
    int port =
        serve(
            out ->
                out.write(
                    ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.ISO_8859_1)));
    var swarms = new TrackerClient("127.0.0.1", port, Duration.ofSeconds(5)).scrape();
    assertEquals(1, swarms.size());
    assertEquals(new TrackerClient.Swarm("41".repeat(20), 2, 3, 1), swarms.get(0));
  }
}
