package dev.swarmlab.rtorrent;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern LINE =
      Pattern.compile(
          "(\\d{1,12}) ([0-9A-Fa-f]{40})->piece_events: ([0-9A-Fa-f]{40})[^(]{0,16}\\((up|down)\\)"
              + " +([a-z_]{1,32}) +(\\d{1,10}) (\\d{1,10}) (\\d{1,10})");

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
    if (line.length() > MAX_LINE) {
      return Optional.empty();
    }
    Matcher m = LINE.matcher(line.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Event(
              Long.parseLong(m.group(1)),
              m.group(2).toLowerCase(Locale.ROOT),
              m.group(3).toLowerCase(Locale.ROOT),
              m.group(4).equals("up") ? Direction.UP : Direction.DOWN,
              m.group(5),
              Integer.parseInt(m.group(6)),
              Integer.parseInt(m.group(7)),
              Integer.parseInt(m.group(8))));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  /** Every event of the log at {@code file}, in order; other lines are passed over. */
  public static void read(Path file, Consumer<Event> events) throws IOException {
    // Bytes as they are: rtorrent may print a stray byte after the peer id, which need not be
    // UTF-8.
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = in.readLine()) != null) {
        parse(line).ifPresent(events);
      }
    }
  }
}
