package dev.swarmlab.lab;

import dev.swarmlab.error.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The kernel's neighbour (ARP) table as a limit on lab size. Every container on a bridge network
 * keeps an entry for each address it talks to, and all network namespaces of a host share one table
 * whose hard limit is {@code net.ipv4.neigh.default.gc_thresh3} (1024 by default). A full mesh of
 * {@code n} peers needs about {@code n * (n + 3)} entries: each peer's view of every other peer,
 * the tracker and the gateway, and the host's and tracker's view of each peer. Past the limit the
 * kernel drops new entries ("neighbor table overflow"): peers fail to reach the tracker and each
 * other, and a swarm that should take seconds takes minutes.
 */
public final class NeighbourTable {

  /** Where the limit lives on a Linux host. */
  public static final Path GC_THRESH3 = Path.of("/proc/sys/net/ipv4/neigh/default/gc_thresh3");

  /** What {@code scripts/setup-engine.sh} raises the limit to; enough for about 360 peers. */
  public static final long RECOMMENDED = 131072;

  private NeighbourTable() {}

  /** The entries a lab of {@code peers} rtorrent peers may need at once. */
  public static long entriesNeeded(int peers) {
    return (long) peers * (peers + 3);
  }

  /** The limit written in {@code file}, or empty if it cannot be read (not Linux, not local). */
  public static OptionalLong readLimit(Path file) {
    // /proc files report a size of 0: read the stream to its end rather than trust the size.
    try (InputStream in = Files.newInputStream(file)) {
      return OptionalLong.of(
          Long.parseLong(new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim()));
    } catch (IOException | NumberFormatException | SecurityException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Refuses a lab whose peers would overflow a table of {@code limit} entries.
   *
   * @throws BadInputException naming the need, the limit and the fix
   */
  public static void check(int peers, long limit) {
    long needed = entriesNeeded(peers);
    if (needed <= limit) {
      return;
    }
    throw new BadInputException(
        "a lab of "
            + peers
            + " peers needs up to "
            + needed
            + " neighbour (ARP) entries but this host's kernel keeps at most "
            + limit
            + " (net.ipv4.neigh.default.gc_thresh3), so peers would fail to reach each other; raise it"
            + " with 'sudo sysctl -w net.ipv4.neigh.default.gc_thresh3="
            + Math.max(RECOMMENDED, needed)
            + "' (scripts/setup-engine.sh does), or run fewer peers");
  }
}
