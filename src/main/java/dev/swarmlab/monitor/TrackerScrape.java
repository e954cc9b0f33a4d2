package dev.swarmlab.monitor;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.rtorrent.RtorrentException;
import dev.swarmlab.rtorrent.TorrentStatus;
import dev.swarmlab.tracker.TrackerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tracker's view of a lab: its full scrape through the published port, with each torrent named
 * by asking the peers (the first to answer wins), both within the peer timeout.
 */
final class TrackerScrape {
  /** Opens a client for a peer whose calls end by a deadline ({@link System#nanoTime()}). */
  interface Clients {
    RtorrentClient open(ContainerInfo peer, long deadline) throws RtorrentException;
  }

  private final ExecutorService pool;
  private final Duration peerTimeout;
  private final Clients clients;

  TrackerScrape(ExecutorService pool, Duration peerTimeout, Clients clients) {
    this.pool = pool;
    this.peerTimeout = peerTimeout;
    this.clients = clients;
  }

  List<TrackedTorrent> read(List<ContainerInfo> containers) throws java.io.IOException {
    ContainerInfo tracker =
        containers.stream()
            .filter(c -> c.service().equals(LabContract.TRACKER) && c.running())
            .findFirst()
            .orElseThrow(() -> new java.io.IOException("the tracker is not running"));
    int port =
        tracker
            .hostPort(LabContract.TRACKER_PORT)
            .orElseThrow(
                () ->
                    new java.io.IOException(
                        "the tracker's port " + LabContract.TRACKER_PORT + " is not published"));
    // The scrape and the torrents' names (asked of every running peer at once, the first answer
    // wins) in parallel: the whole takes at most the peer timeout.
    long deadline = System.nanoTime() + peerTimeout.toNanos();
    Future<List<TrackerClient.Swarm>> scrape =
        pool.submit(() -> new TrackerClient("127.0.0.1", port, peerTimeout).scrape());
    CompletableFuture<List<TorrentStatus>> named = new CompletableFuture<>();
    List<Future<?>> asked = new ArrayList<>();
    for (ContainerInfo peer : SwarmMonitor.peers(containers)) {
      if (peer.running()) {
        asked.add(
            pool.submit(
                () -> {
                  try {
                    named.complete(clients.open(peer, deadline).torrents());
                  } catch (RtorrentException e) {
                    // another peer may answer
                  }
                }));
      }
    }
    Map<String, String> names = new HashMap<>();
    try {
      named
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
          .forEach(t -> names.put(t.hash().toLowerCase(java.util.Locale.ROOT), t.name()));
    } catch (TimeoutException | ExecutionException e) {
      // no peer answered in time: torrents are shown by info-hash
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      asked.forEach(f -> f.cancel(true));
    }
    List<TrackedTorrent> out = new ArrayList<>();
    List<TrackerClient.Swarm> swarms;
    try {
      swarms =
          scrape.get(Math.max(0, deadline - System.nanoTime()) + 50_000_000L, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      scrape.cancel(true);
      throw new java.io.IOException("no complete reply within " + peerTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof java.io.IOException io) {
        throw io;
      }
      throw new java.io.IOException(e.getCause().getMessage(), e.getCause());
    }
    for (TrackerClient.Swarm s : swarms) {
      out.add(
          new TrackedTorrent(
              names.getOrDefault(s.infoHash(), s.infoHash()),
              s.infoHash(),
              s.seeders(),
              s.leechers(),
              s.completed()));
    }
    out.sort(Comparator.comparing(TrackedTorrent::name));
    return out;
  }
}
