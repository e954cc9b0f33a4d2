package dev.swarmlab.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 networks this machine reaches through one of its own interfaces, without a gateway:
 * on a local Docker engine's host, its bridges. Read from the kernel's routing table
 * ({@code /proc/net/route}); empty where there is none (not Linux, or an engine in a VM or in a
 * rootless namespace, whose bridges this machine does not have).
 */
public final class LocalRoutes {

  /** Where Linux lists its IPv4 routes. */
  public static final Path PROC_NET_ROUTE = Path.of("/proc/net/route");

  /** No network is reached directly. */
  public static final LocalRoutes NONE = new LocalRoutes(List.of());

  private static final int RTF_UP = 0x1;
  private static final int RTF_GATEWAY = 0x2;

  private record Net(int address, int mask) {}

  private final List<Net> nets;

  private LocalRoutes(List<Net> nets) {
    this.nets = nets;
  }

  /** The routes in {@code file}, or {@link #NONE} if it cannot be read. */
  public static LocalRoutes read(Path file) {
    // /proc files report a size of 0: read the stream to its end rather than trust the size.
    try (InputStream in = Files.newInputStream(file)) {
      return parse(new String(in.readNBytes(1 << 20), StandardCharsets.US_ASCII), ByteOrder.nativeOrder());
    } catch (IOException | SecurityException e) {
      return NONE;
    }
  }

  /**
   * Parses the table; {@code order} is the byte order in which the kernel printed its addresses
   * (the machine's own). Lines that do not parse are skipped.
   */
  static LocalRoutes parse(String table, ByteOrder order) {
    List<Net> nets = new ArrayList<>();
    for (String line : table.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 8) {
        continue;
      }
      try {
        int destination = address(f[1], order);
        int flags = Integer.parseInt(f[3], 16);
        int mask = address(f[7], order);
        if ((flags & RTF_UP) != 0 && (flags & RTF_GATEWAY) == 0 && mask != 0) {
          nets.add(new Net(destination & mask, mask));
        }
      } catch (NumberFormatException e) {
        // the header line, or a line this reader does not know
      }
    }
    return new LocalRoutes(List.copyOf(nets));
  }

  /** Whether {@code ipv4} (dotted quad) is on a network this machine reaches directly. */
  public boolean direct(String ipv4) {
    int a = dottedQuad(ipv4);
    if (a == 0) {
      return false;
    }
    return nets.stream().anyMatch(n -> (a & n.mask()) == n.address());
  }

  private static int address(String hex, ByteOrder order) {
    int v = (int) Long.parseLong(hex, 16);
    return order == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(v) : v;
  }

  /** The address as a big-endian int; 0 if {@code s} is not a dotted quad. */
  private static int dottedQuad(String s) {
    String[] parts = s == null ? new String[0] : s.split("\\.", -1);
    if (parts.length != 4) {
      return 0;
    }
    int v = 0;
    for (String p : parts) {
      try {
        int b = Integer.parseInt(p);
        if (b < 0 || b > 255 || p.isEmpty() || p.length() > 3) {
          return 0;
        }
        v = (v << 8) | b;
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return v;
  }
}
