package dev.swarmlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.rtorrent.PeerFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which peer sent each piece a peer kept, from its block logs. */
class ProvenanceTest {
  private static final String HASH = "A8F820C917F4E44403946A6FC7F705B68DB123F2";
  private static final String OWN_ID = "2D6C74304438302D00000000000000000000AAAA";
  private static final String SEEDER_ID = "2D6C74304438302D000000000000000000000001";
  private static final String LEECHER_ID = "2D6C74304438302D000000000000000000000002";
  private static final String STRANGER_ID = "2D6C74304438302D0000000000000000DEADBEEF";
  private static final Map<String, String> BY_ID =
      Map.of(
          SEEDER_ID.toLowerCase(), "seeder-1",
          LEECHER_ID.toLowerCase(), "leecher-2");

  @TempDir Path dir;

  /** A block log line of the receiving peer: {@code event} of a block from {@code id}. */
  private static String line(String id, String direction, String event, int piece, int offset) {
    return line(id, direction, event, piece, offset, 16384);
  }

  private static String line(
      String id, String direction, String event, int piece, int offset, int length) {
    return "1795654038 "
        + HASH
        + "->piece_events: "
        + id
        + " ("
        + direction
        + ") "
        + event
        + "  "
        + piece
        + " "
        + offset
        + " "
        + length
        + "\n";
  }

  private static String kept(String id, int piece, int offset) {
    return line(id, "down", "completed", piece, offset);
  }

  private Path write(String file, String... lines) throws Exception {
    Path p = dir.resolve(file);
    Files.writeString(p, String.join("", lines), StandardCharsets.ISO_8859_1);
    return p;
  }

  /** The receiving peer's file: one torrent of {@code sizeBytes} in pieces of 32 KiB. */
  private PeerFile peerFile(long sizeBytes) throws Exception {
    return PeerFile.read(
        write(
            "10.0.0.3.peer",
            "peer 1795654030 leecher-1 leecher\n",
            "torrent 1795654031 " + HASH + " " + OWN_ID + " " + sizeBytes + " 32768 file-1.bin\n"));
  }

  private Provenance read(PeerFile own, Path... logs) {
    return Provenance.read("leecher-1", own, List.of(logs), BY_ID);
  }

  @Test
  void eachPieceIsFromTheSenderOfMostOfItsKeptBytes() throws Exception {
    Path log =
        write(
            "blocks.log",
            // piece 0: both blocks from the seeder
            kept(SEEDER_ID, 0, 0),
            kept(SEEDER_ID, 0, 16384),
            // piece 1: a whole block from leecher-2, a short one from the seeder
            kept(LEECHER_ID, 1, 0),
            line(SEEDER_ID, "down", "completed", 1, 16384, 8192),
            // piece 2: nothing kept yet
            line(SEEDER_ID, "down", "requesting", 2, 0),
            line(SEEDER_ID, "down", "started_on", 2, 0),
            // piece 3: from a peer no peer file names
            kept(STRANGER_ID, 3, 0),
            // what this peer sent is not what it kept
            line(LEECHER_ID, "up", "prepared", 2, 0),
            line(LEECHER_ID, "up", "request_added", 2, 16384));

    Provenance p = read(peerFile(4 * 32768), log);

    String stranger = BlockTally.unknownSender(STRANGER_ID.toLowerCase());
    assertEquals("peer 0000000000000000deadbeef", stranger);
    assertEquals("leecher-1", p.peer());
    assertEquals(List.of("seeder-1", "leecher-2", stranger), p.senders());
    assertEquals(List.of(40960L, 16384L, 16384L), p.sentBytes());
    assertEquals(1, p.torrents().size());
    Provenance.Pieces t = p.torrents().get(0);
    assertEquals(HASH.toLowerCase(), t.infoHash());
    assertEquals("file-1.bin", t.name());
    assertEquals(4, t.pieces());
    assertEquals(1, t.piecesPerCell());
    assertEquals(List.of(0, 1, -1, 2), t.from());
  }

  @Test
  void sendersAreByBytesMostFirstAndSentBytesMatch() throws Exception {
    Path log =
        write(
            "blocks.log",
            kept(STRANGER_ID, 0, 0),
            kept(LEECHER_ID, 1, 0),
            kept(LEECHER_ID, 1, 16384),
            kept(LEECHER_ID, 2, 0),
            kept(SEEDER_ID, 2, 16384));

    Provenance p = read(peerFile(3 * 32768), log);

    assertEquals(
        List.of("leecher-2", BlockTally.unknownSender(STRANGER_ID.toLowerCase()), "seeder-1"),
        p.senders(),
        "most bytes first, then by name");
    assertEquals(List.of(49152L, 16384L, 16384L), p.sentBytes());
    // piece 2 is a tie: the sender of more bytes in all
    assertEquals(List.of(1, 0, 0), p.torrents().get(0).from());
  }

