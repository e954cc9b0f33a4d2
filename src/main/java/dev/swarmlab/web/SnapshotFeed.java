package dev.swarmlab.web;

import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.view.StatusViews;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One poller for every browser: a single thread asks {@code source} for a snapshot every interval,
 * keeps the latest as JSON and hands it to each subscriber. A failed poll is published too, as an
 * error beside the last good snapshot, and polling goes on. Each subscriber has a small queue of
 * its own; when it falls behind, its oldest snapshots are dropped, so a slow browser never holds up
 * the poller or the others.
 */
public final class SnapshotFeed implements AutoCloseable {

  /** Snapshots a subscriber may have waiting; older ones are dropped. */
  static final int QUEUE = 2;

  /** The most a failed poll's message says. */
  private static final int MAX_ERROR = 300;

  private final String project;
  private final Supplier<SwarmSnapshot> source;
  private final Duration interval;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
  private SwarmSnapshot lastGood;
  private String latest;
  private boolean closed;

  /**
   * One document a browser is sent: the time of the poll (epoch milliseconds), the latest snapshot
   * (null before any poll succeeded) and, when this poll failed, why.
   */
  record Update(String project, long time, SwarmSnapshot snapshot, String error) {}

  public SnapshotFeed(String project, Supplier<SwarmSnapshot> source, Duration interval) {
    this(project, source, interval, Clock.systemUTC());
  }

  SnapshotFeed(String project, Supplier<SwarmSnapshot> source, Duration interval, Clock clock) {
    this.project = project;
    this.source = source;
    this.interval = interval;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "swarmlab-dashboard-poll");
              t.setDaemon(true);
              return t;
            });
  }

  /** Polls now, then every interval until closed. */
  public void start() {
    timer.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Polls the source once and publishes the result; never throws what the source throws. */
  void poll() {
    SwarmSnapshot snapshot = null;
    String error = null;
    try {
      snapshot = source.get();
    } catch (RuntimeException e) {
      error = oneLine(e);
    }
    String document;
    synchronized (this) {
      if (snapshot != null) {
        lastGood = snapshot;
      }
      document = StatusViews.jsonLine(new Update(project, clock.millis(), lastGood, error));
      if (closed) {
        return;
      }
      latest = document;
      subscribers.forEach(s -> s.offer(document));
    }
  }

  /** The latest document, if there has been a poll. */
  public synchronized Optional<String> latest() {
    return Optional.ofNullable(latest);
  }

  /**
   * A new subscriber, handed the latest document at once (if there is one) and every later one.
   * Close it to unsubscribe.
   */
  public synchronized Subscription subscribe() {
    Subscription s = new Subscription();
    if (closed) {
      s.end();
      return s;
    }
    if (latest != null) {
      s.offer(latest);
    }
    subscribers.add(s);
    return s;
  }

  /** How many subscribers there are now. */
  public int subscribers() {
    return subscribers.size();
  }

  /** Stops polling and ends every subscription. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      subscribers.forEach(Subscription::end);
      subscribers.clear();
    }
    timer.shutdownNow();
  }

  private static String oneLine(RuntimeException e) {
    String m = e.getMessage() == null ? "the poll failed" : e.getMessage().strip();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < m.length() && sb.length() < MAX_ERROR; i++) {
      char c = m.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    return sb.length() < m.length() ? sb + "..." : sb.toString();
  }

  /** What one browser has yet to be sent. */
  public final class Subscription implements AutoCloseable {
    /** Put in the queue when the feed closes. */
    private static final String END = new String("end");

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);

    private Subscription() {}

    private synchronized void offer(String document) {
      while (!queue.offer(document)) {
        queue.poll(); // the oldest goes: only the latest matters to a browser
      }
    }

    private void end() {
      offer(END);
    }

    /**
     * The next document, waiting at most {@code timeout}: empty if none came in time.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException once the feed is closed
     */
    public Optional<String> next(Duration timeout) throws InterruptedException {
      String d = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (d == END) {
        queue.offer(END);
        throw new IllegalStateException("the dashboard is closing");
      }
      return Optional.ofNullable(d);
    }

    @Override
    public void close() {
      subscribers.remove(this);
    }
  }
}
