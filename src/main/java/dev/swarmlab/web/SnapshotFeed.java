package dev.swarmlab.web;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.monitor.TrackedTorrent;
import dev.swarmlab.view.StatusViews;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One poller for every browser: a single thread asks {@code source} for a snapshot every interval,
 * keeps the latest as JSON (with the peers' pieces sized for a screen, see {@link PieceMaps}) and
 * hands it to each subscriber; it asks the tracker every few polls, and keeps the swarm's {@link
 * History}. A failed poll is published too, as an error beside the last good snapshot, and polling
 * goes on. Each subscriber has a small queue of its own; when it falls behind, its oldest snapshots
 * are dropped, so a slow browser never holds up the poller or the others.
 */
public final class SnapshotFeed implements AutoCloseable {

  /** Snapshots a subscriber may have waiting; older ones are dropped. */
  static final int QUEUE = 2;

  /** The tracker is asked once every this many polls. */
  static final int TRACKER_EVERY = 5;

  /** The most a failed poll's message says. */
  private static final int MAX_ERROR = 300;

  private final String project;
  private final Supplier<SwarmSnapshot> source;
  private final Callable<List<TrackedTorrent>> tracker;
  private final History history = new History();
  private long polls;
  private List<TrackedTorrent> trackerView;
  private String trackerError;
  private final Duration interval;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
  private SwarmSnapshot lastGood;
  private PieceMaps lastPieces;
  private String latest;
  private boolean closed;

  /**
   * One document a browser is sent: the time of the poll (epoch milliseconds), the latest snapshot
   * (null before any poll succeeded; its peers without their torrents) and, when this poll failed,
   * why; the peers' pieces; the tracker's view as last asked (null until then, or {@code
   * trackerError}); how long the poll took, in milliseconds.
   */
  record Update(
      String project,
      long time,
      long pollMillis,
      SwarmSnapshot snapshot,
      String error,
      PieceMaps pieces,
      List<TrackedTorrent> tracker,
      String trackerError) {}

  public SnapshotFeed(
      String project,
      Supplier<SwarmSnapshot> source,
      Callable<List<TrackedTorrent>> tracker,
      Duration interval) {
    this(project, source, tracker, interval, Clock.systemUTC());
  }

  SnapshotFeed(
      String project,
      Supplier<SwarmSnapshot> source,
      Callable<List<TrackedTorrent>> tracker,
      Duration interval,
      Clock clock) {
    this.project = project;
    this.source = source;
    this.tracker = tracker;
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
    long started = System.nanoTime();
    SwarmSnapshot snapshot = null;
    PieceMaps pieces = null;
    String error = null;
    long now = clock.millis();
    try {
      // a poll that throws here must not end the polling: the timer would stop for good
      SwarmSnapshot full = source.get();
      pieces = PieceMaps.of(full);
      snapshot =
          new SwarmSnapshot(
              full.project(),
              full.peers().stream().map(PeerStatus::withoutTorrents).toList(),
              full.summary());
      history.add(now, snapshot);
    } catch (RuntimeException e) {
      snapshot = null;
      error = oneLine(e);
    }
    if (polls++ % TRACKER_EVERY == 0) {
      askTracker();
    }
    String document;
    synchronized (this) {
      if (snapshot != null) {
        lastGood = snapshot;
        lastPieces = pieces;
      }
      document =
          StatusViews.jsonLine(
              new Update(
                  project,
                  now,
                  (System.nanoTime() - started) / 1_000_000,
                  lastGood,
                  error,
                  lastPieces,
                  trackerView,
                  trackerError));
      if (closed) {
        return;
      }
      latest = document;
      subscribers.forEach(s -> s.offer(document));
    }
  }

  private void askTracker() {
    try {
      List<TrackedTorrent> view = tracker.call();
      synchronized (this) {
        trackerView = view;
        trackerError = null;
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      String why = oneLine(e);
      synchronized (this) {
        trackerError = why;
      }
    }
  }

  /** The swarm over time, since the first poll, as JSON. */
  public String history() {
    return StatusViews.jsonLine(history.series());
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

  private static String oneLine(Exception e) {
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
