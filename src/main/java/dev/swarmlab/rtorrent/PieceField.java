package dev.swarmlab.rtorrent;

import java.util.BitSet;

/**
 * Which pieces of one torrent one peer has, from rtorrent's {@code d.bitfield}: piece 0 is the
 * highest bit of the first byte, as in BitTorrent's own bitfield message.
 *
 * @param pieces how many pieces the torrent has
 * @param have the pieces this peer has, by index
 */
public record PieceField(int pieces, BitSet have) {

  /** A torrent with more pieces than this is refused: 1 TiB in 256 KiB pieces. */
  public static final int MAX_PIECES = 1 << 22;

  public PieceField {
    have = (BitSet) have.clone();
  }

  /** The pieces this peer has: a copy. */
  @Override
  public BitSet have() {
    return (BitSet) have.clone();
  }

  /** How many pieces this peer has. */
  public int count() {
    return have.cardinality();
  }

  /** How many of pieces {@code from} (inclusive) to {@code to} (exclusive) this peer has. */
  public int count(int from, int to) {
    int n = 0;
    for (int i = have.nextSetBit(from); i >= 0 && i < to; i = have.nextSetBit(i + 1)) {
      n++;
    }
    return n;
  }

  /** Hands {@code each} the index of every piece this peer has, in order. */
  public void forEachHeld(java.util.function.IntConsumer each) {
    have.stream().forEach(each);
  }

  /** Whether this peer has piece {@code i}. */
  public boolean has(int i) {
    return have.get(i);
  }

  /**
   * Decodes {@code d.bitfield}'s hex for a torrent of {@code pieces} pieces. rtorrent answers an
   * empty string for a torrent whose file list is closed: all pieces if it is {@code complete},
   * none otherwise.
   *
   * @throws RtorrentException if the hex is not two digits for each 8 pieces, or has bits set past
   *     the last piece
   */
  public static PieceField parse(String hex, long pieces, boolean complete)
      throws RtorrentException {
    if (pieces < 0 || pieces > MAX_PIECES) {
      throw new RtorrentException("a torrent of " + pieces + " pieces is not supported");
    }
    int n = (int) pieces;
    BitSet have = new BitSet(n);
    if (hex.isEmpty()) {
      if (complete) {
        have.set(0, n);
      }
      return new PieceField(n, have);
    }
    int bytes = (n + 7) / 8;
    if (hex.length() != 2 * bytes) {
      throw new RtorrentException(
          "d.bitfield has " + hex.length() + " hex digits for " + n + " pieces, not " + 2 * bytes);
    }
    for (int b = 0; b < bytes; b++) {
      int value = digit(hex.charAt(2 * b)) << 4 | digit(hex.charAt(2 * b + 1));
      for (int bit = 0; bit < 8; bit++) {
        if ((value & (0x80 >>> bit)) != 0) {
          int piece = 8 * b + bit;
          if (piece >= n) {
            throw new RtorrentException("d.bitfield has a bit set past its last piece");
          }
          have.set(piece);
        }
      }
    }
    return new PieceField(n, have);
  }

  private static int digit(char c) throws RtorrentException {
    // ASCII only: Character.digit would also read other scripts' digits (e.g. U+0661, U+FF21)
    int d = c < 0x80 ? Character.digit(c, 16) : -1;
    if (d < 0) {
      throw new RtorrentException("d.bitfield is not hex");
    }
    return d;
  }
}
