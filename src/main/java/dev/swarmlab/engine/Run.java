package dev.swarmlab.engine;

import java.util.OptionalInt;

/**
 * One {@link Engine#up}: its id, which labels everything it creates so that exactly that can be
 * removed, how many containers it may start at once, and how it is cancelled.
 *
 * @param parallelStarts containers created and started at once, 1 to {@link
 *     Engine#MAX_PARALLEL_STARTS}; empty for {@link #defaultParallelStarts}
 */
public record Run(String id, OptionalInt parallelStarts, Cancellation cancellation) {

  /**
   * Containers started at once unless the user says otherwise: twice this machine's cores. Fewer at
   * once get each one running sooner, so the swarm's transfer overlaps the remaining starts; more
   * at once get them all running sooner (measured in bench/README.md, item 6).
   */
  public static int defaultParallelStarts(int cores) {
    return Math.max(2, Math.min(Engine.MAX_PARALLEL_STARTS, 2 * cores));
  }

  /** {@link #parallelStarts}, or the default for this machine, within the limits. */
  public int starts() {
    int n =
        parallelStarts.orElseGet(
            () -> defaultParallelStarts(Runtime.getRuntime().availableProcessors()));
    return Math.max(1, Math.min(Engine.MAX_PARALLEL_STARTS, n));
  }
}
