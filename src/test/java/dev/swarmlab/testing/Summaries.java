package dev.swarmlab.testing;

import dev.swarmlab.report.Summary;
import dev.swarmlab.report.Summary.Flow;
import dev.swarmlab.report.Summary.Peer;
import dev.swarmlab.report.Summary.PieceMap;
import dev.swarmlab.report.Summary.PieceSpread;
import dev.swarmlab.report.Summary.Timeline;
import dev.swarmlab.report.Summary.Torrent;
import dev.swarmlab.report.Summary.Totals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link Summary}s of made-up runs for the report's tests, built by hand so that their numbers add
 * up as a real run's do: every piece a leecher has came from one named sender, the flows, totals,
 * piece map and peers all count the same bytes.
 */
public final class Summaries {

  /** The torrent's piece size. */
  public static final long PIECE = 256 * 1024;

  private static final int STEP = 5;
  private static final long BLOCK = 16 * 1024;

  private Summaries() {}

  /**
   * A run of one torrent of {@code pieces} pieces that {@code seeders} seeders ({@code seeder-1},
   * ...) share with {@code leechers} leechers ({@code leecher-01}, ...). Each leecher gets each
   * piece from a seeder or from one of the two leechers before it. When not {@code complete}, the
   * last leecher stops at 60% and never finishes.
   */
  public static Summary swarm(String run, int seeders, int leechers, int pieces, boolean complete) {
    int width = Integer.toString(Math.max(leechers, 1)).length();
    List<String> seederNames = new ArrayList<>();
    List<String> leecherNames = new ArrayList<>();
    for (int i = 1; i <= seeders; i++) {
      seederNames.add("seeder-" + i);
    }
    for (int j = 1; j <= leechers; j++) {
      leecherNames.add(String.format("leecher-%0" + width + "d", j));
    }
    return swarm(run, seederNames, leecherNames, pieces, complete);
  }

  /** {@link #swarm(String, int, int, int, boolean)} with peers of the given names. */
  public static Summary swarm(
      String run,
      List<String> seederNames,
      List<String> leecherNames,
      int pieces,
      boolean complete) {
    int seeders = seederNames.size();
    int leechers = leecherNames.size();
    List<String> senders = new ArrayList<>(seederNames);
    senders.addAll(leecherNames);
    long payload = pieces * PIECE;

    // Who sent each piece to each leecher: -1 for a piece it does not have.
    int[][] from = new int[leechers][pieces];
    long[] starts = new long[leechers];
    Long[] completions = new Long[leechers];
    for (int j = 0; j < leechers; j++) {
      starts[j] = j % 4;
      boolean finishes = complete || j < leechers - 1;
      completions[j] = finishes ? 30L + 2L * j : null;
      int has = finishes ? pieces : pieces * 6 / 10;
      List<Integer> sources = new ArrayList<>();
      for (int i = 0; i < seeders; i++) {
        sources.add(i);
      }
      for (int k = Math.max(0, j - 2); k < j; k++) {
        sources.add(seeders + k);
      }
      for (int p = 0; p < pieces; p++) {
        boolean kept = Math.floorMod(p * 7919L + j * 31L, pieces) < has;
        from[j][p] = kept && !sources.isEmpty() ? sources.get((p + j) % sources.size()) : -1;
      }
    }
    long duration =
        leechers == 0 ? 10 : complete ? 30L + 2L * leechers + 8 : 30L + 2L * leechers + 40;

    // Flows and peers from the pieces.
    long[][] bytes = new long[senders.size()][leechers];
    for (int j = 0; j < leechers; j++) {
      for (int p = 0; p < pieces; p++) {
        if (from[j][p] >= 0) {
          bytes[from[j][p]][j] += PIECE;
        }
      }
    }
    List<Flow> flows = new ArrayList<>();
    long fromSeeders = 0;
    long fromLeechers = 0;
    for (int i = 0; i < senders.size(); i++) {
      for (int j = 0; j < leechers; j++) {
        long b = bytes[i][j];
        if (b > 0) {
          String role = i < seeders ? "seeder" : "leecher";
          long last = completions[j] == null ? duration : completions[j];
          flows.add(
              new Flow(
                  senders.get(i), role, leecherNames.get(j), b, b / BLOCK, 0, starts[j], last));
          if (i < seeders) {
            fromSeeders += b;
          } else {
            fromLeechers += b;
          }
        }
      }
    }
    flows.sort(Comparator.comparingLong(Flow::bytes).reversed());
    List<Peer> peers = new ArrayList<>();
    for (int i = 0; i < seeders; i++) {
      peers.add(
          new Peer(
              senders.get(i),
              "seeder",
              "10.0.0." + (i + 2),
              0L,
              0,
              0,
              sent(bytes[i]),
              null,
              null,
              Map.of()));
    }
    long received = 0;
    long duplicates = 0;
    for (int j = 0; j < leechers; j++) {
      Map<String, Long> receivedFrom = new LinkedHashMap<>();
      long got = 0;
      for (int i = 0; i < senders.size(); i++) {
        if (bytes[i][j] > 0) {
          receivedFrom.put(senders.get(i), bytes[i][j]);
          got += bytes[i][j];
        }
      }
      long dup = (j % 3) * BLOCK;
      received += got;
      duplicates += dup;
      peers.add(
          new Peer(
              leecherNames.get(j),
              "leecher",
              "10.0.1." + (j + 2),
              starts[j],
              got,
              dup,
              sent(bytes[seeders + j]),
              completions[j],
              completions[j] == null ? null : completions[j] - starts[j],
              receivedFrom));
    }
    int done = (int) Arrays.stream(completions).filter(Objects::nonNull).count();
    Totals totals =
        new Totals(
            seeders,
            leechers,
            done,
            payload,
            payload * leechers,
            received,
            duplicates,
            fromSeeders,
            fromLeechers,
            0);

    Timeline timeline =
        timeline(duration, leecherNames, starts, completions, from, seeders, pieces, payload);
    return new Summary(
        run,
        "lab",
        "2026-11-26T07:00:00Z",
        seeders + " seeders, " + leechers + " leechers, " + pieces + " pieces of 256 KiB",
        "ended",
        done == leechers,
        done == leechers
            ? "Seeders sent most bytes: rtorrent announces a finished piece to a connected peer"
                + " only with its next message, a keepalive every 2 minutes."
            : (leechers - done) + " leecher(s) never completed: the last one stopped at 60%.",
        1_780_000_000L,
        duration,
        List.of(new Torrent("ab".repeat(20), "payload.bin", payload, PIECE, pieces)),
        peers,
        flows,
        totals,
        timeline,
        spread(timeline, pieces, leechers),
        pieceMap(from, senders, leecherNames, pieces));
  }

