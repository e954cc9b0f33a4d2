package dev.swarmlab.wait;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waiting as an object: asks a question every {@code interval} until it has an answer or {@code
 * timeout} has passed. The question answers with a value (done) or empty (not yet); it may throw to
 * stop the wait early.
 */
public final class Poller {
  private final Duration interval;
  private final Duration timeout;

  private Poller(Duration interval, Duration timeout) {
    this.interval = interval;
    this.timeout = timeout;
  }

  public static Poller every(Duration interval, Duration timeout) {
    return new Poller(interval, timeout);
  }

  /** The first answer, or empty when {@code timeout} passed without one. */
  public <T> Optional<T> until(Supplier<Optional<T>> question) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> answer = question.get();
      if (answer.isPresent()) {
        return answer;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      try {
        Thread.sleep(Math.min(interval.toMillis(), Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
