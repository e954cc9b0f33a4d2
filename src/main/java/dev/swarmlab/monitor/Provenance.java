package dev.swarmlab.monitor;

import dev.swarmlab.rtorrent.BlockLog;
import dev.swarmlab.rtorrent.PeerFile;
import dev.swarmlab.rtorrent.PieceField;
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
 * Which peer sent each piece one peer has received: for each of its torrents, a cell per piece (or
 * per few pieces, for torrents of many pieces) holding the index in {@code senders} of the peer
 * that sent most of the bytes it kept there; -1 where it kept none yet.
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

  /** A torrent as the receiving peer loaded it. */
  public record Torrent(String infoHash, String name, long sizeBytes, long pieceBytes) {}

  /**
   * Reads peer {@code peer}'s logs {@code logs} (earlier starts first) and its peer file {@code
   * own}, naming senders through {@code byId}.
   */
  static Provenance read(String peer, PeerFile own, List<Path> logs, Map<String, String> byId) {
    Builder builder = new Builder(peer);
    ReceivedBlocks blocks =
        new ReceivedBlocks(
            (e, duplicate) -> {
              if (!duplicate) {
                builder.add(
                    e.infoHash(),
                    e.piece(),
                    byId.getOrDefault(e.peerId(), BlockTally.unknownSender(e.peerId())),
                    e.length());
              }
            });
    for (Path log : logs) {
      try {
        BlockLog.read(log, blocks);
      } catch (IOException e) {
        // a log that cannot be read counts as empty
      }
    }
    Map<String, Torrent> torrents = new LinkedHashMap<>();
    for (PeerFile.Torrent t : own.torrents()) {
      // a later load of the same torrent wins
      torrents.put(
          t.infoHash(), new Torrent(t.infoHash(), t.name(), t.sizeBytes(), t.pieceBytes()));
    }
    return builder.build(List.copyOf(torrents.values()));
  }

  /** Gathers the blocks one peer kept, in any order, into its {@link Provenance}. */
  public static final class Builder {
    private final String peer;
    // info-hash -> piece -> sender -> bytes kept
    private final Map<String, Map<Integer, Map<String, Long>>> kept = new HashMap<>();
    private final Map<String, Long> totals = new HashMap<>();

    public Builder(String peer) {
      this.peer = peer;
    }

    /**
     * A block of {@code length} bytes of piece {@code piece} of {@code infoHash}, kept from {@code
     * from}.
     */
    public void add(String infoHash, int piece, String from, int length) {
      kept.computeIfAbsent(infoHash, h -> new HashMap<>())
          .computeIfAbsent(piece, p -> new HashMap<>())
          .merge(from, (long) length, Long::sum);
      totals.merge(from, (long) length, Long::sum);
    }

    /** The provenance of {@code torrents}' pieces; blocks of other torrents count only as bytes. */
    public Provenance build(List<Torrent> torrents) {
      List<String> senders = new ArrayList<>(totals.keySet());
      senders.sort(
          Comparator.comparing((String n) -> totals.get(n)).reversed().thenComparing(n -> n));
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < senders.size(); i++) {
        index.put(senders.get(i), i);
      }
      List<Pieces> out = new ArrayList<>();
      for (Torrent t : torrents) {
        if (t.pieceBytes() <= 0 || t.sizeBytes() < 0) {
          continue;
        }
        long count = (t.sizeBytes() + t.pieceBytes() - 1) / t.pieceBytes();
        if (count > PieceField.MAX_PIECES) {
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
}
