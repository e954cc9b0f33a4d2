package dev.swarmlab.engine;

import dev.swarmlab.error.LabFailedException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to a pool, its failures rethrown as they were. */
public final class Futures {
  private Futures() {}

  /** The result of {@code f}; its failure rethrown, an interruption as "interrupted". */
  public static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabFailedException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new LabFailedException(String.valueOf(e.getCause().getMessage()), e.getCause());
    }
  }

  /** Waits for every one of {@code futures}; then throws the first failure, if any. */
  public static void awaitAll(List<? extends Future<?>> futures) {
    RuntimeException first = null;
    for (Future<?> f : futures) {
      try {
        await(f);
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
