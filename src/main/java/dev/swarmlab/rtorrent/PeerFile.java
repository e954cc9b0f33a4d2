package dev.swarmlab.rtorrent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A peer's own record of who it is, which the swarmlab image writes beside its block log: a line
 * for each start of the peer and one for each torrent it loads, e.g.
 *
 * <pre>
 * peer 1795654030 leecher-3 leecher
 * torrent 1795654031 A8F8...23F2 2D6C...B1B2 33554432 65536 file-1.bin
 * </pre>
 *
 * (epoch seconds; for a start, the peer's host name and role; for a torrent, its info-hash, this
 * peer's own id for it, which is how every other peer's block log names this peer, its size, its
 * piece size and its name). Lines of any other shape are passed over.
 *
 * <p>The file is named after an address, not a peer: a container started again may be given another
 * address, even one a killed peer had, so one file can hold the starts of several peers, each
 * followed by the torrents that start loaded (see {@link PeerStarts}).
 *
 * @param starts each start written in the file, oldest first
 * @param torrents each torrent loaded, oldest first (a peer started again loads them again, under
 *     new ids)
 * @param loadedAfter for each of {@code torrents}, the index in {@code starts} of the start whose
 *     line it follows: the start that loaded it; -1 for one before any start
 */
public record PeerFile(List<Start> starts, List<Torrent> torrents, List<Integer> loadedAfter) {
  static final int MAX_LINE = 1024;

  public PeerFile {
    starts = List.copyOf(starts);
    torrents = List.copyOf(torrents);
    loadedAfter = List.copyOf(loadedAfter);
    if (loadedAfter.size() != torrents.size()) {
      throw new IllegalArgumentException("a start for each torrent, no more");
    }
  }

  /**
   * A peer file of {@code starts} and {@code torrents}, each torrent loaded by the last start at or
   * before its time.
   */
  public PeerFile(List<Start> starts, List<Torrent> torrents) {
    this(starts, torrents, byTime(starts, torrents));
  }

  private static List<Integer> byTime(List<Start> starts, List<Torrent> torrents) {
    List<Integer> out = new ArrayList<>();
    for (Torrent t : torrents) {
      int after = -1;
      for (int i = 0; i < starts.size(); i++) {
        if (starts.get(i).epochSecond() <= t.epochSecond()) {
          after = i;
        }
      }
      out.add(after);
    }
    return out;
  }

  /** One start of the peer. */
  public record Start(long epochSecond, String hostName, String role) {
    /**
     * This start's line, as {@code peer-started.sh} writes it.
     *
     * @throws IllegalArgumentException if the host name or role is not one word a line can hold
     */
    public String line() {
      if (!word(hostName) || !word(role)) {
        throw new IllegalArgumentException("not a host name and role: " + hostName + " " + role);
      }
      return "peer " + epochSecond + " " + hostName + " " + role;
    }
  }

  /**
   * One torrent as the peer loaded it.
   *
   * @param infoHash lower-case hex
   * @param localId the peer's own id for this torrent, lower-case hex
   */
  public record Torrent(
      long epochSecond,
      String infoHash,
      String localId,
      long sizeBytes,
      long pieceBytes,
      String name) {
    /**
     * This torrent's line, as {@code torrent-loaded.sh} writes it: the name without control
     * characters.
     *
     * @throws IllegalArgumentException if the info-hash or id is not 40 hex digits
     */
    public String line() {
      if (!hex40(infoHash) || !hex40(localId)) {
        throw new IllegalArgumentException(
            "not an info-hash and peer id: " + infoHash + " " + localId);
      }
      return String.join(
          " ",
          "torrent",
          Long.toString(epochSecond),
          infoHash,
          localId,
          Long.toString(sizeBytes),
          Long.toString(pieceBytes),
          name.replaceAll("\\p{Cntrl}", ""));
    }
  }

  /** The peer file at {@code file}; a link, or anything but a regular file, is refused. */
  public static PeerFile read(Path file) throws IOException {
    try (InputStream in = Lines.open(file)) {
      return read(in);
    }
  }

  /** The peer file read from {@code in}. */
  public static PeerFile read(InputStream in) throws IOException {
    List<Start> starts = new ArrayList<>();
    List<Torrent> torrents = new ArrayList<>();
    List<Integer> loadedAfter = new ArrayList<>();
    Lines.read(
        in,
        MAX_LINE,
        (buf, from, to) -> {
          String line = new String(buf, from, to - from, StandardCharsets.UTF_8);
          if (parseLine(line, starts, torrents)) {
            loadedAfter.add(starts.size() - 1);
          }
        });
    return new PeerFile(starts, torrents, loadedAfter);
  }

  /**
   * At most this many lines of each kind are read: a peer starts and loads torrents a few times.
   */
  static final int MAX_ENTRIES = 10_000;

  /** Adds what {@code line} says to {@code starts} or {@code torrents}; true if a torrent. */
  private static boolean parseLine(String line, List<Start> starts, List<Torrent> torrents) {
    if (starts.size() >= MAX_ENTRIES || torrents.size() >= MAX_ENTRIES) {
      return false;
    }
    String[] f = line.split(" ", 7);
    try {
      if (f.length == 4
          && f[0].equals("peer")
          && epoch(f[1]) >= 0
          && printable(f[2])
          && printable(f[3])) {
        starts.add(new Start(epoch(f[1]), f[2], f[3]));
      } else if (f.length >= 6
          && f[0].equals("torrent")
          && epoch(f[1]) >= 0
          && hex40(f[2])
          && hex40(f[3])) {
        long size = Long.parseLong(f[4]);
        long piece = Long.parseLong(f[5]);
        if (size < 0 || piece <= 0 || size > (1L << 50)) {
          return false;
        }
        String name = f.length == 7 ? f[6] : "";
        torrents.add(
            new Torrent(
                epoch(f[1]),
                f[2].toLowerCase(Locale.ROOT),
                f[3].toLowerCase(Locale.ROOT),
                size,
                piece,
                printable(name) ? name : "?"));
        return true;
      }
    } catch (NumberFormatException e) {
      // not a line of ours
    }
    return false;
  }

  /** Seconds since the epoch as {@code date +%s} writes them, up to 12 digits; -1 if not. */
  private static long epoch(String s) {
    return !s.isEmpty() && s.length() <= 12 && s.chars().allMatch(c -> c >= '0' && c <= '9')
        ? Long.parseLong(s)
        : -1;
  }

  private static boolean hex40(String s) {
    return s.length() == 40
        && s.chars()
            .allMatch(
                c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
  }

  /** Whether {@code s} is one printable word of at most 255 characters. */
  private static boolean word(String s) {
    return printable(s) && s.codePoints().noneMatch(Character::isWhitespace);
  }

  private static boolean printable(String s) {
    return !s.isEmpty()
        && s.length() <= 255
        && s.codePoints()
            .noneMatch(
                c ->
                    Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT // bidi overrides and the like
                        || c == 0xFFFD);
  }

  /**
   * The host name of the file's last start (which may be another peer's than its first); empty if
   * it has none.
   */
  public String hostName() {
    return starts.isEmpty() ? "" : starts.get(starts.size() - 1).hostName();
  }

  /** The role of the file's last start; empty if it has none. */
  public String role() {
    return starts.isEmpty() ? "" : starts.get(starts.size() - 1).role();
  }
}
