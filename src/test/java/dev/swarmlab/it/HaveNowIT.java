package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.rtorrent.TorrentStatus;
import dev.swarmlab.testing.Cli;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client variants on a real lab. A downloading leecher is watched by an idle peer of the test's
 * own (it connects, says it has nothing and wants nothing, and only listens): with {@code
 * rtorrent-have-now} the leecher announces every piece it completes to it within a second; stock
 * rtorrent, which sends HAVE only with its next write to a peer, tells it nothing new meanwhile.
 * The variant shows in {@code status --json} and in the run's report.
 */
class HaveNowIT {
  /** Seconds the idle peer watches. */
  private static final int WATCH_S = 8;

  /** How soon a completed piece must be announced, the "within a second". */
  private static final long PROMPT_NANOS = Duration.ofSeconds(1).toNanos();

  private final String project = "it-havenow-" + UUID.randomUUID().toString().substring(0, 8);
  private final LabProbe lab = new LabProbe(project);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void theHaveNowLeecherAnnouncesEachPieceAtOnceAndStockRtorrentDoesNot() throws Exception {
    up("--leecher-client", "rtorrent-have-now");
    assertEquals("rtorrent-have-now", lab.peer("leecher-1").get("client").asText());
    assertEquals("rtorrent", lab.peer("seeder-1").get("client").asText());
    Watch watch = watchLeecher();
    assertTrue(
        watch.completedMeanwhile() >= 3,
        "the leecher completes pieces while it is watched: " + watch);
    for (Sample s : watch.samples()) {
      BitSet known = watch.idle().knownAt(s.at() + PROMPT_NANOS);
      BitSet missing = (BitSet) s.have().clone();
      missing.andNot(known);
      assertTrue(
          missing.isEmpty(),
          "pieces "
              + missing
              + " the leecher had were not announced to the idle peer within a second: "
              + watch);
    }
    Cli detail = Cli.run("status", "-p", project, "leecher-1");
    assertTrue(
        detail.out().startsWith("leecher-1 (leecher, rtorrent-have-now, running)"),
        detail::toString);
    Cli table = Cli.run("status", "-p", project);
    assertTrue(table.out().lines().findFirst().orElseThrow().contains("CLIENT"), table::toString);
    // the run's report names each peer's client
    Cli peers = Cli.run("report", "-p", project, "--format", "csv", "--table", "peers");
    assertEquals(0, peers.code(), peers::toString);
    assertTrue(peers.out().contains("\nleecher-1,leecher,"), peers::toString);
    for (String row : peers.out().strip().lines().skip(1).toList()) {
      String expected = row.startsWith("seeder-") ? ",rtorrent" : ",rtorrent-have-now";
      assertTrue(row.endsWith(expected), row);
    }
  }

  @Test
  void stockRtorrentTellsAnIdlePeerNothingUntilItWritesToIt() throws Exception {
    up();
    assertEquals("rtorrent", lab.peer("leecher-1").get("client").asText());
    Watch watch = watchLeecher();
    assertTrue(
        watch.completedMeanwhile() >= 3,
        "the leecher completes pieces while it is watched: " + watch);
    assertEquals(
        0,
        watch.idle().haves(),
        "stock rtorrent announced no new piece to the idle peer: " + watch);
  }

