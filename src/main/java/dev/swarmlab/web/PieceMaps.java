package dev.swarmlab.web;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.rtorrent.PieceField;
import dev.swarmlab.rtorrent.TorrentStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The swarm's pieces, sized for a screen: each torrent's pieces in at most a few hundred cells, for
 * each peer how full each cell is, and for the swarm how many peers hold the rarest piece of each
 * cell. The page draws them; the fewer cells the more peers, so an update stays about the same size
 * however large the swarm.
 *
 * @param torrents every torrent a running peer has loaded, by name
 * @param peers for each running peer (one that is down holds nothing), one string per torrent (in
 *     the order of {@code torrents}): a hex digit per cell, 0 for none of its pieces, f for all, in
 *     between by share; empty where it has not loaded that torrent
 */
record PieceMaps(List<Torrent> torrents, Map<String, List<String>> peers) {

  /** About how many cells an update carries in all, over every peer and torrent. */
  static final int BUDGET = 1 << 16;

  /**
   * The fewest and the most cells of one peer's row, over all torrents (a lab of more torrents than
   * that gives each torrent one cell).
   */
  static final int MIN_ROW = 32;

  static final int MAX_ROW = 512;

  /**
   * One torrent.
   *
   * @param pieces how many pieces it has
   * @param piecesPerCell pieces in each cell (the last may have fewer)
   * @param holders running peers that have loaded it
   * @param availability for each cell, how many peers hold its rarest piece
   * @param rarest how many peers hold the torrent's rarest piece
   * @param rarePieces how many pieces are held by only {@code rarest} peers
   */
  record Torrent(
      String hash,
      String name,
      int pieces,
      int piecesPerCell,
      int holders,
      List<Integer> availability,
      int rarest,
      int rarePieces) {}

  /** The piece maps of {@code snapshot}'s running peers (those polled with their pieces). */
  static PieceMaps of(SwarmSnapshot snapshot) {
    Map<String, TorrentStatus> byHash = new TreeMap<>();
    int peersWithPieces = 0;
    for (PeerStatus p : snapshot.peers()) {
      if (!polled(p)) {
        continue;
      }
      boolean any = false;
      for (TorrentStatus t : p.torrents()) {
        if (t.pieces() != null) {
          byHash.putIfAbsent(t.hash().toLowerCase(Locale.ROOT), t);
          any = true;
        }
      }
      peersWithPieces += any ? 1 : 0;
    }
    if (byHash.isEmpty()) {
      return new PieceMaps(List.of(), Map.of());
    }
    List<TorrentStatus> order = new ArrayList<>(byHash.values());
    order.sort(
        java.util.Comparator.comparing(TorrentStatus::name).thenComparing(TorrentStatus::hash));
    int row = Math.max(MIN_ROW, Math.min(MAX_ROW, BUDGET / Math.max(1, peersWithPieces)));
    int perTorrent = Math.max(1, row / order.size());

    List<Torrent> torrents = new ArrayList<>();
    Map<String, List<String>> peers = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      TorrentStatus t = order.get(i);
      String hash = t.hash().toLowerCase(Locale.ROOT);
      int pieces = t.pieces().pieces();
      int cells = Math.max(1, Math.min(pieces, perTorrent));
      int perCell = Math.max(1, (pieces + cells - 1) / cells);
      cells = Math.max(1, (pieces + perCell - 1) / perCell);
      int[] holdersOf = new int[pieces];
      int holders = 0;
      for (PeerStatus p : snapshot.peers()) {
        if (!polled(p)) {
          continue;
        }
        PieceField f = field(p, hash, pieces);
        List<String> rows = peers.computeIfAbsent(p.name(), n -> new ArrayList<>());
        while (rows.size() < i) {
          rows.add("");
        }
        if (f == null) {
          rows.add("");
          continue;
        }
        holders++;
        StringBuilder cellsOf = new StringBuilder(cells);
        for (int c = 0; c < cells; c++) {
          int from = c * perCell;
          int to = Math.min(pieces, from + perCell);
          int have = f.count(from, to);
          cellsOf.append(Character.forDigit(shade(have, to - from), 16));
        }
        f.forEachHeld(piece -> holdersOf[piece]++);
        rows.add(cellsOf.toString());
      }
      List<Integer> availability = new ArrayList<>(cells);
      int rarest = Integer.MAX_VALUE;
      int rare = 0;
      for (int c = 0; c < cells; c++) {
        int min = Integer.MAX_VALUE;
        for (int piece = c * perCell; piece < Math.min(pieces, (c + 1) * perCell); piece++) {
          min = Math.min(min, holdersOf[piece]);
        }
        availability.add(min == Integer.MAX_VALUE ? 0 : min);
      }
      for (int piece = 0; piece < pieces; piece++) {
        if (holdersOf[piece] < rarest) {
          rarest = holdersOf[piece];
          rare = 0;
        }
        rare += holdersOf[piece] == rarest ? 1 : 0;
      }
      torrents.add(
          new Torrent(
              hash,
              t.name(),
              pieces,
              perCell,
              holders,
              availability,
              rarest == Integer.MAX_VALUE ? 0 : rarest,
              rare));
    }
    return new PieceMaps(torrents, peers);
  }

  /** Whether {@code p} runs and was polled with its torrents: a peer that is down holds nothing. */
  private static boolean polled(PeerStatus p) {
    return p.torrents() != null && p.state().equals("running");
  }

  /** How full a cell is, as one hex digit: 0 only when empty, f only when whole. */
  static int shade(int have, int of) {
    if (have <= 0 || of <= 0) {
      return 0;
    }
    if (have >= of) {
      return 15;
    }
    return Math.max(1, Math.min(14, have * 15 / of));
  }

  /** Peer {@code p}'s pieces of torrent {@code hash}, if it has it loaded with that many pieces. */
  private static PieceField field(PeerStatus p, String hash, int pieces) {
    if (p.torrents() == null) {
      return null;
    }
    for (TorrentStatus t : p.torrents()) {
      if (t.pieces() != null
          && t.hash().toLowerCase(Locale.ROOT).equals(hash)
          && t.pieces().pieces() == pieces) {
        return t.pieces();
      }
    }
    return null;
  }
}