  @Test
  void aBlockCompletedAgainOrSkippedDoesNotCount() throws Exception {
    Path log =
        write(
            "blocks.log",
            kept(SEEDER_ID, 0, 0),
            kept(LEECHER_ID, 0, 0), // the same block again
            kept(LEECHER_ID, 0, 0),
            line(LEECHER_ID, "down", "skipped", 0, 16384), // another peer delivered it
            kept(SEEDER_ID, 0, 16384));

    Provenance p = read(peerFile(32768), log);

    assertEquals(List.of("seeder-1"), p.senders(), "leecher-2 never sent a block that was kept");
    assertEquals(List.of(32768L), p.sentBytes());
    assertEquals(List.of(0), p.torrents().get(0).from());
  }

  @Test
  void nothingKeptIsNoSenderAnywhere() throws Exception {
    Provenance p = read(peerFile(3 * 32768 + 1), dir.resolve("no-such.log"));

    assertEquals(List.of(), p.senders());
    assertEquals(List.of(), p.sentBytes());
    Provenance.Pieces t = p.torrents().get(0);
    assertEquals(4, t.pieces(), "a last, short piece");
    assertEquals(List.of(-1, -1, -1, -1), t.from());
  }

  @Test
  void aTorrentOfManyPiecesSharesCells() throws Exception {
    int pieces = 2 * Provenance.MAX_CELLS + 1;
    int last = pieces - 1;
    Path log =
        write(
            "blocks.log",
            // the first cell: one piece from the seeder, two from leecher-2
            kept(SEEDER_ID, 0, 0),
            kept(SEEDER_ID, 0, 16384),
            kept(LEECHER_ID, 1, 0),
            kept(LEECHER_ID, 1, 16384),
            kept(LEECHER_ID, 2, 0),
            kept(LEECHER_ID, 2, 16384),
            // the next cell: one block from leecher-2, a piece from the seeder
            kept(LEECHER_ID, 3, 0),
            kept(SEEDER_ID, 4, 0),
            kept(SEEDER_ID, 4, 16384),
            // the last piece, alone in the last cell
            line(SEEDER_ID, "down", "completed", last, 0, 8192));

    Provenance p = read(peerFile((long) pieces * 32768), log);

    assertEquals(List.of("leecher-2", "seeder-1"), p.senders());
    assertEquals(List.of(81920L, 73728L), p.sentBytes());
    Provenance.Pieces t = p.torrents().get(0);
    assertEquals(pieces, t.pieces());
    assertTrue(t.piecesPerCell() > 1);
    assertEquals(3, t.piecesPerCell(), "as few to a cell as fit");
    List<Integer> from = t.from();
    assertTrue(from.size() <= Provenance.MAX_CELLS, "" + from.size());
    assertEquals((pieces + 2) / 3, from.size(), "every piece has a cell");
    assertEquals(0, from.get(0), "leecher-2 sent most of pieces 0 to 2");
    assertEquals(1, from.get(1), "the seeder sent most of pieces 3 to 5");
    assertEquals(1, from.get(from.size() - 1));
    List<Integer> between = new ArrayList<>(from.subList(2, from.size() - 1));
    assertEquals(List.of(-1), between.stream().distinct().toList());
  }

  @Test
  void logsAreReadInTheOrderGivenTheFirstKeptBlockCounting() throws Exception {
    Path earlier = write("10.0.0.3.blocks.1795654000", kept(SEEDER_ID, 0, 0));
    Path current = write("10.0.0.3.blocks", kept(LEECHER_ID, 0, 0), kept(LEECHER_ID, 1, 0));
    PeerFile own = peerFile(2 * 32768);

    Provenance inOrder = read(own, earlier, current);
    assertEquals(List.of("leecher-2", "seeder-1"), inOrder.senders(), "a tie, by name");
    assertEquals(List.of(16384L, 16384L), inOrder.sentBytes());
    assertEquals(List.of(1, 0), inOrder.torrents().get(0).from(), "piece 0 from the seeder");

    Provenance reversed = read(own, current, earlier);
    assertEquals(List.of("leecher-2"), reversed.senders(), "the seeder's block came second");
    assertEquals(List.of(32768L), reversed.sentBytes());
    assertEquals(List.of(0, 0), reversed.torrents().get(0).from());
  }

  @Test
  void aTorrentLoadedAgainIsListedOnceAsLastLoaded() throws Exception {
    PeerFile own =
        PeerFile.read(
            write(
                "10.0.0.3.peer",
                "peer 1 leecher-1 leecher\n",
                "torrent 1 " + HASH + " " + OWN_ID + " 32768 32768 old.bin\n",
                "peer 2 leecher-1 leecher\n",
                "torrent 2 " + HASH + " " + STRANGER_ID + " 65536 32768 new.bin\n"));

    Provenance p = read(own, write("blocks.log", kept(SEEDER_ID, 1, 0)));

    assertEquals(1, p.torrents().size());
    Provenance.Pieces t = p.torrents().get(0);
    assertEquals("new.bin", t.name());
    assertEquals(2, t.pieces());
    assertEquals(List.of(-1, 0), t.from());
    assertEquals(List.of("seeder-1"), p.senders());
  }
}
