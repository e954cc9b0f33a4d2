package dev.swarmlab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run came to, computed from its peers' block logs and peer files alone: {@code
 * summary.json}, and what {@code report} shows. Times are whole seconds (rtorrent's log has no
 * finer clock) counted from {@code epoch0}, the first start of any peer of the run. Bytes are
 * exact: every block a leecher kept is counted once, towards the peer that sent it.
 *
 * @param state {@code running} while the lab is up (its peers still write), {@code ended} after
 * @param complete whether every leecher of the plan received every byte of every torrent
 * @param note one line on what to read first: why the run is incomplete, or that seeders sent most
 *     of the bytes and why
 * @param epoch0 the origin of every time here, in seconds since the epoch
 * @param duration seconds from {@code epoch0} to the last block logged
 * @param peers every peer that left a record, seeders first, then by name
 * @param flows who sent how many bytes to whom, largest first
 * @param marks what was done to the lab on purpose while it ran ({@code kill}, {@code throttle},
 *     {@code link}, {@code scale}, a scenario's {@code step}, ...), by time, at most {@link
 *     RunMarks#MAX}; null in a {@code summary.json} written before marks were kept
 * @param marksLeftOut how many more such events the record has than {@code marks} holds
 */
public record Summary(
    String run,
    String project,
    String started,
    String plan,
    String state,
    boolean complete,
    String note,
    long epoch0,
    long duration,
    List<Torrent> torrents,
    List<Peer> peers,
    List<Flow> flows,
    Totals totals,
    Timeline timeline,
    PieceSpread spread,
    PieceMap pieceMap,
    List<Mark> marks,
    int marksLeftOut) {

  public Summary {
    // summary.json is a file anyone can edit: no more marks than a run of swarmlab's own keeps
    if (marks != null && marks.size() > RunMarks.MAX) {
      marksLeftOut =
          (int) Math.min(Integer.MAX_VALUE, (long) marksLeftOut + marks.size() - RunMarks.MAX);
      marks = new ArrayList<>(marks.subList(0, RunMarks.MAX));
    }
  }

  /** A summary without marks: of a run where nothing was done on purpose. */
  public Summary(
      String run,
      String project,
      String started,
      String plan,
      String state,
      boolean complete,
      String note,
      long epoch0,
      long duration,
      List<Torrent> torrents,
      List<Peer> peers,
      List<Flow> flows,
      Totals totals,
      Timeline timeline,
      PieceSpread spread,
      PieceMap pieceMap) {
    this(
        run, project, started, plan, state, complete, note, epoch0, duration, torrents, peers,
        flows, totals, timeline, spread, pieceMap, List.of(), 0);
  }

  /** This summary with {@code marks} in place of its own, {@code leftOut} more not kept. */
  public Summary withMarks(List<Mark> marks, int leftOut) {
    return new Summary(
        run, project, started, plan, state, complete, note, epoch0, duration, torrents, peers,
        flows, totals, timeline, spread, pieceMap, marks, leftOut);
  }

  /**
   * Something done to the lab on purpose while it ran.
   *
   * @param at when, in seconds from {@code epoch0} (negative if before it)
   * @param label what, in a few words: {@code kill seeder-1}, {@code throttle seeder up 1.0 MiB/s},
   *     {@code scale 3 → 5 leechers}, a scenario step's action; printable, and short
   * @param event the name of the event in {@code events.jsonl} it was read from
   */
  public record Mark(long at, String label, String event) {
    public Mark {
      label = RunMarks.printable(label == null ? "" : label);
      event = RunMarks.printable(event == null ? "" : event);
    }
  }

  /** A torrent of the run. */
  public record Torrent(
      String infoHash, String name, long sizeBytes, long pieceBytes, int pieces) {}

  /**
   * One peer.
   *
   * @param role {@code seeder}, {@code leecher}, or {@code unknown} for a peer id no record names
   * @param startedAt its (last) start; null if unknown
   * @param receivedBytes the bytes it kept, each block once
   * @param duplicateBytes bytes it received again or discarded (endgame's duplicates)
   * @param sentBytes the bytes other peers kept from it
   * @param completedAt when it had every torrent whole; null if it never did (or is a seeder)
   * @param timeToComplete seconds from its start to {@code completedAt}; null when that is
   * @param receivedFrom the bytes it kept from each peer, by name
   * @param client the client variant it ran ({@code rtorrent}, {@code rtorrent-have-now}); null for
   *     an unknown peer
   */
  public record Peer(
      String name,
      String role,
      String address,
      Long startedAt,
      long receivedBytes,
      long duplicateBytes,
      long sentBytes,
      Long completedAt,
      Long timeToComplete,
      Map<String, Long> receivedFrom,
      String client) {

    /** A peer of a lab whose peers all ran the default client. */
    public Peer(
        String name,
        String role,
        String address,
        Long startedAt,
        long receivedBytes,
        long duplicateBytes,
        long sentBytes,
        Long completedAt,
        Long timeToComplete,
        Map<String, Long> receivedFrom) {
      this(
          name,
          role,
          address,
          startedAt,
          receivedBytes,
          duplicateBytes,
          sentBytes,
          completedAt,
          timeToComplete,
          receivedFrom,
          dev.swarmlab.plan.LabContract.PEERS.contains(role)
              ? dev.swarmlab.plan.Client.DEFAULT.id()
              : null);
    }
  }

  /**
   * Bytes that peer {@code from} sent and peer {@code to} kept (duplicates apart).
   *
   * @param firstAt when the first of these blocks arrived
   * @param lastAt when the last did
   */
  public record Flow(
      String from,
      String fromRole,
      String to,
      long bytes,
      long blocks,
      long duplicateBytes,
      long firstAt,
      long lastAt) {}

  /**
   * The run's totals.
   *
   * @param neededBytes what the plan's leechers had to receive: payload × leechers
   * @param fromSeeders bytes leechers kept that seeders sent
   * @param fromLeechers bytes leechers kept that other leechers sent
   * @param fromUnknown bytes from peer ids no peer file names
   */
  public record Totals(
      int seeders,
      int leechers,
      int leechersComplete,
      long payloadBytes,
      long neededBytes,
      long receivedBytes,
      long duplicateBytes,
      long fromSeeders,
      long fromLeechers,
      long fromUnknown) {}

  /**
   * The run over time, in buckets of {@code step} seconds.
   *
   * @param times the end of each bucket, in seconds from {@code epoch0}
   * @param swarmProgress the share of {@code neededBytes} received by the end of each bucket
   * @param leecherProgress each leecher's share of the payload by the end of each bucket
   * @param seederUpload bytes leechers kept from seeders in each bucket
   * @param leecherUpload bytes leechers kept from other leechers in each bucket
   */
  public record Timeline(
      int step,
      List<Long> times,
      List<Double> swarmProgress,
      Map<String, List<Double>> leecherProgress,
      List<Long> seederUpload,
      List<Long> leecherUpload) {}

  /**
   * How pieces spread: for each time and each row of pieces (all torrents' pieces in order, {@code
   * piecesPerRow} to a row), how many leechers held those pieces, on average.
   *
   * @param times seconds from {@code epoch0}, one column each
   * @param holders {@code holders[time][row]}: from 0 to the number of leechers
   */
  public record PieceSpread(
      int pieces, int piecesPerRow, int leechers, List<Long> times, List<List<Double>> holders) {}

  /**
   * Which peer sent each piece to each leecher: for each leecher, one column per {@code
   * piecesPerColumn} pieces (all torrents' pieces in order), the index in {@code senders} of the
   * peer that sent most of those bytes; -1 where it received none.
   */
  public record PieceMap(
      int pieces, int piecesPerColumn, List<String> senders, Map<String, List<Integer>> rows) {}
}
