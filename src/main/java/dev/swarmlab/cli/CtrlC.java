package dev.swarmlab.cli;

import dev.swarmlab.engine.Cancellation;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C while a lab starts: a shutdown hook that cancels the run, which makes the engine create
 * nothing more and remove what the run created before the JVM exits. Closing it unregisters the
 * hook, or, if the JVM is already shutting down, waits for the hook to finish.
 */
final class CtrlC implements AutoCloseable {
  private final Thread hook;

  /**
   * Counted down when the hook has done its work: it may not even have started when removing it
   * fails.
   */
  private final CountDownLatch done;

  private boolean closed;
  private boolean fired;

  private CtrlC(Thread hook, CountDownLatch done) {
    this.hook = hook;
    this.done = done;
  }

  /** From now until {@link #close}, Ctrl-C cancels {@code cancellation}. */
  static CtrlC cancels(Cancellation cancellation, PrintWriter err) {
    return cancels(cancellation, err, "what up created");
  }

  /** As {@link #cancels(Cancellation, PrintWriter)}, saying it removes {@code what}. */
  static CtrlC cancels(Cancellation cancellation, PrintWriter err, String what) {
    CountDownLatch done = new CountDownLatch(1);
    CtrlC c =
        new CtrlC(
            new Thread(
                () -> {
                  err.println("interrupted; removing " + what);
                  err.flush();
                  try {
                    cancellation.cancel();
                  } catch (RuntimeException e) {
                    // the JVM is exiting: no error handler will print this
                    err.println(
                        "swarmlab: error: could not remove what up created: " + e.getMessage());
                  }
                  err.flush();
                  done.countDown();
                },
                "swarmlab-ctrl-c"),
            done);
    Runtime.getRuntime().addShutdownHook(c.hook);
    return c;
  }

  /**
   * Unregisters the hook; true if it had already fired, in which case this returns once the hook
   * has removed what the run created.
   */
  synchronized boolean fired() {
    if (!closed) {
      closed = true;
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        fired = true;
        try {
          done.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    return fired;
  }

  @Override
  public void close() {
    fired();
  }
}
