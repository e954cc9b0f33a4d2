package dev.swarmlab.report;

import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.BlockLog;
import dev.swarmlab.rtorrent.PeerFile;
import dev.swarmlab.rtorrent.PeerStarts;
import dev.swarmlab.rtorrent.ReceivedBlocks;
import dev.swarmlab.runs.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads a run's record into a {@link Summary}: the peer files say who each peer is and which id it
 * used for each torrent; each leecher's block log says which block it kept, when, and from which
 * peer id. Nothing is asked of a peer: a run that ended long ago reads the same as one that runs.
 * Who is who goes start by start ({@link PeerStarts}): a peer killed and started again may have
 * come back at another address, even one another peer had; it is one peer, by name.
 */
public final class RunAnalysis {
  /** At most this many buckets in a timeline. */
  static final int MAX_BUCKETS = 600;

  /** At most this many time columns and piece rows in the spread chart. */
  static final int SPREAD_COLUMNS = 100;

  static final int SPREAD_ROWS = 64;

  /** At most this many columns of pieces in the piece map. */
  static final int MAP_COLUMNS = 256;

  /** At most this many senders no peer file names are told apart; the rest count as one. */
  static final int MAX_UNKNOWN = 64;

  private static final Named OTHER_UNKNOWN = new Named("other unknown peers", "unknown", "", null);

  private RunAnalysis() {}

  /**
   * A peer as the record names it: one per name, whichever addresses it had.
   *
   * @param address its address at its last start
   * @param started its last start; null if it has none
   * @param starts all its starts, oldest first
   */
  record Named(String name, String role, String address, Long started, List<Long> starts) {
    Named(String name, String role, String address, Long started) {
      this(name, role, address, started, started == null ? List.of() : List.of(started));
    }

    /** Its last start at or before {@code epoch}; null if none. */
    Long startBefore(long epoch) {
      Long found = null;
      for (Long s : starts) {
        if (s <= epoch && (found == null || s > found)) {
          found = s;
        }
      }
      return found;
    }
  }

  /**
   * A run's peers: by name, with each one's block logs, and by each peer id they used.
   *
   * @param byName each peer with a record, in order of address (a peer at several, by the lowest)
   * @param logs each peer's block logs, its earlier starts' first
   */
  record Peers(
      Map<String, Named> byName,
      Map<Named, List<Path>> logs,
      Map<String, Named> byId,
      Map<String, Summary.Torrent> torrents,
      long epoch0,
      List<String> startedLeechers) {}

