package dev.swarmlab.lab;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.Quantities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The engine's disk as a limit on lab size. Every leecher writes the whole payload into its own
 * container's writable layer, under the engine's data root; a lab that does not fit there fills the
 * disk part way through, leaves rtorrents stuck on "No space left on device", and can take the
 * engine down with it.
 */
public final class DiskSpace {

  private DiskSpace() {}

  /**
   * The space rtorrent keeps free where it downloads: its built-in {@code low_diskspace} schedule
   * closes every download whose filesystem has less (checked each minute), and says nothing; the
   * leechers would stall part way.
   */
  public static final long RTORRENT_RESERVE = 500L << 20;

  /** The bytes the leechers of a lab write: each a whole copy of the payload. */
  public static long needed(int leechers, long payloadBytes) {
    try {
      return Math.multiplyExact(leechers, payloadBytes);
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The space left to an unprivileged writer on the filesystem of {@code dir}, or empty if that
   * cannot be read (the directory is not on this machine).
   */
  public static OptionalLong usable(Path dir) {
    try {
      return Files.isDirectory(dir)
          ? OptionalLong.of(Files.getFileStore(dir).getUsableSpace())
          : OptionalLong.empty();
    } catch (IOException | SecurityException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Refuses a lab whose leechers would write more than {@code usable} bytes under {@code dataRoot},
   * less the {@link #RTORRENT_RESERVE} that rtorrent keeps free.
   *
   * @throws BadInputException naming the need, the space and where
   */
  public static void check(int leechers, long payloadBytes, Path dataRoot, long usable) {
    long needed = needed(leechers, payloadBytes);
    if (usable >= RTORRENT_RESERVE && needed <= usable - RTORRENT_RESERVE) {
      return;
    }
    throw new BadInputException(
        leechers
            + " leechers × "
            + Quantities.formatSize(payloadBytes)
            + " write "
            + Quantities.formatSize(needed)
            + ", and rtorrent keeps "
            + Quantities.formatSize(RTORRENT_RESERVE)
            + " free, under the engine's data root "
            + dataRoot
            + ", whose filesystem has "
            + Quantities.formatSize(usable)
            + " free; free some space, or run fewer leechers or a smaller payload");
  }
}
