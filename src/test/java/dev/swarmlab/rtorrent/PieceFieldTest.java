package dev.swarmlab.rtorrent;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which pieces a peer has, from rtorrent's {@code d.bitfield} hex. */
class PieceFieldTest {

  private static List<Integer> pieces(PieceField f) {
    return f.have().stream().boxed().toList();
  }

  @Test
  void pieceZeroIsTheHighestBitOfTheFirstByte() throws RtorrentException {
    PieceField f = PieceField.parse("8001", 16, false);

    assertEquals(16, f.pieces());
    assertEquals(List.of(0, 15), pieces(f));
    assertTrue(f.has(0));
    assertFalse(f.has(1));
    assertFalse(f.has(7));
    assertTrue(f.has(15));
    assertEquals(2, f.count());
  }

  @Test
  void eachBitOfAByteInOrder() throws RtorrentException {
    // 0x40 = piece 1, 0x20 = piece 2, ..., 0x01 = piece 7; 0xA5 = 1010 0101
    assertEquals(List.of(1), pieces(PieceField.parse("40", 8, false)));
    assertEquals(List.of(7), pieces(PieceField.parse("01", 8, false)));
    assertEquals(List.of(0, 2, 5, 7), pieces(PieceField.parse("a5", 8, false)));
    assertEquals(List.of(8, 9, 10, 11), pieces(PieceField.parse("00f0", 16, false)));
  }

  @Test
  void upperAndLowerCaseHexAreTheSame() throws RtorrentException {
    PieceField lower = PieceField.parse("abcdef", 24, false);
    PieceField upper = PieceField.parse("ABCDEF", 24, false);
    PieceField mixed = PieceField.parse("aBcDeF", 24, false);

    assertEquals(lower, upper);
    assertEquals(lower, mixed);
    // 0xAB = 1010 1011, 0xCD = 1100 1101, 0xEF = 1110 1111
    assertEquals(
        List.of(0, 2, 4, 6, 7, 8, 9, 12, 13, 15, 16, 17, 18, 20, 21, 22, 23), pieces(upper));
  }

  @Test
  void aLastBytePartlyUsedMayHaveItsPiecesSet() throws RtorrentException {
    // 10 pieces: two bytes, the second's two highest bits are pieces 8 and 9
    PieceField f = PieceField.parse("ffc0", 10, false);

    assertEquals(10, f.count());
    assertEquals(IntStream.range(0, 10).boxed().toList(), pieces(f));
  }

  @Test
  void anEmptyAnswerIsEveryPieceWhenCompleteAndNoneOtherwise() throws RtorrentException {
    PieceField complete = PieceField.parse("", 13, true);
    assertEquals(13, complete.pieces());
    assertEquals(13, complete.count());
    assertTrue(complete.has(12));
    assertFalse(complete.has(13), "nothing past the last piece");

    PieceField incomplete = PieceField.parse("", 13, false);
    assertEquals(13, incomplete.pieces());
    assertEquals(0, incomplete.count());

    assertEquals(0, PieceField.parse("", 0, true).count());
  }

  @Test
  void theWrongNumberOfDigitsIsRefused() {
    // 10 pieces take two bytes: four digits
    assertThrows(RtorrentException.class, () -> PieceField.parse("ff", 10, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse("ffc", 10, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse("ffc000", 10, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse("00", 0, false));
    assertDoesNotThrow(() -> PieceField.parse("ffc0", 10, false));
  }

  @Test
  void aBitPastTheLastPieceIsRefused() {
    // 10 pieces: 0xe0 in the second byte would be piece 10
    RtorrentException e =
        assertThrows(RtorrentException.class, () -> PieceField.parse("ffe0", 10, false));
    assertTrue(e.getMessage().contains("past"), e.getMessage());
    assertThrows(RtorrentException.class, () -> PieceField.parse("0001", 9, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse("01", 7, true));
  }

  @Test
  void digitsThatAreNotHexAreRefused() {
    assertThrows(RtorrentException.class, () -> PieceField.parse("0g", 8, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse("zz", 8, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse(" f", 8, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse("-1", 8, false));
    // digits of other scripts, which Character.digit would read as 0 to 15
    assertThrows(RtorrentException.class, () -> PieceField.parse("\u0661\u0662", 8, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse("\uFF21\uFF10", 8, false));
  }

  @Test
  void tooManyPiecesOrANegativeCountIsRefused() {
    assertThrows(
        RtorrentException.class, () -> PieceField.parse("", PieceField.MAX_PIECES + 1L, true));
    assertThrows(RtorrentException.class, () -> PieceField.parse("", Long.MAX_VALUE, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse("", -1, false));
    assertThrows(RtorrentException.class, () -> PieceField.parse("80", -8, false));
  }

  @Test
  void theMostPiecesAreAccepted() throws RtorrentException {
    PieceField all = PieceField.parse("", PieceField.MAX_PIECES, true);
    assertEquals(PieceField.MAX_PIECES, all.pieces());
    assertEquals(PieceField.MAX_PIECES, all.count());
  }

  @Test
  void theRecordKeepsItsOwnCopyOfThePieces() {
    BitSet given = new BitSet();
    given.set(1);
    PieceField f = new PieceField(8, given);

    given.set(2);
    given.clear(1);

    assertTrue(f.has(1));
    assertFalse(f.has(2));
    assertEquals(1, f.count());
  }
}
