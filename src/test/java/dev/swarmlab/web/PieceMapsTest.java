package dev.swarmlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.rtorrent.PieceField;
import dev.swarmlab.rtorrent.TorrentStatus;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The swarm's pieces, aggregated to a screen's worth of cells. */
class PieceMapsTest {
  private static final String HASH_A = "A".repeat(40);
  private static final String HASH_B = "B".repeat(40);

  /** A torrent of {@code pieces} pieces of which the peer has {@code have}. */
  private static TorrentStatus torrent(String hash, String name, int pieces, BitSet have) {
    return new TorrentStatus(
        hash, name, pieces * 16384L, 0, 0, 0, 0, false, 0, new PieceField(pieces, have));
  }

  private static TorrentStatus torrent(String hash, String name, int pieces, int... have) {
    BitSet bits = new BitSet(pieces);
    for (int i : have) {
      bits.set(i);
    }
    return torrent(hash, name, pieces, bits);
  }

  private static TorrentStatus whole(String hash, String name, int pieces) {
    BitSet bits = new BitSet(pieces);
    bits.set(0, pieces);
    return torrent(hash, name, pieces, bits);
  }

  private static PeerStatus peer(String name, List<TorrentStatus> torrents) {
    return new PeerStatus(
        name, "leecher", "running", 0, 0, 0, 0, 0, 0, false, null, null, torrents);
  }

  private static PeerStatus peer(String name, TorrentStatus... torrents) {
    return peer(name, List.of(torrents));
  }

  private static SwarmSnapshot snapshot(List<PeerStatus> peers) {
    return new SwarmSnapshot(
        "demo", peers, new SwarmSnapshot.Summary(peers.size(), 0, 0, 0, 0, null));
  }

  private static SwarmSnapshot snapshot(PeerStatus... peers) {
    return snapshot(List.of(peers));
  }

  @Test
  void shadeIsZeroOnlyWhenEmptyAndFOnlyWhenWhole() {
    assertEquals(0, PieceMaps.shade(0, 10));
    assertEquals(15, PieceMaps.shade(10, 10));
    assertEquals(1, PieceMaps.shade(1, 1000), "one piece of many still shows");
    assertEquals(14, PieceMaps.shade(999, 1000), "all but one is not full");
    assertEquals(0, PieceMaps.shade(0, 0));
    assertEquals(0, PieceMaps.shade(3, 0));
    for (int of = 1; of <= 64; of++) {
      int previous = 0;
      for (int have = 0; have <= of; have++) {
        int s = PieceMaps.shade(have, of);
        assertTrue(s >= 0 && s <= 15, have + "/" + of + " -> " + s);
        assertEquals(have == 0, s == 0, have + "/" + of + " -> " + s);
        assertEquals(have == of, s == 15, have + "/" + of + " -> " + s);
        assertTrue(s >= previous, "more pieces never shade lighter: " + have + "/" + of);
        previous = s;
      }
    }
  }

  @Test
  void aFewPiecesGetACellEach() {
    PieceMaps m = PieceMaps.of(snapshot(peer("leecher-1", torrent(HASH_A, "a.bin", 10, 0, 3, 9))));

    PieceMaps.Torrent t = m.torrents().get(0);
    assertEquals(10, t.pieces());
    assertEquals(1, t.piecesPerCell());
    assertEquals(List.of("f00f00000f"), m.peers().get("leecher-1"));
  }

