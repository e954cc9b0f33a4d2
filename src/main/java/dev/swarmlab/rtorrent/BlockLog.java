package dev.swarmlab.rtorrent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * rtorrent's block log: the lines its {@code protocol_piece_events} log group writes, one for each
 * 16 KiB block it starts, completes or skips receiving from a peer, or sends to one, e.g.
 *
 * <pre>
 * 1795654038 A8F8...23F2-&gt;piece_events: 2D6C...B1B2 (down) completed  967 131072 16384
 * 1795654038 A8F8...23F2-&gt;piece_events: 2D6C...AD11 (up)   request_added    1 0 16384
 * </pre>
 *
 * (epoch seconds, the torrent's info-hash, the remote peer's id in hex, the direction, the event,
 * piece index, offset in the piece, length; rtorrent 0.9.8 may print a stray byte after the peer
 * id, which is passed over). A receiver logs {@code requesting}, {@code started_on}, {@code
 * completed}, {@code skipped} (in endgame, a block another peer delivered first); a sender {@code
 * request_added}, {@code prepared}, {@code cancel_ignored}. Lines of any other shape are passed
 * over.
 */
public final class BlockLog {
  /** The longest line read; rtorrent's are about 150 bytes. */
  static final int MAX_LINE = 1024;

  private static final byte[] MARK = "->piece_events: ".getBytes(StandardCharsets.US_ASCII);

  private BlockLog() {}

  /** Which way a block went, as seen by the peer whose log it is. */
  public enum Direction {
    UP,
    DOWN
  }

  /**
   * One line of the log.
   *
   * @param infoHash the torrent's info-hash, lower-case hex
   * @param peerId the remote peer's id, lower-case hex
   * @param event rtorrent's word: {@code started_on}, {@code completed}, {@code skipped} (a block
   *     another peer delivered first, in endgame), ...
   */
  public record Event(
      long epochSecond,
      String infoHash,
      String peerId,
      Direction direction,
      String event,
      int piece,
      int offset,
      int length) {

    /** A block received whole and kept: the one that counts towards the download. */
    public boolean receivedCompleted() {
      return direction == Direction.DOWN && event.equals("completed");
    }
  }

  /** {@code line} read as an event; empty when it is not one. */
  public static Optional<Event> parse(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
    return Optional.ofNullable(new Parser().parse(bytes, 0, bytes.length));
  }

  /**
   * Every event of the log at {@code file}, in order; other lines are passed over. A link, or
   * anything but a regular file, is refused.
   */
  public static void read(Path file, Consumer<Event> events) throws IOException {
    try (InputStream in = Lines.open(file)) {
      read(in, events);
    }
  }

  /** Every event of the log read from {@code in}, in order; other lines are passed over. */
  public static void read(InputStream in, Consumer<Event> events) throws IOException {
    Parser parser = new Parser();
    Lines.read(
        in,
        MAX_LINE,
        (buf, from, to) -> {
          Event e = parser.parse(buf, from, to);
          if (e != null) {
            events.accept(e);
          }
        });
  }

  /** How much of a log {@link #firstEpoch} reads at most: its first lines are events. */
  static final int FIRST_EVENT_WITHIN = 64 << 10;

  /**
   * The time of the first event of the log read from {@code in}, in its first {@value
   * #FIRST_EVENT_WITHIN} bytes; -1 if there is none there.
   */
  public static long firstEpoch(InputStream in) throws IOException {
    byte[] head = in.readNBytes(FIRST_EVENT_WITHIN);
    long[] first = {-1};
    read(
        new java.io.ByteArrayInputStream(head),
        e -> {
          if (first[0] < 0) {
            first[0] = e.epochSecond();
          }
        });
    return first[0];
  }

  /**
   * Reads lines field by field, as rtorrent prints them (a log is a line per block: a regular
   * expression would be most of the cost); the last info-hash and peer id seen are reused.
   */
  private static final class Parser {
    private final byte[] lastHash = new byte[40];
    private String lastHashText;
    private final byte[] lastPeer = new byte[40];
    private String lastPeerText;
    private int at;
    private int end;
    private byte[] buf;