  /**
   * Who the run's peers are, start by start ({@link PeerStarts}): from their peer files, and the
   * {@code started} event's containers for a start whose peer file does not say.
   */
  static Peers peers(RunRecord record, Map<String, RunRecord.PeerFiles> files) {
    Map<String, String> names = new HashMap<>();
    Map<String, String> services = new HashMap<>();
    record
        .last("started")
        .ifPresent(
            e -> {
              if (e.detail().get("containers") instanceof List<?> list) {
                for (Object o : list) {
                  if (o instanceof Map<?, ?> m
                      && m.get("address") instanceof String a
                      && m.get("name") instanceof String n) {
                    names.put(a, n);
                    if (m.get("service") instanceof String s) {
                      services.put(a, s);
                    }
                  }
                }
              }
            });
    Map<String, PeerStarts.Files<Path>> byAddress = new TreeMap<>();
    for (RunRecord.PeerFiles p : files.values()) {
      byAddress.put(p.address(), new PeerStarts.Files<>(readPeerFile(record, p), p.blockLogs()));
    }
    // the names of the started event are of the peers as up found them: each address's first start
    List<PeerStarts.Start<Path>> starts =
        PeerStarts.read(
            byAddress, names, PeerStarts.NamesOf.FIRST_STARTS, log -> firstEpoch(record, log));
    Map<String, Named> byName = new LinkedHashMap<>();
    Map<Named, List<Path>> logs = new HashMap<>();
    Map<String, Named> byId = new HashMap<>();
    Map<String, Summary.Torrent> torrents = new LinkedHashMap<>();
    long epoch0 = Long.MAX_VALUE;
    for (var e : PeerStarts.byName(starts).entrySet()) {
      List<PeerStarts.Start<Path>> own = e.getValue();
      PeerStarts.Start<Path> last = own.get(own.size() - 1);
      List<Long> epochs =
          own.stream().map(PeerStarts.Start::epochSecond).filter(t -> t >= 0).toList();
      Named n =
          new Named(
              e.getKey(),
              last.role().isEmpty()
                  ? services.getOrDefault(last.address(), "unknown")
                  : last.role(),
              last.address(),
              epochs.isEmpty() ? null : epochs.get(epochs.size() - 1),
              epochs);
      byName.put(n.name(), n);
      logs.put(n, own.stream().flatMap(s -> s.logs().stream()).toList());
      for (long t : epochs) {
        epoch0 = Math.min(epoch0, t);
      }
    }
    for (PeerStarts.Start<Path> s : starts) {
      for (PeerFile.Torrent t : s.torrents()) {
        byId.put(t.localId(), byName.get(s.name()));
        long pieces =
            t.sizeBytes() / t.pieceBytes() + (t.sizeBytes() % t.pieceBytes() == 0 ? 0 : 1);
        torrents.putIfAbsent(
            t.infoHash(),
            new Summary.Torrent(
                t.infoHash(),
                t.name(),
                t.sizeBytes(),
                t.pieceBytes(),
                (int) Math.min(Integer.MAX_VALUE, pieces)));
      }
    }
    // the run's payload is what its seeders hold: a torrent a peer loaded besides (from Flood, say)
    // is not the lab's, and no leecher was to complete it (its blocks count as bytes only)
    java.util.Set<String> seeded = new java.util.HashSet<>();
    for (PeerStarts.Start<Path> s : starts) {
      Named n = byName.get(s.name());
      if (n != null && n.role().equals(LabContract.SEEDER)) {
        s.torrents().forEach(t -> seeded.add(t.infoHash()));
      }
    }
    if (!seeded.isEmpty()) {
      torrents.keySet().retainAll(seeded);
    }
    if (epoch0 == Long.MAX_VALUE) {
      epoch0 = record.info().startedAt().getEpochSecond();
    }
    List<String> startedLeechers =
        services.entrySet().stream()
            .filter(e -> e.getValue().equals(LabContract.LEECHER))
            .map(e -> names.get(e.getKey()))
            .sorted(RunAnalysis::natural)
            .toList();
    return new Peers(byName, logs, byId, torrents, epoch0, startedLeechers);
  }

  /** A peer file of the record; null if the peer wrote none, or it cannot be read. */
  private static PeerFile readPeerFile(RunRecord record, RunRecord.PeerFiles p) {
    if (p.peerFile() == null) {
      return null;
    }
    try (InputStream in = record.openPeerFile(p.peerFile())) {
      return PeerFile.read(in);
    } catch (IOException e) {
      return null;
    }
  }