  @Test
  void eachCellIsShadedByTheShareOfItsPiecesThePeerHas() {
    // 2047 pieces over at most 512 cells: 4 to a cell, the last cell 3 (2044 to 2046)
    BitSet have = new BitSet();
    have.set(4, 8); // cell 1 whole
    have.set(8); // cell 2: 1 of 4
    have.set(12, 15); // cell 3: 3 of 4
    have.set(2044, 2047); // the last cell, whole with its 3 pieces
    PieceMaps m = PieceMaps.of(snapshot(peer("leecher-1", torrent(HASH_A, "a.bin", 2047, have))));

    PieceMaps.Torrent t = m.torrents().get(0);
    assertEquals(4, t.piecesPerCell());
    String row = m.peers().get("leecher-1").get(0);
    assertEquals(512, row.length());
    assertEquals('0', row.charAt(0));
    assertEquals('f', row.charAt(1));
    char quarter = row.charAt(2);
    char threeQuarters = row.charAt(3);
    assertTrue(quarter > '0' && quarter < 'f', "1 of 4: " + quarter);
    assertTrue(threeQuarters > quarter && threeQuarters < 'f', "3 of 4: " + threeQuarters);
    assertEquals(Character.forDigit(PieceMaps.shade(1, 4), 16), quarter);
    assertEquals(Character.forDigit(PieceMaps.shade(3, 4), 16), threeQuarters);
    assertEquals('f', row.charAt(511), "the last, shorter cell is whole");
    assertEquals("0".repeat(507), row.substring(4, 511));
  }

  @Test
  void availabilityIsHowManyHoldTheRarestPieceOfEachCell() {
    PieceMaps m =
        PieceMaps.of(
            snapshot(
                peer("leecher-1", torrent(HASH_A, "a.bin", 8, 0, 1, 2, 3)),
                peer("leecher-2", torrent(HASH_A, "a.bin", 8, 0, 1, 4)),
                peer("leecher-3", torrent(HASH_A, "a.bin", 8, 0))));

    PieceMaps.Torrent t = m.torrents().get(0);
    assertEquals(3, t.holders());
    assertEquals(List.of(3, 2, 1, 1, 1, 0, 0, 0), t.availability());
    assertEquals(0, t.rarest(), "pieces 5 to 7 are nowhere");
    assertEquals(3, t.rarePieces());
  }

  @Test
  void aCellOfManyPiecesCountsItsRarestPiece() {
    BitSet allButFive = new BitSet();
    allButFive.set(0, 2048);
    allButFive.clear(5);
    PieceMaps m =
        PieceMaps.of(
            snapshot(
                peer("seeder-1", whole(HASH_A, "a.bin", 2048)),
                peer("leecher-1", torrent(HASH_A, "a.bin", 2048, allButFive)),
                peer("leecher-2", torrent(HASH_B, "b.bin", 8, 0))));

    // two torrents share a row of 512 cells: 256 for a.bin's 2048 pieces, 8 to a cell
    PieceMaps.Torrent t = m.torrents().get(0);
    assertEquals("a.bin", t.name());
    assertEquals(8, t.piecesPerCell());
    assertEquals(2, t.holders(), "leecher-2 has not loaded a.bin");
    assertEquals(256, t.availability().size());
    assertEquals(1, t.availability().get(0), "piece 5 is held by one peer only");
    List<Integer> others = new ArrayList<>(t.availability());
    others.remove(0);
    assertTrue(others.stream().allMatch(a -> a == 2), others.toString());
    assertEquals(1, t.rarest());
    assertEquals(1, t.rarePieces());
    String row = m.peers().get("leecher-1").get(0);
    assertEquals(Character.forDigit(PieceMaps.shade(7, 8), 16), row.charAt(0));
    assertEquals("f".repeat(255), row.substring(1));
    assertEquals(List.of("", "f0000000"), m.peers().get("leecher-2"));
  }

  @Test
  void whenEveryoneHasEverythingEveryPieceIsTheRarest() {
    PieceMaps m =
        PieceMaps.of(
            snapshot(
                peer("seeder-1", whole(HASH_A, "a.bin", 6)),
                peer("seeder-2", whole(HASH_A, "a.bin", 6))));

    PieceMaps.Torrent t = m.torrents().get(0);
    assertEquals(2, t.rarest());
    assertEquals(6, t.rarePieces());
    assertEquals(List.of(2, 2, 2, 2, 2, 2), t.availability());
    assertEquals(List.of("ffffff"), m.peers().get("seeder-1"));
  }

