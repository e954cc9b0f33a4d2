package dev.swarmlab.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A request, from another thread, that an {@link Engine#up} stop and undo what it did (as when the
 * user presses Ctrl-C). The engine registers what undoing takes with {@link #onCancel}; {@link
 * #cancel} runs it on the caller's thread and returns only when it is done, so a shutdown hook that
 * cancels holds the JVM until the engine has removed what the run created.
 */
public final class Cancellation {
  private final List<Runnable> handlers = new ArrayList<>();
  private final List<Runnable> last = new ArrayList<>();
  private boolean cancelled;

  /** Whether {@link #cancel} has been called. */
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Cancels: runs every registered handler, in order, and returns when they are done. Once only.
   */
  public void cancel() {
    List<Runnable> run;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      run = new ArrayList<>(handlers);
      run.addAll(last);
      handlers.clear();
      last.clear();
    }
    RuntimeException first = null;
    for (Runnable handler : run) {
      try {
        handler.run();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Runs {@code handler} when cancelled, after every {@link #onCancel} handler (whenever that was
   * registered), or at once if already cancelled: to record what undoing left.
   */
  public void afterCancel(Runnable handler) {
    boolean now;
    synchronized (this) {
      now = cancelled;
      if (!now) {
        last.add(handler);
      }
    }
    if (now) {
      handler.run();
    }
  }

  /** Runs {@code handler} when cancelled, or at once if already cancelled. */
  public void onCancel(Runnable handler) {
    boolean now;
    synchronized (this) {
      now = cancelled;
      if (!now) {
        handlers.add(handler);
      }
    }
    if (now) {
      handler.run();
    }
  }
}