  /** The time of the first event of block log {@code log} of the record; -1 if none. */
  private static long firstEpoch(RunRecord record, Path log) {
    try (InputStream in = record.openPeerFile(log)) {
      return BlockLog.firstEpoch(in);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Every event of the block logs {@code logs}, in that order. */
  static void events(RunRecord record, List<Path> logs, Consumer<BlockLog.Event> events) {
    for (Path log : logs) {
      try (InputStream in = record.openPeerFile(log)) {
        BlockLog.read(in, events);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + log, e);
      }
    }
  }

  /** One block a leecher kept, or received again. */
  record Block(
      long epoch,
      String torrent,
      int piece,
      int offset,
      int length,
      Named from,
      Named to,
      boolean duplicate) {}

  /**
   * Every block each peer received, peer by peer, in the order of its logs: kept ones, and
   * duplicates (received again, in any of its logs, or skipped in endgame).
   */
  static void blocks(RunRecord record, Consumer<Block> blocks) {
    Map<String, RunRecord.PeerFiles> files = record.peerFiles();
    Peers peers = peers(record, files);
    blocks(record, peers, blocks);
  }

  static void blocks(RunRecord record, Peers peers, Consumer<Block> blocks) {
    Map<String, Named> unknown = new HashMap<>();
    for (Named to : peers.byName().values()) {
      events(
          record,
          peers.logs().get(to),
          new ReceivedBlocks(
              (e, duplicate) -> {
                Named from = peers.byId().get(e.peerId());
                if (from == null) {
                  from = unknown.get(e.peerId());
                }
                if (from == null) {
                  // ids no peer file names: each its own sender, up to a bound a peer that logs
                  // made-up ids cannot push the report past
                  from =
                      unknown.size() < MAX_UNKNOWN
                          ? new Named("peer " + e.peerId().substring(16), "unknown", "", null)
                          : OTHER_UNKNOWN;
                  unknown.put(e.peerId(), from);
                }
                blocks.accept(
                    new Block(
                        e.epochSecond(),
                        e.infoHash(),
                        e.piece(),
                        e.offset(),
                        e.length(),
                        from,
                        to,
                        duplicate));
              }));
    }
  }

  /** What {@code record} came to. */
  public static Summary summarize(RunRecord record) {
    RunRecord.Info info = record.info();
    boolean ended = record.ended();
    Map<String, RunRecord.PeerFiles> files = record.peerFiles(ended);
    Peers peers = peers(record, files);
    long epoch0 = peers.epoch0();
    List<Summary.Torrent> torrents = new ArrayList<>(peers.torrents().values());
    long payload = torrents.stream().mapToLong(Summary.Torrent::sizeBytes).sum();
    Map<String, Long> pieceBase = new HashMap<>(); // first global piece index of each torrent
    int piecesSoFar = 0;
    for (Summary.Torrent t : torrents) {
      pieceBase.put(t.infoHash(), (long) piecesSoFar);
      piecesSoFar = (int) Math.min(Integer.MAX_VALUE, (long) piecesSoFar + t.pieces());
    }
    int allPieces = piecesSoFar;
    List<Named> leechers =
        peers.byName().values().stream()
            .filter(n -> n.role().equals(LabContract.LEECHER))
            .sorted(Comparator.comparing(Named::name, RunAnalysis::natural))
            .toList();
    Map<Named, Long> received = new HashMap<>();
    Map<Named, Long> duplicates = new HashMap<>();
    Map<Named, Long> sent = new HashMap<>();
    Map<Named, Map<String, Long>> receivedFrom = new HashMap<>();
    Map<List<Named>, long[]> flows = new LinkedHashMap<>(); // bytes, blocks, dup, first, last
    // bytes kept by each second from epoch0 (only seconds with blocks are kept): bucketed below,
    // once the run's length is known; blocks are read once and not held
    Map<Named, TreeMap<Long, Long>> leecherSeconds = new HashMap<>();
    TreeMap<Long, Long> swarmSeconds = new TreeMap<>();
    TreeMap<Long, Long> seederSeconds = new TreeMap<>();
    TreeMap<Long, Long> leecherSenderSeconds = new TreeMap<>();
    // seeders' bytes, leechers' bytes, unknown senders' bytes, duplicates, the last block's epoch
    long[] counts = {0, 0, 0, 0, epoch0};
    // per receiver: bytes kept of the torrents known, and per piece
    Map<Named, Long> keptOfPayload = new HashMap<>();
    Map<Named, Map<Long, Long>> pieceBytesKept = new HashMap<>();
    Map<Named, Long> completedAt = new HashMap<>();
    // piece (global index) -> times at which a leecher got it whole
    Map<Named, Map<Long, Long>> pieceDone = new HashMap<>();
    // leecher -> column -> sender -> bytes
    int perColumn = (int) Math.max(1, (allPieces + (long) MAP_COLUMNS - 1) / MAP_COLUMNS);
    Map<Named, Map<Integer, Map<Named, Long>>> columns = new HashMap<>();
    blocks(
        record,
        peers,
        b -> {
          counts[4] = Math.max(counts[4], b.epoch());
          long[] f =
              flows.computeIfAbsent(
                  List.of(b.from(), b.to()), k -> new long[] {0, 0, 0, Long.MAX_VALUE, 0});
          if (b.duplicate()) {
            counts[3] += b.length();
            duplicates.merge(b.to(), (long) b.length(), Long::sum);
            f[2] += b.length();
            return;
          }
          f[0] += b.length();
          f[1]++;
          f[3] = Math.min(f[3], b.epoch() - epoch0);
          f[4] = Math.max(f[4], b.epoch() - epoch0);
          received.merge(b.to(), (long) b.length(), Long::sum);
          sent.merge(b.from(), (long) b.length(), Long::sum);
          receivedFrom
              .computeIfAbsent(b.to(), k -> new TreeMap<>())
              .merge(b.from().name(), (long) b.length(), Long::sum);
          long second = Math.max(0, b.epoch() - epoch0);
          // the swarm's progress and who fed it count the payload only; flows, all bytes
          boolean toLeecher =
              b.to().role().equals(LabContract.LEECHER)
                  && peers.torrents().containsKey(b.torrent());
          if (toLeecher) {
            swarmSeconds.merge(second, (long) b.length(), Long::sum);
            leecherSeconds
                .computeIfAbsent(b.to(), k -> new TreeMap<>())
                .merge(second, (long) b.length(), Long::sum);
            switch (b.from().role()) {
              case LabContract.SEEDER -> {
                counts[0] += b.length();
                seederSeconds.merge(second, (long) b.length(), Long::sum);
              }
              case LabContract.LEECHER -> {
                counts[1] += b.length();
                leecherSenderSeconds.merge(second, (long) b.length(), Long::sum);
              }
              default -> counts[2] += b.length();
            }
          }
          Summary.Torrent t = peers.torrents().get(b.torrent());
          // a piece the torrent does not have (as the first peer file to name it says): bytes only
          if (t == null
              || b.piece() >= t.pieces()
              || pieceBase.get(b.torrent()) + b.piece() >= allPieces) {
            return;
          }
          long global = pieceBase.get(b.torrent()) + b.piece();
          long pieceLength =
              Math.min(t.pieceBytes(), t.sizeBytes() - (long) b.piece() * t.pieceBytes());
          if (!pieceBytesKept.containsKey(b.to())) {
            pieceBytesKept.clear(); // blocks come receiver by receiver: the last one's are done
          }
          long inPiece =
              pieceBytesKept
                  .computeIfAbsent(b.to(), k -> new HashMap<>())
                  .merge(global, (long) b.length(), Long::sum);
          if (inPiece >= pieceLength) {
            pieceDone
                .computeIfAbsent(b.to(), k -> new HashMap<>())
                .putIfAbsent(global, b.epoch() - epoch0);
          }
          columns
              .computeIfAbsent(b.to(), k -> new HashMap<>())
              .computeIfAbsent((int) (global / perColumn), k -> new HashMap<>())
              .merge(b.from(), (long) b.length(), Long::sum);
          if (keptOfPayload.merge(b.to(), (long) b.length(), Long::sum) >= payload) {
            completedAt.putIfAbsent(b.to(), b.epoch() - epoch0);
          }
        });
    long duration = counts[4] - epoch0;
    int step = (int) Math.max(1, (duration + MAX_BUCKETS) / MAX_BUCKETS);
    int buckets = (int) (duration / step) + 1;
    long[] swarm = buckets(swarmSeconds, step, buckets);
    long[] fromSeeders = buckets(seederSeconds, step, buckets);
    long[] fromLeechers = buckets(leecherSenderSeconds, step, buckets);
    long seederBytes = counts[0];
    long leecherBytes = counts[1];
    long unknownBytes = counts[2];
    long duplicateBytes = counts[3];

    // peers
    List<Summary.Peer> peerRows = new ArrayList<>();
    List<Named> everyone = new ArrayList<>(peers.byName().values());
    Set<Named> listed = new HashSet<>(everyone);
    sent.keySet().stream().filter(n -> !listed.contains(n)).forEach(everyone::add);
    everyone.sort(
        Comparator.comparing((Named n) -> roleOrder(n.role()))
            .thenComparing(Named::name, RunAnalysis::natural));
    for (Named n : everyone) {
      Long done = completedAt.get(n);
      Long started = n.started() == null ? null : n.started() - epoch0;
      peerRows.add(
          new Summary.Peer(
              n.name(),
              n.role(),
              n.address(),
              started,
              received.getOrDefault(n, 0L),
              duplicates.getOrDefault(n, 0L),
              sent.getOrDefault(n, 0L),
              done,
              timeToComplete(n, done, epoch0),
              receivedFrom.getOrDefault(n, Map.of()),
              LabContract.PEERS.contains(n.role()) ? info.plan().client(n.role()).id() : null));
    }
    List<Summary.Flow> flowRows = new ArrayList<>();
    flows.forEach(
        (k, f) -> {
          if (f[0] > 0 || f[2] > 0) {
            flowRows.add(
                new Summary.Flow(
                    k.get(0).name(),
                    k.get(0).role(),
                    k.get(1).name(),
                    f[0],
                    f[1],
                    f[2],
                    f[3] == Long.MAX_VALUE ? 0 : f[3],
                    f[4]));
          }
        });
    flowRows.sort(
        Comparator.comparingLong(Summary.Flow::bytes)
            .reversed()
            .thenComparing(Summary.Flow::from)
            .thenComparing(Summary.Flow::to));

    // timeline
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < buckets; i++) {
      times.add((long) (i + 1) * step);
    }
    int planLeechers = info.plan().leechers();
    long needed = payload * planLeechers;
    List<Double> progress = new ArrayList<>();
    long sum = 0;
    for (long v : swarm) {
      sum += v;
      progress.add(needed == 0 ? 1.0 : Math.min(1.0, (double) sum / needed));
    }
    Map<String, List<Double>> leecherProgress = new LinkedHashMap<>();
    for (Named n : leechers) {
      long[] own = buckets(leecherSeconds.getOrDefault(n, new TreeMap<>()), step, buckets);
      List<Double> series = new ArrayList<>();
      long s = 0;
      for (long v : own) {
        s += v;
        series.add(payload == 0 ? 1.0 : Math.min(1.0, (double) s / payload));
      }
      leecherProgress.put(n.name(), series);
    }
    Summary.Timeline timeline =
        new Summary.Timeline(
            step, times, progress, leecherProgress, boxed(fromSeeders), boxed(fromLeechers));

    // spread: holders of each row of pieces over time
    int perRow = (int) Math.max(1, (allPieces + (long) SPREAD_ROWS - 1) / SPREAD_ROWS);
    int rows = allPieces == 0 ? 0 : (int) ((allPieces + (long) perRow - 1) / perRow);
    int cols = (int) Math.min(SPREAD_COLUMNS, duration + 1);
    List<Long> spreadTimes = new ArrayList<>();
    for (int c = 0; c < cols; c++) {
      spreadTimes.add(cols == 1 ? duration : Math.round((double) duration * (c + 1) / cols));
    }
    List<List<Double>> holders = new ArrayList<>();
    double[][] grid = new double[cols][rows];
    for (Named n : leechers) {
      for (var e : pieceDone.getOrDefault(n, Map.of()).entrySet()) {
        int row = (int) (e.getKey() / perRow);
        for (int c = 0; c < cols; c++) {
          if (e.getValue() <= spreadTimes.get(c)) {
            grid[c][row] += 1;
          }
        }
      }
    }
    for (int c = 0; c < cols; c++) {
      List<Double> col = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        int inRow = (int) Math.min(perRow, allPieces - (long) r * perRow);
        col.add(grid[c][r] / Math.max(1, inRow));
      }
      holders.add(col);
    }
    Summary.PieceSpread spread =
        new Summary.PieceSpread(allPieces, perRow, leechers.size(), spreadTimes, holders);