  @Test
  void torrentsAreByNameAndAPeerWithoutOneHasAnEmptyRowForIt() {
    // "b.bin" has the lower hash: the order is by name, not by hash
    String low = "0".repeat(40);
    String high = "F".repeat(40);
    PieceMaps m =
        PieceMaps.of(
            snapshot(
                peer("leecher-1", torrent(low, "b.bin", 4, 1), torrent(high, "a.bin", 2, 0)),
                peer("leecher-2", torrent(low, "b.bin", 4, 0, 1, 2, 3))));

    assertEquals(List.of("a.bin", "b.bin"), m.torrents().stream().map(t -> t.name()).toList());
    assertEquals(high.toLowerCase(), m.torrents().get(0).hash());
    assertEquals(List.of("f0", "0f00"), m.peers().get("leecher-1"));
    assertEquals(List.of("", "ffff"), m.peers().get("leecher-2"));
    assertEquals(List.of("leecher-1", "leecher-2"), List.copyOf(m.peers().keySet()));
    assertEquals(1, m.torrents().get(0).holders());
    assertEquals(2, m.torrents().get(1).holders());
  }

  @Test
  void aPeerWhoseTorrentsWereNotPolledIsLeftOut() {
    PeerStatus exited =
        new PeerStatus("leecher-2", "leecher", "exited", 0, 0, 0, 0, 0, 0, false, null, null, null);
    PieceMaps m = PieceMaps.of(snapshot(peer("leecher-1", torrent(HASH_A, "a.bin", 4, 0)), exited));

    assertEquals(Map.of("leecher-1", List.of("f000")), m.peers());
    assertEquals(1, m.torrents().get(0).holders());
  }

  @Test
  void aPeerThatIsDownHasNoRowThoughItWasPolled() {
    PeerStatus down =
        new PeerStatus(
            "leecher-2", "leecher", "exited", 0, 0, 0, 0, 0, 0, false, null, null, List.of());
    PieceMaps m = PieceMaps.of(snapshot(peer("leecher-1", torrent(HASH_A, "a.bin", 4, 0)), down));

    assertEquals(Map.of("leecher-1", List.of("f000")), m.peers());
  }

  @Test
  void moreTorrentsThanARowHasCellsGetOneCellEach() {
    List<TorrentStatus> torrents = new ArrayList<>();
    for (int i = 0; i < PieceMaps.MAX_ROW + 88; i++) {
      torrents.add(torrent(String.format("%040x", i), String.format("f%04d", i), 8, 0, 1));
    }
    PieceMaps m = swarm(3, torrents);

    assertEquals(PieceMaps.MAX_ROW + 88, m.torrents().size());
    for (List<String> row : m.peers().values()) {
      assertEquals(PieceMaps.MAX_ROW + 88, cells(row), "one cell a torrent, no more");
    }
    assertEquals(8, m.torrents().get(0).piecesPerCell());

    PieceMaps few = swarm(3, torrents.subList(0, 200));
    for (List<String> row : few.peers().values()) {
      assertTrue(cells(row) <= PieceMaps.MAX_ROW, "a row stays within MAX_ROW: " + cells(row));
    }
  }

  @Test
  void noPiecesAtAllIsAnEmptyMap() {
    PeerStatus exited =
        new PeerStatus("leecher-1", "leecher", "exited", 0, 0, 0, 0, 0, 0, false, null, null, null);
    PeerStatus withoutPieces =
        peer("leecher-2", new TorrentStatus(HASH_A, "a.bin", 1, 0, 0, 0, 0, false, 0));

    PieceMaps m = PieceMaps.of(snapshot(exited, withoutPieces));

    assertTrue(m.torrents().isEmpty());
    assertTrue(m.peers().isEmpty());
  }

