package dev.swarmlab.monitor;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.rtorrent.RtorrentException;
import dev.swarmlab.rtorrent.TorrentStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Polls every rtorrent of a lab at once (a bounded pool, one multicall per peer, a timeout per
 * peer) and makes a {@link SwarmSnapshot}. A peer that does not answer is reported as unreachable;
 * it never keeps the others from being reported.
 */
public final class SwarmMonitor implements AutoCloseable {

  /** The SCGI port of every rtorrent, inside its container. */
  public static final int SCGI_PORT = 5000;

  private static final Set<String> ROLES = Set.of("seeder", "leecher");

  private final Engine engine;
  private final Duration peerTimeout;
  private final ExecutorService pool;

  public SwarmMonitor(Engine engine, Duration peerTimeout) {
    this.engine = engine;
    this.peerTimeout = peerTimeout;
    this.pool = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "swarmlab-poll");
      t.setDaemon(true);
      return t;
    });
  }

  /** The lab's containers that are peers (seeders and leechers). Empty if there is no such lab. */
  public List<ContainerInfo> peers(String project) {
    return engine.list(project).stream()
        .filter(c -> ROLES.contains(c.service()))
        .sorted(
            java.util.Comparator.comparing((ContainerInfo c) -> !c.service().equals("seeder"))
                .thenComparingInt(ContainerInfo::number))
        .toList();
  }

  /** Polls every peer of {@code project} once. */
  public SwarmSnapshot poll(String project) {
    return poll(project, peers(project));
  }

  /** Polls {@code peers} once. */
  public SwarmSnapshot poll(String project, List<ContainerInfo> peers) {
    List<Future<PeerStatus>> futures = new ArrayList<>();
    for (ContainerInfo c : peers) {
      futures.add(pool.submit(() -> status(c)));
    }
    List<PeerStatus> out = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      try {
        out.add(futures.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.add(unreachable(peers.get(i), "interrupted"));
      } catch (ExecutionException e) {
        out.add(unreachable(peers.get(i), String.valueOf(e.getCause())));
      }
    }
    return SwarmSnapshot.of(project, out);
  }

  private PeerStatus status(ContainerInfo c) {
    if (!c.running()) {
      return peer(c, c.state(), List.of(), null);
    }
    var port = c.hostPort(SCGI_PORT);
    if (port.isEmpty()) {
      return unreachable(c, "SCGI port " + SCGI_PORT + " is not published");
    }
    RtorrentClient client = new RtorrentClient(new InetSocketAddress("127.0.0.1", port.get()), peerTimeout);
    try {
      return peer(c, "running", client.torrents(), null);
    } catch (RtorrentException e) {
      return unreachable(c, e.getMessage());
    }
  }

  private static PeerStatus unreachable(ContainerInfo c, String reason) {
    return peer(c, "unreachable", List.of(), reason);
  }

  static PeerStatus peer(ContainerInfo c, String state, List<TorrentStatus> torrents, String error) {
    int expectedTorrents = intLabel(c, "swarmlab.torrents", torrents.size());
    long done = 0;
    long loadedTotal = 0;
    long down = 0;
    long up = 0;
    int peers = 0;
    int complete = 0;
    for (TorrentStatus t : torrents) {
      done += t.completedBytes();
      loadedTotal += t.sizeBytes();
      down += t.downRate();
      up += t.upRate();
      peers += t.peersConnected();
      complete += t.complete() ? 1 : 0;
    }
    long total = Math.max(loadedTotal, longLabel(c, "swarmlab.payload-bytes", 0));
    boolean allComplete = !torrents.isEmpty() && complete == torrents.size() && torrents.size() >= expectedTorrents;
    double progress = total == 0 ? 0.0 : Math.min(1.0, (double) done / total);
    return new PeerStatus(
        c.service() + "-" + c.number(), c.service(), state, progress, done, total, down, up, peers, allComplete, error);
  }

  private static int intLabel(ContainerInfo c, String label, int fallback) {
    return (int) longLabel(c, label, fallback);
  }

  private static long longLabel(ContainerInfo c, String label, long fallback) {
    try {
      return Long.parseLong(c.labels().getOrDefault(label, Long.toString(fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
