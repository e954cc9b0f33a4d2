package dev.swarmlab.report;

import dev.swarmlab.plan.LabContract;
import dev.swarmlab.runs.RunRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A recorded run, to be played again second by second: every block each peer kept, read once from
 * the record's block logs and held in compact arrays in time order (a few bytes a block), so the
 * swarm as it was at any second can be made again by walking the blocks up to it.
 */
public final class RunReplay {

  /**
   * A peer of the run: one per name, at whichever addresses it started.
   *
   * @param firstStart its first start, in seconds from {@link #epoch0()}; null if unknown
   * @param goneAt when it stopped for good, in seconds from {@link #epoch0()}, for a peer the run's
   *     {@code down} event found no longer running: its last block sent or kept, under any of its
   *     starts, or its last start if that came later; null otherwise (a peer killed and started
   *     again that ran at {@code down} is not gone)
   * @param silent a leecher the run started (its {@code started} event names it) that left no
   *     record, no peer file and no block log: listed, as the report counts it, with nothing
   */
  public record Peer(String name, String role, Long firstStart, Long goneAt, boolean silent) {
    /** A peer that left a record. */
    public Peer(String name, String role, Long firstStart, Long goneAt) {
      this(name, role, firstStart, goneAt, false);
    }
  }

  /** Receives the blocks kept up to a second, in time order; indexes are into {@link #peers()}. */
  @FunctionalInterface
  public interface Visitor {
    void block(long second, int to, int from, int torrent, int piece, int length);
  }

  private final String run;
  private final String project;
  private final long epoch0;
  private final List<Peer> peers;
  private final List<Summary.Torrent> torrents;
  private final int[] seconds;
  private final int[] to;
  private final int[] from;
  private final int[] torrent;
  private final int[] piece;
  private final int[] length;
  private final long duration;

  private RunReplay(
      String run,
      String project,
      long epoch0,
      List<Peer> peers,
      List<Summary.Torrent> torrents,
      int[][] columns,
      long duration) {
    this.run = run;
    this.project = project;
    this.epoch0 = epoch0;
    this.peers = List.copyOf(peers);
    this.torrents = List.copyOf(torrents);
    this.seconds = columns[0];
    this.to = columns[1];
    this.from = columns[2];
    this.torrent = columns[3];
    this.piece = columns[4];
    this.length = columns[5];
    this.duration = duration;
  }

  /** Reads every kept block of {@code record}: a run that runs is read as its files are now. */
  public static RunReplay load(RunRecord record) {
    Map<String, RunRecord.PeerFiles> files = record.peerFiles();
    RunAnalysis.Peers named = RunAnalysis.peers(record, files);
    long epoch0 = named.epoch0();
    List<Summary.Torrent> torrents = new ArrayList<>(named.torrents().values());
    Map<String, Integer> torrentIndex = new HashMap<>();
    for (int i = 0; i < torrents.size(); i++) {
      torrentIndex.put(torrents.get(i).infoHash(), i);
    }
    Map<RunAnalysis.Named, Integer> peerIndex = new HashMap<>();
    List<RunAnalysis.Named> order = new ArrayList<>();
    Columns blocks = new Columns();
    long[] last = new long[1];
    Map<RunAnalysis.Named, Long> lastBlock = new HashMap<>();
    RunAnalysis.blocks(
        record,
        named,
        b -> {
          Integer t = torrentIndex.get(b.torrent());
          if (b.duplicate() || t == null || b.to() == null) {
            return;
          }
          int toIndex = peerIndex.computeIfAbsent(b.to(), n -> add(order, n));
          int fromIndex = peerIndex.computeIfAbsent(b.from(), n -> add(order, n));
          long second = Math.max(0, b.epoch() - epoch0);
          last[0] = Math.max(last[0], second);
          lastBlock.merge(b.to(), second, Math::max);
          lastBlock.merge(b.from(), second, Math::max);
          blocks.add(
              (int) Math.min(Integer.MAX_VALUE, second),
              toIndex,
              fromIndex,
              t,
              b.piece(),
              b.length());
        });
    // every peer with a record, even one that kept nothing
    for (RunAnalysis.Named n : named.byName().values()) {
      peerIndex.computeIfAbsent(n, k -> add(order, k));
    }
    Map<String, String> stateAtDown = statesAtDown(record);
    List<Peer> peers = new ArrayList<>();
    for (RunAnalysis.Named n : order) {
      Long first =
          n.starts().stream().min(Long::compare).map(s -> Math.max(0, s - epoch0)).orElse(null);
      String atDown = stateAtDown.get(n.name());
      Long lastStart = n.started() == null ? null : Math.max(0, n.started() - epoch0);
      Long gone = null;
      if (atDown != null && !atDown.equals("running")) {
        // not before its last start: a peer started again may have moved no block since
        Long lastMoved = lastBlock.get(n);
        gone =
            lastMoved == null
                ? lastStart
                : lastStart == null ? lastMoved : Math.max(lastMoved, lastStart);
      }
      peers.add(new Peer(n.name(), n.role(), first, gone));
    }
    // after every peer the blocks index: these have none
    for (String name : named.startedLeechers()) {
      if (name != null && !named.byName().containsKey(name)) {
        peers.add(new Peer(name, LabContract.LEECHER, null, null, true));
      }
    }
    return new RunReplay(
        record.id(), record.info().project(), epoch0, peers, torrents, blocks.sorted(), last[0]);
  }

