package dev.swarmlab.control;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.monitor.SwarmMonitor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Function;

/** One piece of work on each of some peers, a few at a time; a result for each, in their order. */
final class PerPeer {
  private PerPeer() {}

  /**
   * {@code work} on each of {@code peers}, at most {@code atOnce} at a time; a peer whose work
   * threw (or was interrupted) gets {@code failed.apply(peerName, why)}.
   */
  static <R> List<R> apply(
      List<ContainerInfo> peers,
      int atOnce,
      Function<ContainerInfo, R> work,
      BiFunction<String, String, R> failed) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(atOnce, Math.max(1, peers.size())));
    try {
      List<Future<R>> asked = new ArrayList<>();
      for (ContainerInfo p : peers) {
        asked.add(pool.submit(() -> work.apply(p)));
      }
      List<R> out = new ArrayList<>();
      for (int i = 0; i < asked.size(); i++) {
        String name = SwarmMonitor.peerName(peers.get(i));
        try {
          out.add(asked.get(i).get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          out.add(failed.apply(name, "interrupted"));
        } catch (ExecutionException e) {
          out.add(failed.apply(name, String.valueOf(e.getCause().getMessage())));
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