  /** A run that has just started: no peer, no block, no time. */
  public static Summary fresh(String run) {
    return new Summary(
        run,
        "lab",
        "2026-11-26T07:00:00Z",
        "1 seeder, 0 leechers",
        "running",
        false,
        "",
        1_780_000_000L,
        0,
        List.of(),
        List.of(),
        List.of(),
        new Totals(1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        new Timeline(STEP, List.of(), List.of(), Map.of(), List.of(), List.of()),
        new PieceSpread(0, 1, 0, List.of(), List.of()),
        new PieceMap(0, 1, List.of(), Map.of()));
  }

  private static long sent(long[] toEach) {
    long sum = 0;
    for (long b : toEach) {
      sum += b;
    }
    return sum;
  }

  /** Each leecher's progress grows evenly from its start to its end; uploads follow it. */
  private static Timeline timeline(
      long duration,
      List<String> names,
      long[] starts,
      Long[] completions,
      int[][] from,
      int seeders,
      int pieces,
      long payload) {
    int leechers = starts.length;
    List<Long> times = new ArrayList<>();
    for (long t = STEP; t < duration + STEP; t += STEP) {
      times.add(t);
    }
    Map<String, List<Double>> each = new LinkedHashMap<>();
    double[] total = new double[times.size()];
    long[] seederUpload = new long[times.size()];
    long[] leecherUpload = new long[times.size()];
    for (int j = 0; j < leechers; j++) {
      long has = Arrays.stream(from[j]).filter(s -> s >= 0).count();
      long fromSeeds = Arrays.stream(from[j]).filter(s -> s >= 0 && s < seeders).count();
      double end = completions[j] == null ? duration : completions[j];
      double last = (double) has / Math.max(1, pieces);
      List<Double> progress = new ArrayList<>();
      double before = 0;
      for (int k = 0; k < times.size(); k++) {
        double x = Math.max(0, Math.min(1, (times.get(k) - starts[j]) / (end - starts[j])));
        double p = x * last;
        progress.add(p);
        total[k] += p;
        long got = Math.round((p - before) * payload);
        long seeded = has == 0 ? 0 : got * fromSeeds / has;
        seederUpload[k] += seeded;
        leecherUpload[k] += got - seeded;
        before = p;
      }
      each.put(names.get(j), progress);
    }
    List<Double> swarm = new ArrayList<>();
    for (double t : total) {
      swarm.add(leechers == 0 ? 0 : t / leechers);
    }
    return new Timeline(
        STEP,
        times,
        swarm,
        each,
        Arrays.stream(seederUpload).boxed().toList(),
        Arrays.stream(leecherUpload).boxed().toList());
  }

  /** Pieces spread as the leechers' progress says, early rows first. */
  private static PieceSpread spread(Timeline timeline, int pieces, int leechers) {
    int rows = Math.max(1, Math.min(pieces, 64));
    int perRow = (pieces + rows - 1) / Math.max(1, rows);
    List<List<Double>> holders = new ArrayList<>();
    for (int k = 0; k < timeline.times().size(); k++) {
      List<Double> column = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        double held = 0;
        for (List<Double> p : timeline.leecherProgress().values()) {
          // A leecher at progress x holds most of the rows below x, and a few past it.
          double edge = (double) r / rows;
          held += Math.max(0, Math.min(1, (p.get(k) - edge) * 4 + 0.5 * p.get(k)));
        }
        column.add(Math.min(leechers, held));
      }
      holders.add(column);
    }
    return new PieceSpread(pieces, perRow, leechers, timeline.times(), holders);
  }

  /** For each column of pieces, the sender of most of them. */
  private static PieceMap pieceMap(
      int[][] from, List<String> senders, List<String> leechers, int pieces) {
    int perColumn = Math.max(1, (pieces + 255) / 256);
    int columns = (pieces + perColumn - 1) / perColumn;
    Map<String, List<Integer>> rows = new LinkedHashMap<>();
    for (int j = 0; j < leechers.size(); j++) {
      List<Integer> row = new ArrayList<>();
      for (int c = 0; c < columns; c++) {
        int[] count = new int[senders.size()];
        int best = -1;
        for (int p = c * perColumn; p < Math.min(pieces, (c + 1) * perColumn); p++) {
          int s = from[j][p];
          if (s >= 0 && (++count[s] > (best < 0 ? 0 : count[best]))) {
            best = s;
          }
        }
        row.add(best);
      }
      rows.put(leechers.get(j), row);
    }
    return new PieceMap(pieces, perColumn, senders, rows);
  }
}
