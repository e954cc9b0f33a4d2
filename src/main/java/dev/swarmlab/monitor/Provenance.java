package dev.swarmlab.monitor;

import dev.swarmlab.rtorrent.BlockLog;
import dev.swarmlab.rtorrent.PeerFile;
import dev.swarmlab.rtorrent.ReceivedBlocks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which peer sent each piece one peer has received, from its block log: for each of its torrents, a
 * cell per piece (or per few pieces, for torrents of many pieces) holding the index in {@code
 * senders} of the peer that sent most of the bytes it kept there; -1 where it kept none yet.
 *
 * @param peer the receiving peer's name
 * @param senders every peer it kept bytes from, most bytes first
 * @param sentBytes the bytes it kept from each of {@code senders}, in that order
 */
public record Provenance(
    String peer, List<String> senders, List<Long> sentBytes, List<Pieces> torrents) {

  /** The most cells one torrent is given; more pieces share cells. */
  public static final int MAX_CELLS = 4096;

  /** One torrent's pieces, {@code piecesPerCell} to a cell. */
  public record Pieces(
      String infoHash, String name, int pieces, int piecesPerCell, List<Integer> from) {}

  /**
   * Reads peer {@code peer}'s logs {@code logs} (earlier starts first) and its peer file {@code
   * own}, naming senders through {@code byId}.
   */
  static Provenance read(String peer, PeerFile own, List<Path> logs, Map<String, String> byId) {
    // (info-hash, piece) -> sender name -> bytes kept
    Map<String, Map<Integer, Map<String, Long>>> kept = new HashMap<>();
    Map<String, Long> totals = new HashMap<>();
    ReceivedBlocks blocks =
        new ReceivedBlocks(
            (e, duplicate) -> {
              if (duplicate) {
                return;
              }
              String from = byId.getOrDefault(e.peerId(), BlockTally.unknownSender(e.peerId()));
              kept.computeIfAbsent(e.infoHash(), h -> new HashMap<>())
                  .computeIfAbsent(e.piece(), p -> new HashMap<>())
                  .merge(from, (long) e.length(), Long::sum);
              totals.merge(from, (long) e.length(), Long::sum);
            });
    for (Path log : logs) {
      try {
        BlockLog.read(log, blocks);
      } catch (IOException e) {
        // a log that cannot be read counts as empty
      }
    }
    List<String> senders = new ArrayList<>(totals.keySet());
    senders.sort(
        Comparator.comparing((String n) -> totals.get(n)).reversed().thenComparing(n -> n));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < senders.size(); i++) {
      index.put(senders.get(i), i);
    }
    Map<String, PeerFile.Torrent> torrents = new LinkedHashMap<>();
    for (PeerFile.Torrent t : own.torrents()) {
      torrents.put(t.infoHash(), t); // a later load of the same torrent wins
    }
    List<Pieces> out = new ArrayList<>();
    for (PeerFile.Torrent t : torrents.values()) {
      if (t.pieceBytes() <= 0 || t.sizeBytes() < 0) {
        continue;
      }
      long count = (t.sizeBytes() + t.pieceBytes() - 1) / t.pieceBytes();
      if (count > dev.swarmlab.rtorrent.PieceField.MAX_PIECES) {
        continue;
      }
      int pieces = (int) count;
      int perCell = Math.max(1, (pieces + MAX_CELLS - 1) / MAX_CELLS);
      int cells = (pieces + perCell - 1) / perCell;
      Map<Integer, Map<String, Long>> byPiece = kept.getOrDefault(t.infoHash(), Map.of());
      List<Integer> from = new ArrayList<>(cells);
      for (int c = 0; c < cells; c++) {
        Map<String, Long> cell = new HashMap<>();
        for (int p = c * perCell; p < Math.min(pieces, (c + 1) * perCell); p++) {
          byPiece.getOrDefault(p, Map.of()).forEach((n, b) -> cell.merge(n, b, Long::sum));
        }
        from.add(
            cell.entrySet().stream()
                .max(
                    Map.Entry.<String, Long>comparingByValue()
                        .thenComparing(e -> -index.get(e.getKey())))
                .map(e -> index.get(e.getKey()))
                .orElse(-1));
      }
      out.add(new Pieces(t.infoHash(), t.name(), pieces, perCell, from));
    }
    return new Provenance(peer, senders, senders.stream().map(totals::get).toList(), out);
  }
}