    // piece map: who sent most of each column of pieces to each leecher
    List<String> senders = new ArrayList<>();
    Map<String, List<Integer>> mapRows = new LinkedHashMap<>();
    int mapCols = allPieces == 0 ? 0 : (int) ((allPieces + (long) perColumn - 1) / perColumn);
    everyone.stream().filter(n -> sent.containsKey(n)).forEach(n -> senders.add(n.name()));
    Map<String, Integer> senderIndex = new HashMap<>();
    for (int i = 0; i < senders.size(); i++) {
      senderIndex.putIfAbsent(senders.get(i), i);
    }
    for (Named n : leechers) {
      List<Integer> row = new ArrayList<>();
      Map<Integer, Map<Named, Long>> own = columns.getOrDefault(n, Map.of());
      for (int c = 0; c < mapCols; c++) {
        Map<Named, Long> by = own.get(c);
        row.add(
            by == null
                ? -1
                : senderIndex.get(
                    by.entrySet().stream()
                        .max(
                            Map.Entry.<Named, Long>comparingByValue()
                                .thenComparing(e -> e.getKey().name(), Comparator.reverseOrder()))
                        .orElseThrow()
                        .getKey()
                        .name()));
      }
      mapRows.put(n.name(), row);
    }
    Summary.PieceMap pieceMap = new Summary.PieceMap(allPieces, perColumn, senders, mapRows);