  /** One seeder whose upload is slow, so its one leecher completes a piece every second or so. */
  private void up(String... options) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "up",
                "-p",
                project,
                "--seeders",
                "1",
                "--leechers",
                "1",
                "--payload-size",
                "32MiB",
                "--seeder-up-rate",
                "512KiB"));
    args.addAll(List.of(options));
    Swarmlab up = Swarmlab.start(args.toArray(String[]::new));
    assertEquals(0, up.exitCode(Duration.ofMinutes(15)), up::toString);
  }

  /** When the leecher had which pieces, as rtorrent itself said. */
  record Sample(long at, BitSet have) {}

  record Watch(IdlePeer idle, List<Sample> samples) {
    int completedMeanwhile() {
      return samples.get(samples.size() - 1).have().cardinality()
          - samples.get(0).have().cardinality();
    }

    @Override
    public String toString() {
      return "leecher had "
          + samples.get(0).have().cardinality()
          + " then "
          + samples.get(samples.size() - 1).have().cardinality()
          + " pieces; the idle peer knew "
          + idle.knownAt(Long.MAX_VALUE).cardinality()
          + ", "
          + idle.haves()
          + " of them from HAVE messages";
    }
  }

  /**
   * Connects an idle peer to leecher-1 for the big file's torrent, then reads, every 100 ms for
   * {@value #WATCH_S} s, which pieces the leecher has (over SCGI).
   */
  private Watch watchLeecher() throws Exception {
    String address = lab.leecherAddress(1);
    RtorrentClient rtorrent =
        new RtorrentClient(
            lab.control().resolve(LabContract.socketName(address)), Duration.ofSeconds(5));
    TorrentStatus big = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (big == null || big.completedBytes() == 0) {
      assertTrue(System.nanoTime() < deadline, "leecher-1 loads disk.img and starts on it");
      Thread.sleep(200);
      big =
          rtorrent.torrents(false).stream()
              .filter(t -> t.name().equals("disk.img"))
              .findFirst()
              .orElse(null);
    }
    String hash = big.hash();
    try (IdlePeer idle = IdlePeer.connect(address, HexFormat.of().parseHex(hash))) {
      List<Sample> samples = new ArrayList<>();
      long end = System.nanoTime() + Duration.ofSeconds(WATCH_S).toNanos();
      while (System.nanoTime() < end) {
        TorrentStatus t =
            rtorrent.torrents(true).stream()
                .filter(x -> x.hash().equals(hash))
                .findFirst()
                .orElseThrow();
        // rtorrent had these pieces by the time its reply is here
        samples.add(new Sample(System.nanoTime(), t.pieces().have()));
        assertTrue(!t.complete(), "the leecher is still downloading while it is watched");
        Thread.sleep(100);
      }
      // the last samples' announcements have had their second
      Thread.sleep(PROMPT_NANOS / 1_000_000 + 200);
      idle.failIfBroken();
      JsonNode peer = lab.peer("leecher-1");
      assertEquals("running", peer.get("state").asText());
      return new Watch(idle, samples);
    }
  }

  /**
   * A BitTorrent peer that has nothing and asks for nothing: after the handshake it only listens,
   * and keeps when it learnt of each piece the remote has (its bitfield, then each HAVE).
   */
  static final class IdlePeer implements AutoCloseable {
    private final Socket socket;
    private final Thread reader;
    private final List<long[]> learnt = new ArrayList<>(); // {nanoTime, piece}
    private int haves;
    private volatile Exception broken;

    private IdlePeer(Socket socket) {
      this.socket = socket;
      this.reader = new Thread(this::read, "idle-peer");
      reader.setDaemon(true);
    }

    static IdlePeer connect(String address, byte[] infoHash) throws IOException {
      Socket s = new Socket();
      s.connect(new InetSocketAddress(address, LabContract.PEER_PORT), 5000);
      OutputStream out = s.getOutputStream();
      out.write(19);
      out.write("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[8]); // no extensions
      out.write(infoHash);
      byte[] id = ("-SLIT01-" + UUID.randomUUID().toString().replace("-", "")).getBytes();
      out.write(id, 0, 20);
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      byte[] reply = new byte[68];
      in.readFully(reply);
      byte[] theirHash = java.util.Arrays.copyOfRange(reply, 28, 48);
      assertTrue(java.util.Arrays.equals(infoHash, theirHash), "the handshake names the torrent");
      // Not interested: wants nothing. libtorrent takes a connection for done with its
      // handshake only once the remote's first message is in, so an idle peer must say something.
      out.write(new byte[] {0, 0, 0, 1, 3});
      out.flush();
      IdlePeer peer = new IdlePeer(s);
      peer.reader.start();
      return peer;
    }

    private void read() {
      try {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
          int length = in.readInt();
          if (length == 0) {
            continue; // keepalive
          }
          byte[] message = new byte[length];
          in.readFully(message);
          long now = System.nanoTime();
          synchronized (learnt) {
            if (message[0] == 5) { // bitfield
              for (int i = 0; i < (length - 1) * 8; i++) {
                if ((message[1 + i / 8] & (0x80 >>> (i % 8))) != 0) {
                  learnt.add(new long[] {now, i});
                }
              }
            } else if (message[0] == 4) { // have
              learnt.add(new long[] {now, java.nio.ByteBuffer.wrap(message, 1, 4).getInt()});
              haves++;
            }
          }
        }
      } catch (IOException e) {
        if (!socket.isClosed()) {
          broken = e;
        }
      }
    }

    /** How many HAVE messages it has had. */
    int haves() {
      synchronized (learnt) {
        return haves;
      }
    }

    /** The pieces it had been told of by {@code nanoTime}. */
    BitSet knownAt(long nanoTime) {
      BitSet known = new BitSet();
      synchronized (learnt) {
        for (long[] l : learnt) {
          if (l[0] <= nanoTime) {
            known.set((int) l[1]);
          }
        }
      }
      return known;
    }

    void failIfBroken() {
      if (broken != null) {
        throw new AssertionError("the leecher closed the idle peer's connection", broken);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
