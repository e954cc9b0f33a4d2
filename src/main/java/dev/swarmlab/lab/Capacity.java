package dev.swarmlab.lab;

import dev.swarmlab.engine.EngineHost;
import java.nio.file.Path;

/**
 * The lab's limits on the engine's host, checked before anything is created: the kernel's neighbour
 * table ({@link NeighbourTable}) and the disk under the engine's data root ({@link DiskSpace}).
 * Only an engine on this machine has a host whose limits can be read here; one in a VM (Docker
 * Desktop) has a data root that is not a directory here. Those accept every size.
 */
final class Capacity {
  private Capacity() {}

  static void check(EngineHost host, int seeders, int leechers, long payloadBytes) {
    if (!host.onThisMachine() || host.inVirtualMachine()) {
      return;
    }
    NeighbourTable.readLimit(NeighbourTable.GC_THRESH3)
        .ifPresent(limit -> NeighbourTable.check(seeders + leechers, limit));
    checkDisk(host, leechers, payloadBytes, 0);
  }

  /**
   * Refuses a lab whose {@code leechers} would write more than the engine's disk has free, once the
   * {@code freedBytes} that the leechers of a rerun's run before hold at most are gone (an
   * estimate: the whole payload each, which a run that did not complete had not written).
   */
  static void checkDisk(EngineHost host, int leechers, long payloadBytes, long freedBytes) {
    if (!host.onThisMachine() || host.inVirtualMachine() || leechers == 0) {
      return;
    }
    Path root = Path.of(host.dataRoot().isEmpty() ? "/nonexistent" : host.dataRoot());
    DiskSpace.usable(root)
        .ifPresent(
            free ->
                DiskSpace.check(
                    leechers,
                    payloadBytes,
                    root,
                    free > Long.MAX_VALUE - freedBytes ? Long.MAX_VALUE : free + freedBytes));
  }
}