    int seeders = (int) everyone.stream().filter(n -> n.role().equals(LabContract.SEEDER)).count();
    // one Named a name: a leecher started again elsewhere (a new address) is still one leecher
    int complete = (int) leechers.stream().filter(completedAt::containsKey).count();
    long receivedByLeechers = leechers.stream().mapToLong(n -> received.getOrDefault(n, 0L)).sum();
    Summary.Totals totals =
        new Summary.Totals(
            seeders,
            planLeechers,
            complete,
            payload,
            needed,
            receivedByLeechers,
            duplicateBytes,
            seederBytes,
            leecherBytes,
            unknownBytes);
    boolean allComplete = complete >= planLeechers && !torrents.isEmpty() || planLeechers == 0;
    RunMarks.Found marks = RunMarks.of(record, epoch0);
    return new Summary(
        info.id(),
        info.project(),
        info.started(),
        info.plan().describe(),
        ended ? "ended" : "running",
        allComplete,
        note(
            allComplete,
            totals,
            leechers,
            completedAt,
            received,
            payload,
            ended,
            torrents.isEmpty(),
            peers.startedLeechers(),
            info.plan().client(LabContract.LEECHER)),
        epoch0,
        duration,
        torrents,
        peerRows,
        flowRows,
        totals,
        timeline,
        spread,
        pieceMap,
        marks.marks(),
        marks.leftOut());
  }

  private static String note(
      boolean complete,
      Summary.Totals t,
      List<Named> leechers,
      Map<Named, Long> completedAt,
      Map<Named, Long> received,
      long payload,
      boolean ended,
      boolean noTorrents,
      List<String> startedLeechers,
      dev.swarmlab.plan.Client leecherClient) {
    if (noTorrents && t.leechers() > 0) {
      return "incomplete: no peer recorded a torrent" + (ended ? "" : " yet");
    }
    if (!complete) {
      List<String> behind = new ArrayList<>();
      for (Named n : leechers) {
        if (!completedAt.containsKey(n)) {
          long got = received.getOrDefault(n, 0L);
          behind.add(n.name() + " " + (payload == 0 ? 0 : got * 100 / payload) + "%");
        }
      }
      Set<String> recorded = new HashSet<>();
      leechers.forEach(n -> recorded.add(n.name()));
      List<String> silent = startedLeechers.stream().filter(n -> !recorded.contains(n)).toList();
      int missing = Math.max(silent.size(), t.leechers() - recorded.size());
      return "incomplete"
          + (ended ? "" : " so far")
          + ": "
          + (t.leechers() - t.leechersComplete())
          + " of "
          + t.leechers()
          + " leechers did not finish"
          + (behind.isEmpty()
              ? ""
              : " ("
                  + String.join(", ", behind.subList(0, Math.min(8, behind.size())))
                  + (behind.size() > 8 ? ", ..." : "")
                  + ")")
          + (missing > 0
              ? "; "
                  + missing
                  + " left no record"
                  + (silent.isEmpty()
                      ? ""
                      : " ("
                          + String.join(", ", silent.subList(0, Math.min(8, silent.size())))
                          + (silent.size() > 8 ? ", ..." : "")
                          + ")")
              : "");
    }
    if (t.receivedBytes() > 0
        && t.fromSeeders() * 2 > t.receivedBytes()
        && leecherClient == dev.swarmlab.plan.Client.RTORRENT_HAVE_NOW) {
      return String.format(
          "Seeders sent %d%% of the bytes, though the leechers announce each piece at once (%s):"
              + " with few leechers, the seeders are a large part of the swarm's upload.",
          t.fromSeeders() * 100 / t.receivedBytes(), leecherClient.id());
    }
    if (t.receivedBytes() > 0 && t.fromSeeders() * 2 > t.receivedBytes()) {
      return String.format(
          "Seeders sent %d%% of the bytes: rtorrent tells a connected peer about a piece it has"
              + " finished only with its next message to that peer (a keepalive every 2 minutes),"
              + " so in a short swarm leechers learn late what the others have and fetch from the"
              + " seeders.",
          t.fromSeeders() * 100 / t.receivedBytes());
    }
    return "";
  }

  /** Seconds from the start of {@code n} that preceded its completion at {@code done}. */
  private static Long timeToComplete(Named n, Long done, long epoch0) {
    if (done == null) {
      return null;
    }
    Long start = n.startBefore(done + epoch0);
    return start == null ? null : done + epoch0 - start;
  }

  private static int roleOrder(String role) {
    return switch (role) {
      case LabContract.SEEDER -> 0;
      case LabContract.LEECHER -> 1;
      default -> 2;
    };
  }

  /** {@code leecher-2} before {@code leecher-10}. */
  static int natural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c =
            na.length() != nb.length()
                ? Integer.compare(na.length(), nb.length())
                : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Bytes by second, summed into {@code buckets} buckets of {@code step} seconds. */
  private static long[] buckets(TreeMap<Long, Long> seconds, int step, int buckets) {
    long[] out = new long[buckets];
    seconds.forEach((second, bytes) -> out[(int) Math.min(buckets - 1, second / step)] += bytes);
    return out;
  }

  private static List<Long> boxed(long[] values) {
    List<Long> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(v);
    }
    return out;
  }

  /** Now, in seconds since the epoch: for a running run's clock. */
  static long now() {
    return Instant.now().getEpochSecond();
  }
}