    Event parse(byte[] b, int from, int to) {
      buf = b;
      at = from;
      end = to;
      while (end > at && (buf[end - 1] == '\r' || buf[end - 1] == ' ')) {
        end--;
      }
      long epoch = number(12);
      if (epoch < 0 || !skip((byte) ' ')) {
        return null;
      }
      int hashAt = at;
      if (!hex40() || !literal(MARK)) {
        return null;
      }
      int peerAt = at;
      if (!hex40()) {
        return null;
      }
      int open = -1;
      for (int i = at; i < Math.min(end, at + 17); i++) {
        if (buf[i] == '(') {
          open = i;
          break;
        }
      }
      if (open < 0) {
        return null;
      }
      at = open + 1;
      Direction direction;
      if (literal(UP)) {
        direction = Direction.UP;
      } else if (literal(DOWN)) {
        direction = Direction.DOWN;
      } else {
        return null;
      }
      if (!spaces()) {
        return null;
      }
      int wordAt = at;
      while (at < end
          && at - wordAt < 32
          && (buf[at] == '_' || (buf[at] >= 'a' && buf[at] <= 'z'))) {
        at++;
      }
      if (at == wordAt) {
        return null;
      }
      String event = word(wordAt, at);
      if (!spaces()) {
        return null;
      }
      long piece = number(10);
      if (piece < 0 || !skip((byte) ' ')) {
        return null;
      }
      long offset = number(10);
      if (offset < 0 || !skip((byte) ' ')) {
        return null;
      }
      long length = number(10);
      if (length < 0
          || at != end
          || piece > Integer.MAX_VALUE
          || offset > Integer.MAX_VALUE
          || length > Integer.MAX_VALUE) {
        return null;
      }
      return new Event(
          epoch,
          hash(hashAt),
          peer(peerAt),
          direction,
          event,
          (int) piece,
          (int) offset,
          (int) length);
    }

    private static final byte[] UP = "up)".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DOWN = "down)".getBytes(StandardCharsets.US_ASCII);

    private long number(int maxDigits) {
      int from = at;
      long n = 0;
      while (at < end && buf[at] >= '0' && buf[at] <= '9' && at - from < maxDigits) {
        n = n * 10 + (buf[at] - '0');
        at++;
      }
      return at == from || (at < end && buf[at] >= '0' && buf[at] <= '9') ? -1 : n;
    }

    private boolean skip(byte c) {
      if (at < end && buf[at] == c) {
        at++;
        return true;
      }
      return false;
    }

    private boolean spaces() {
      int from = at;
      while (at < end && buf[at] == ' ') {
        at++;
      }
      return at > from;
    }

    private boolean literal(byte[] text) {
      if (end - at < text.length) {
        return false;
      }
      for (int i = 0; i < text.length; i++) {
        if (buf[at + i] != text[i]) {
          return false;
        }
      }
      at += text.length;
      return true;
    }

    private boolean hex40() {
      if (end - at < 40) {
        return false;
      }
      for (int i = at; i < at + 40; i++) {
        byte c = buf[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
          return false;
        }
      }
      at += 40;
      return true;
    }

    private String hash(int from) {
      if (lastHashText == null || !java.util.Arrays.equals(buf, from, from + 40, lastHash, 0, 40)) {
        System.arraycopy(buf, from, lastHash, 0, 40);
        lastHashText = lower(from);
      }
      return lastHashText;
    }

    private String peer(int from) {
      if (lastPeerText == null || !java.util.Arrays.equals(buf, from, from + 40, lastPeer, 0, 40)) {
        System.arraycopy(buf, from, lastPeer, 0, 40);
        lastPeerText = lower(from);
      }
      return lastPeerText;
    }

    private String lower(int from) {
      return new String(buf, from, 40, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    }

    private String word(int from, int to) {
      String w = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
      return switch (w) {
        case "completed" -> "completed";
        case "started_on" -> "started_on";
        case "requesting" -> "requesting";
        case "skipped" -> "skipped";
        default -> w;
      };
    }
  }
}
