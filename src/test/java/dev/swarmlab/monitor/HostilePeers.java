package dev.swarmlab.monitor;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.StubEngine;
import dev.swarmlab.plan.LabContract;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * 250 hostile rtorrents on unix sockets, polled once by a real {@link SwarmMonitor}: huge replies,
 * endless trickles, deep nesting, floods of tiny values, silence. Run in a JVM of its own with a
 * small heap by {@link HostilePollTest}; prints {@code unreachable N/250 in T ms} and exits 0, or
 * fails (an OutOfMemoryError exits non-zero).
 */
public final class HostilePeers {
  static final int PEERS = 250;
  static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);

  private HostilePeers() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("swarmlab-hostile");
    byte[] huge = hugeReply();
    byte[] tiny = tinyValues();
    byte[] deep = deepReply();
    ExecutorService serving =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "hostile");
              t.setDaemon(true);
              return t;
            });
    List<ContainerInfo> peers = new ArrayList<>();
    for (int i = 1; i <= PEERS; i++) {
      String address = "10.77." + (i / 256) + "." + (i % 256);
      Path socket = dir.resolve(LabContract.socketName(address));
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket), 64);
      int kind = kind(i);
      serving.submit(() -> serve(server, kind, huge, tiny, deep));
      peers.add(
          new ContainerInfo(
              "id" + i,
              "hostile-leecher-" + i,
              "leecher",
              i,
              "running",
              Map.of("swarmlab.torrents", "2"),
              Map.of(),
              Map.of(LabContract.CONTROL_MOUNT, dir.toString()),
              address,
              1));
    }
    long t0 = System.nanoTime();
    SwarmSnapshot s;
    try (SwarmMonitor monitor = new SwarmMonitor(new StubEngine(), PEER_TIMEOUT)) {
      s = monitor.poll("hostile", peers, true);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    long unreachable = s.peers().stream().filter(p -> p.state().equals("unreachable")).count();
    long longest =
        s.peers().stream()
            .mapToLong(p -> p.error() == null ? 0 : p.error().length())
            .max()
            .orElse(0);
    // what each kind of peer was reported as: a = huge, b = flood of values, c = deep, d = trickle,
    // e = silence, f = long fault
    s.peers().stream()
        .map(
            p ->
                "abcdef".charAt(kind(Integer.parseInt(p.name().replaceAll("[^0-9]", ""))))
                    + " "
                    + p.error())
        .collect(
            java.util.stream.Collectors.groupingBy(
                e -> e.replaceAll("[0-9]+", "N"),
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()))
        .forEach(
            (k, v) -> System.out.println(v + " x " + k.substring(0, Math.min(100, k.length()))));
    long outOfMemory =
        s.peers().stream()
            .filter(
                p ->
                    p.error() != null
                        && (p.error().contains("heap space") || p.error().contains("OutOfMemory")))
            .count();
    System.out.println(
        "unreachable "
            + unreachable
            + "/"
            + PEERS
            + " in "
            + ms
            + " ms; longest error "
            + longest
            + " chars; out of memory "
            + outOfMemory
            + "; heap max "
            + (Runtime.getRuntime().maxMemory() >> 20)
            + " MiB");
    System.exit(0);
  }

  /** Half of the peers send huge replies; the rest, in turn, each other kind. */
  private static int kind(int peer) {
    return peer % 2 == 0 ? 0 : peer % 10 / 2 + 1;
  }

  private static void serve(
      ServerSocketChannel server, int kind, byte[] huge, byte[] tiny, byte[] deep) {
    while (server.isOpen()) {
      try (SocketChannel s = server.accept()) {
        InputStream in = Channels.newInputStream(s);
        in.read(new byte[4096]); // the request, or enough of it
        OutputStream out = Channels.newOutputStream(s);
        switch (kind) {
          case 0 -> write(out, huge); // far past the cap
          case 1 -> write(out, tiny); // just under the cap: a flood of values to decode
          case 2 -> write(out, deep); // nested past the codec's limit
          case 3 -> { // a trickle that never ends
            out.write("Status: 200 OK\r\n\r\n<methodResponse>".getBytes(StandardCharsets.US_ASCII));
            for (int n = 0; n < 1000; n++) {
              out.write(' ');
              Thread.sleep(20);
            }
          }
          case 4 -> Thread.sleep(10_000); // silence
          default ->
              write(
                  out,
                  ("Status: 200 OK\r\n\r\n<methodResponse><fault><value><struct><member><name>faultString</name><value>"
                          + "ruin ".repeat(100_000)
                          + "</value></member></struct></value></fault></methodResponse>")
                      .getBytes(StandardCharsets.US_ASCII));
        }
      } catch (IOException | InterruptedException e) {
        // the client gave up, as it should
      }
    }
  }

  /**
   * In small pieces: a channel writes a heap array through a direct buffer as large as the write,
   * kept per thread, and 125 servers writing 15 MiB at once would exhaust direct memory.
   */
  private static void write(OutputStream out, byte[] bytes) throws IOException {
    for (int off = 0; off < bytes.length; off += 64 << 10) {
      out.write(bytes, off, Math.min(64 << 10, bytes.length - off));
    }
  }

  private static byte[] hugeReply() {
    byte[] b = new byte[15 << 20];
    java.util.Arrays.fill(b, (byte) 'x');
    byte[] head =
        "Status: 200 OK\r\n\r\n<methodResponse><params><param><value><string>"
            .getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, b, 0, head.length);
    return b;
  }

  /** Just under 4 MiB of one-character values in an array: as many objects as the bytes allow. */
  private static byte[] tinyValues() {
    StringBuilder sb =
        new StringBuilder(
            "Status: 200 OK\r\n\r\n<methodResponse><params><param><value><array><data>");
    String v = "<value>" + "e".repeat(200) + "</value>";
    while (sb.length() + v.length() + 100 < (4 << 20) - 64) {
      sb.append(v);
    }
    sb.append("</data></array></value></param></params></methodResponse>");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] deepReply() {
    String open = "<value><array><data>";
    String close = "</data></array></value>";
    return ("Status: 200 OK\r\n\r\n<methodResponse><params><param>"
            + open.repeat(5000)
            + close.repeat(5000)
            + "</param></params></methodResponse>")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
