package dev.swarmlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.StubEngine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.RtorrentException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status PEER} asks for every torrent's connections at once, and takes at most the peer
 * timeout in all, against a fake rtorrent on a unix socket that answers connections slowly.
 */
class PeerDetailBoundTest {
  private static final Duration PEER_TIMEOUT = Duration.ofMillis(1000);
  @TempDir Path dir;
  private ServerSocketChannel server;

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** Five torrents at once; each torrent's connections after {@code slowMs}. */
  private ContainerInfo peer(long slowMs) throws IOException {
    String address = "10.1.2.3";
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(dir.resolve(LabContract.socketName(address))), 50);
    ServerSocketChannel listening = server;
    Thread accept =
        new Thread(
            () -> {
              while (listening.isOpen()) {
                try {
                  SocketChannel s = listening.accept();
                  Thread t = new Thread(() -> answer(s, slowMs));
                  t.setDaemon(true);
                  t.start();
                } catch (IOException closed) {
                  return;
                }
              }
            });
    accept.setDaemon(true);
    accept.start();
    return new ContainerInfo(
        "id",
        "lab-leecher-1",
        "leecher",
        1,
        "running",
        Map.of("swarmlab.torrents", "5"),
        Map.of(),
        Map.of(LabContract.CONTROL_MOUNT, dir.toString()),
        address,
        1);
  }

  private static void answer(SocketChannel s, long slowMs) {
    try (s) {
      byte[] request = new byte[8192];
      int n = Channels.newInputStream(s).read(request);
      String call = new String(request, 0, Math.max(0, n), StandardCharsets.UTF_8);
      String rows;
      if (call.contains("d.multicall2")) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
          sb.append("<value><array><data><value><string>H")
              .append(i)
              .append("</string></value><value><string>t")
              .append(i)
              .append(
                  "</string></value><value><i8>100</i8></value><value><i8>50</i8></value><value><i8>0</i8></value>")
              .append(
                  "<value><i8>0</i8></value><value><i8>1</i8></value><value><i8>0</i8></value><value><i8>0</i8></value>")
              .append("</data></array></value>");
        }
        rows = sb.toString();
      } else {
        Thread.sleep(slowMs);
        rows = "";
      }
      String reply =
          "Status: 200 OK\r\n\r\n<methodResponse><params><param><value><array><data>"
              + rows
              + "</data></array></value></param></params></methodResponse>";
      Channels.newOutputStream(s).write(reply.getBytes(StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      // the client gave up
    }
  }

  @Test
  void everyTorrentsConnectionsAreAskedForAtOnce() throws Exception {
    ContainerInfo c = peer(600); // one after another, five would take 3 s
    try (SwarmMonitor monitor = new SwarmMonitor(new StubEngine(), PEER_TIMEOUT)) {
      PeerDetail d =
          assertTimeoutPreemptively(
              Duration.ofMillis(1500), () -> monitor.detail(List.of(c), "leecher-1").orElseThrow());
      assertEquals(5, d.torrents().size());
    }
  }

  @Test
  void theWholeDetailTakesAtMostThePeerTimeout() throws Exception {
    ContainerInfo c = peer(5000);
    try (SwarmMonitor monitor = new SwarmMonitor(new StubEngine(), PEER_TIMEOUT)) {
      long t0 = System.nanoTime();
      RtorrentException e =
          assertThrows(RtorrentException.class, () -> monitor.detail(List.of(c), "leecher-1"));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms < PEER_TIMEOUT.toMillis() + 500, ms + " ms: " + e.getMessage());
      assertTrue(e.getMessage().startsWith("no complete reply within "), e.getMessage());
    }
  }

  @Test
  void aLabWhoseEngineIsNotOnThisMachineIsRefusedInOneLine() throws Exception {
    ContainerInfo c = peer(0);
    try (SwarmMonitor monitor = new SwarmMonitor(new StubEngine(false), PEER_TIMEOUT)) {
      BadInputException e =
          assertThrows(BadInputException.class, () -> monitor.controlDir(List.of(c)));
      assertTrue(e.getMessage().contains("not on this machine"), e.getMessage());
    }
    ContainerInfo elsewhere =
        new ContainerInfo(
            "id",
            "lab-leecher-1",
            "leecher",
            1,
            "running",
            Map.of(),
            Map.of(),
            Map.of(LabContract.CONTROL_MOUNT, "/nonexistent/peers"),
            "10.1.2.3",
            1);
    try (SwarmMonitor monitor = new SwarmMonitor(new StubEngine(), PEER_TIMEOUT)) {
      BadInputException e =
          assertThrows(BadInputException.class, () -> monitor.controlDir(List.of(elsewhere)));
      assertTrue(
          e.getMessage().contains("/nonexistent/peers is not on this machine"), e.getMessage());
    }
  }
}
