package dev.swarmlab.engine.docker;

import dev.swarmlab.error.LabFailedException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to a pool, its failures rethrown as they were. */
final class Futures {
  private Futures() {}

  /** Waits for every one of {@code futures}; then throws the first failure, if any. */
  static void awaitAll(List<? extends Future<?>> futures) {
    RuntimeException first = null;
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        first = first == null ? new LabFailedException("interrupted", e) : first;
      } catch (ExecutionException e) {
        RuntimeException r =
            e.getCause() instanceof RuntimeException re
                ? re
                : new LabFailedException(EngineErrors.rootMessage(e), e);
        first = first == null ? r : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