  private static int add(List<RunAnalysis.Named> order, RunAnalysis.Named n) {
    order.add(n);
    return order.size() - 1;
  }

  /** Each container's state as the run's last {@code down} event found it, by name. */
  private static Map<String, String> statesAtDown(RunRecord record) {
    Map<String, String> out = new HashMap<>();
    record
        .last("down")
        .ifPresent(
            e -> {
              if (e.detail().get("containers") instanceof List<?> list) {
                for (Object o : list) {
                  if (o instanceof Map<?, ?> m
                      && m.get("name") instanceof String n
                      && m.get("state") instanceof String s) {
                    out.put(n, s);
                  }
                }
              }
            });
    return out;
  }

  public String run() {
    return run;
  }

  public String project() {
    return project;
  }

  /** The origin of every second here, in seconds since the epoch: the first start of any peer. */
  public long epoch0() {
    return epoch0;
  }

  /** Seconds from {@link #epoch0()} to the last block kept. */
  public long duration() {
    return duration;
  }

  /** Every peer: seeders first, then leechers, then senders no record names, each by name. */
  public List<Peer> peers() {
    List<Peer> sorted = new ArrayList<>(peers);
    sorted.sort(
        Comparator.comparing((Peer p) -> rank(p.role()))
            .thenComparing(Peer::name, RunAnalysis::natural));
    return sorted;
  }

  /** The index {@link Visitor} gives for peer {@code name}, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < peers.size(); i++) {
      if (peers.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The peer at index {@code i}, as {@link Visitor} gives it. */
  public Peer peer(int i) {
    return peers.get(i);
  }

  public List<Summary.Torrent> torrents() {
    return torrents;
  }

  /** How many blocks were kept in all. */
  public int blocks() {
    return seconds.length;
  }

  /** Hands {@code visitor} every block kept up to second {@code until} (inclusive), in order. */
  public void replay(long until, Visitor visitor) {
    for (int i = 0; i < seconds.length && seconds[i] <= until; i++) {
      visitor.block(seconds[i], to[i], from[i], torrent[i], piece[i], length[i]);
    }
  }

  private static int rank(String role) {
    return switch (role) {
      case LabContract.SEEDER -> 0;
      case LabContract.LEECHER -> 1;
      default -> 2;
    };
  }

  /** Blocks as columns of ints, growing as they are read. */
  private static final class Columns {
    private int[][] columns = new int[6][1024];
    private int size;

    void add(int second, int to, int from, int torrent, int piece, int length) {
      if (size == columns[0].length) {
        for (int c = 0; c < columns.length; c++) {
          columns[c] = Arrays.copyOf(columns[c], size * 2);
        }
      }
      int[] row = {second, to, from, torrent, piece, length};
      for (int c = 0; c < row.length; c++) {
        columns[c][size] = row[c];
      }
      size++;
    }

    /** The columns in time order (blocks of one second keep their read order). */
    int[][] sorted() {
      long[] keys = new long[size];
      for (int i = 0; i < size; i++) {
        keys[i] = ((long) columns[0][i] << 32) | i;
      }
      Arrays.sort(keys);
      int[][] out = new int[columns.length][size];
      for (int i = 0; i < size; i++) {
        int at = (int) keys[i];
        for (int c = 0; c < columns.length; c++) {
          out[c][i] = columns[c][at];
        }
      }
      return out;
    }
  }
}