  @Test
  void theHashIsMatchedWhateverItsCase() {
    String hash = "abcdef0123".repeat(4);
    PieceMaps m =
        PieceMaps.of(
            snapshot(
                peer("leecher-1", torrent(hash.toUpperCase(), "a.bin", 4, 0, 1)),
                peer("leecher-2", torrent(hash, "a.bin", 4, 2))));

    assertEquals(1, m.torrents().size(), "one torrent, however its hash is written");
    PieceMaps.Torrent t = m.torrents().get(0);
    assertEquals(hash, t.hash());
    assertEquals(2, t.holders());
    assertEquals(List.of(1, 1, 1, 0), t.availability());
    assertEquals(List.of("ff00"), m.peers().get("leecher-1"));
    assertEquals(List.of("00f0"), m.peers().get("leecher-2"));
  }

  /** {@code n} leechers, each with every torrent of {@code torrents}. */
  private static PieceMaps swarm(int n, List<TorrentStatus> torrents) {
    List<PeerStatus> peers = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      peers.add(peer("leecher-" + i, torrents));
    }
    return PieceMaps.of(snapshot(peers));
  }

  private static int cells(List<String> row) {
    return row.stream().mapToInt(String::length).sum();
  }

  @Test
  void manyPeersShareTheBudgetAndEachRowShrinks() {
    BitSet half = new BitSet();
    IntStream.range(0, 10_000).filter(i -> i % 2 == 0).forEach(half::set);
    List<TorrentStatus> torrents =
        List.of(
            torrent(HASH_A, "a.bin", 10_000, half),
            torrent(HASH_B, "b.bin", 10_000, half),
            whole("C".repeat(40), "c.bin", 10_000));

    PieceMaps few = swarm(10, torrents);
    PieceMaps many = swarm(400, torrents);

    assertEquals(400, many.peers().size());
    int total = 0;
    for (List<String> row : many.peers().values()) {
      assertEquals(3, row.size());
      assertTrue(cells(row) <= PieceMaps.MAX_ROW, "a row of " + cells(row));
      total += cells(row);
    }
    assertTrue(total <= PieceMaps.BUDGET, total + " cells in all");
    assertTrue(total >= PieceMaps.BUDGET / 2, "about the budget, not far under: " + total);

    int fewRow = cells(few.peers().get("leecher-1"));
    int manyRow = cells(many.peers().get("leecher-1"));
    assertTrue(fewRow <= PieceMaps.MAX_ROW, "a row of " + fewRow);
    assertTrue(manyRow < fewRow, manyRow + " cells with 400 peers, " + fewRow + " with 10");
    assertTrue(
        many.torrents().get(0).piecesPerCell() > few.torrents().get(0).piecesPerCell(),
        "more pieces to a cell with more peers");
    for (PieceMaps.Torrent t : many.torrents()) {
      assertEquals(400, t.holders());
      int cells = many.peers().get("leecher-1").get(many.torrents().indexOf(t)).length();
      assertEquals(cells, t.availability().size());
      assertTrue(cells * t.piecesPerCell() >= t.pieces(), "every piece is in a cell");
      assertTrue((cells - 1) * t.piecesPerCell() < t.pieces(), "no cell is past the end");
    }
    // half the pieces of every cell: neither empty nor full
    String a = many.peers().get("leecher-1").get(0);
    assertFalse(a.contains("0") || a.contains("f"), a);
    assertEquals(List.of(400), many.torrents().get(2).availability().stream().distinct().toList());
  }

  @Test
  void manyPeersStillGetACellPerPieceOfASmallTorrent() {
    PieceMaps m = swarm(400, List.of(torrent(HASH_A, "a.bin", 20, 0, 19)));

    PieceMaps.Torrent t = m.torrents().get(0);
    assertEquals(1, t.piecesPerCell());
    assertEquals(20, t.availability().size());
    assertEquals(List.of("f" + "0".repeat(18) + "f"), m.peers().get("leecher-400"));
  }
}
