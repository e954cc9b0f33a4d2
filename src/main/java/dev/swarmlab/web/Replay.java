package dev.swarmlab.web;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.Provenance;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.report.RunReplay;
import dev.swarmlab.report.Summary;
import dev.swarmlab.rtorrent.PieceField;
import dev.swarmlab.rtorrent.TorrentStatus;
import dev.swarmlab.view.StatusViews;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A recorded run served to the dashboard's page in the live page's own shapes: the swarm at any
 * second of the run ({@link #frame}), made again from every block kept up to it; the run's progress
 * over time ({@link #history}); a peer's block provenance at any second.
 */
public final class Replay {

  /** Rates are bytes kept over this many seconds before the second shown, per second. */
  static final int RATE_WINDOW = 5;

  private final RunReplay run;
  private final Summary summary;

  /**
   * What the page is told of the run.
   *
   * @param duration seconds from the first peer's start to the last block kept
   * @param started epoch seconds of the run's second 0
   */
  record Info(String run, String project, long started, long duration, String state) {}

  /** Replays {@code run}, whose summary (from the same record) is {@code summary}. */
  public Replay(RunReplay run, Summary summary) {
    this.run = run;
    this.summary = summary;
  }

  /** The client variant peer {@code name} ran, as the run's summary says. */
  private String clientOf(String name) {
    return summary.peers().stream()
        .filter(p -> p.name().equals(name) && p.client() != null)
        .map(Summary.Peer::client)
        .findFirst()
        .orElse(dev.swarmlab.plan.Client.DEFAULT.id());
  }

  /** {@code /api/replay}. */
  String info() {
    return StatusViews.jsonLine(
        new Info(run.run(), run.project(), run.epoch0(), run.duration(), summary.state()));
  }

  /** The second {@code t} clamped into the run. */
  long clamp(long t) {
    return Math.max(0, Math.min(run.duration(), t));
  }

  /** The swarm at second {@code t} of the run, as the live page is sent it. */
  String frame(long wanted) {
    long started = System.nanoTime();
    long at = clamp(wanted);
    List<RunReplay.Peer> peers = run.peers();
    List<Summary.Torrent> torrents = run.torrents();
    int all = run.peers().size();
    long[] kept = new long[all];
    long[] down = new long[all];
    long[] up = new long[all];
    long[] completedAt = new long[all];
    java.util.Arrays.fill(completedAt, -1);
    List<Map<Integer, Long>> from = new ArrayList<>();
    List<int[][]> pieceBytes = new ArrayList<>();
    for (int i = 0; i < all; i++) {
      from.add(new HashMap<>());
      pieceBytes.add(new int[torrents.size()][]);
    }
    long payload = torrents.stream().mapToLong(Summary.Torrent::sizeBytes).sum();
    run.replay(
        at,
        (second, to, sender, torrent, piece, length) -> {
          kept[to] += length;
          from.get(to).merge(sender, (long) length, Long::sum);
          if (second > at - RATE_WINDOW) {
            down[to] += length;
            up[sender] += length;
          }
          int[][] byTorrent = pieceBytes.get(to);
          if (byTorrent[torrent] == null) {
            byTorrent[torrent] = new int[Math.max(0, torrents.get(torrent).pieces())];
          }
          if (piece >= 0 && piece < byTorrent[torrent].length) {
            byTorrent[torrent][piece] += length;
          }
          if (completedAt[to] < 0 && payload > 0 && kept[to] >= payload) {
            completedAt[to] = second;
          }
        });
    List<PeerStatus> out = new ArrayList<>();
    for (RunReplay.Peer p : peers) {
      if (!p.role().equals(LabContract.SEEDER) && !p.role().equals(LabContract.LEECHER)) {
        continue; // senders no record names show in the flows only
      }
      int i = run.indexOf(p.name());
      boolean seeder = p.role().equals(LabContract.SEEDER);
      String state =
          p.silent()
              ? "no record"
              : p.firstStart() != null && at < p.firstStart()
                  ? "not started"
                  : p.goneAt() != null && at > p.goneAt() ? "exited" : "running";
      long done = seeder ? payload : Math.min(payload, kept[i]);
      List<TorrentStatus> loaded = new ArrayList<>();
      for (int t = 0; t < torrents.size(); t++) {
        Summary.Torrent torrent = torrents.get(t);
        BitSet have = new BitSet(torrent.pieces());
        int[] bytes = pieceBytes.get(i)[t];
        long torrentDone = 0;
        for (int piece = 0; piece < torrent.pieces(); piece++) {
          long size = pieceSize(torrent, piece);
          long got = seeder ? size : bytes == null ? 0 : Math.min(size, bytes[piece]);
          torrentDone += got;
          if (got >= size) {
            have.set(piece);
          }
        }
        loaded.add(
            new TorrentStatus(
                torrent.infoHash(),
                torrent.name(),
                torrent.sizeBytes(),
                torrentDone,
                0,
                0,
                0,
                torrentDone >= torrent.sizeBytes(),
                0,
                new PieceField(torrent.pieces(), have)));
      }
      Map<String, Long> receivedFrom = new TreeMap<>();
      from.get(i).forEach((s, b) -> receivedFrom.merge(run.peer(s).name(), b, Long::sum));
      Long toComplete =
          !seeder && completedAt[i] >= 0 && p.firstStart() != null
              ? completedAt[i] - p.firstStart()
              : null;
      boolean running = state.equals("running");
      out.add(
          new PeerStatus(
                  p.name(),
                  p.role(),
                  state,
                  payload == 0 ? 0 : (double) done / payload,
                  done,
                  payload,
                  running ? down[i] / RATE_WINDOW : 0,
                  running ? up[i] / RATE_WINDOW : 0,
                  0,
                  done >= payload && payload > 0,
                  toComplete,
                  null,
                  running ? loaded : List.of())
              .withReceivedFrom(receivedFrom)
              .withClient(clientOf(p.name())));
    }
    SwarmSnapshot full = SwarmSnapshot.of(run.project(), out);
    PieceMaps pieces = PieceMaps.of(full);
    SwarmSnapshot shown =
        new SwarmSnapshot(
            full.project(),
            full.peers().stream().map(PeerStatus::withoutTorrents).toList(),
            full.summary());
    return StatusViews.jsonLine(
        new SnapshotFeed.Update(
            run.project(),
            (run.epoch0() + at) * 1000,
            (System.nanoTime() - started) / 1_000_000,
            shown,
            null,
            pieces,
            null,
            null));
  }

  /** The run's progress over time, as {@code /api/history} gives it live. */
  String history() {
    Summary.Timeline line = summary.timeline();
    List<Long> times = new ArrayList<>();
    List<Long> fromSeeders = new ArrayList<>();
    List<Long> fromLeechers = new ArrayList<>();
    long seeders = 0;
    long leechers = 0;
    for (int i = 0; i < line.times().size(); i++) {
      times.add((summary.epoch0() + line.times().get(i)) * 1000);
      seeders += i < line.seederUpload().size() ? line.seederUpload().get(i) : 0;
      leechers += i < line.leecherUpload().size() ? line.leecherUpload().get(i) : 0;
      fromSeeders.add(seeders);
      fromLeechers.add(leechers);
    }
    Map<String, List<Double>> each = new LinkedHashMap<>(line.leecherProgress());
    return StatusViews.jsonLine(
        new History.Series(times, line.swarmProgress(), fromSeeders, fromLeechers, each));
  }

  /**
   * Peer {@code name}'s block provenance at second {@code t}; empty if the run has no such peer.
   */
  Optional<Provenance> provenance(String name, long t) {
    int index = run.indexOf(name);
    if (index < 0) {
      return Optional.empty();
    }
    Provenance.Builder builder = new Provenance.Builder(name);
    List<Summary.Torrent> torrents = run.torrents();
    run.replay(
        clamp(t),
        (second, to, sender, torrent, piece, length) -> {
          if (to == index) {
            builder.add(torrents.get(torrent).infoHash(), piece, run.peer(sender).name(), length);
          }
        });
    return Optional.of(
        builder.build(
            torrents.stream()
                .map(
                    x ->
                        new Provenance.Torrent(
                            x.infoHash(), x.name(), x.sizeBytes(), x.pieceBytes()))
                .toList()));
  }

  private static long pieceSize(Summary.Torrent t, int piece) {
    long start = (long) piece * t.pieceBytes();
    return Math.max(0, Math.min(t.pieceBytes(), t.sizeBytes() - start));
  }
}
