package dev.swarmlab.control;

import dev.swarmlab.engine.ContainerAction;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.RateLimits;
import dev.swarmlab.tracker.TrackerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Makes the peers of a running lab new again without new containers, for {@code swarmlab rerun},
 * through the lab's rerun file ({@link LabContract#RERUN_FILE}, read by each peer's entrypoint).
 *
 * <ol>
 *   <li>{@link #stop}: the file says {@code stop RUN}, which each running peer's entrypoint looks
 *       for while rtorrent runs, and then kills it; a paused peer is thawed, a stopped one started.
 *       Each then drops its session (and a leecher its downloads), says so ({@link
 *       LabContract#stoppedName}) and waits;
 *   <li>{@link #restartTracker}: the tracker forgets every peer it knew;
 *   <li>{@link #go}: the file says {@code go RUN START RATES... SHARED}; each peer starts rtorrent
 *       again, with a new id for each torrent and a new block log.
 * </ol>
 *
 * {@link #release} lets the peers go again when the rerun stops half-way.
 */
public final class PeerReset {
  /** How long peers have to stop before those that have not are restarted, then given up on. */
  static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private static final Duration POLL = Duration.ofMillis(200);

  private static final Duration RELIST = Duration.ofSeconds(1);

  private final Engine engine;
  private final String project;
  private final Path controlDir;
  private String before; // the rerun file as it was, to put back if the rerun stops half-way

  public PeerReset(Engine engine, String project, Path controlDir) {
    this.engine = engine;
    this.project = project;
    this.controlDir = controlDir;
  }

  /**
   * Stops every peer of the lab for run {@code runId} and returns once each has dropped its run's
   * files; the peers then wait for {@link #go} (or {@link #release}).
   *
   * @return the names of the peers whose containers were started again to stop them (a peer that
   *     was not running, or did not stop): each has a new network namespace, which a link it had
   *     been given must be shaped in again
   * @throws LabFailedException if a peer did not stop (the peers are released first)
   */
  public List<String> stop(String runId, Consumer<String> progress) {
    before = read().orElse(null);
    for (ContainerInfo p : SwarmMonitor.peers(engine.list(project))) {
      if (hasAddress(p)) {
        deleteQuietly(controlDir.resolve(LabContract.stoppedName(p.ipAddress())));
        deleteQuietly(controlDir.resolve(LabContract.goName(p.ipAddress())));
      }
    }
    write("stop " + runId);
    List<ContainerInfo> peers = SwarmMonitor.peers(engine.list(project));
    progress.accept("stopping " + peers.size() + " peers");
    Set<String> restarted = new java.util.TreeSet<>();
    // a running peer stops on its own once it reads the file; one paused or stopped cannot read it
    PerPeer.apply(
        peers.stream().filter(p -> !p.running()).toList(),
        16,
        p -> {
          if (wake(p)) {
            synchronized (restarted) {
              restarted.add(SwarmMonitor.peerName(p));
            }
          }
          return null;
        },
        (name, why) -> null);
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    Set<String> again = new HashSet<>();
    // the peers' word is a file each: looked at every POLL; the engine is asked again only once a
    // second (a peer started again may have another address), and before the last word
    List<ContainerInfo> now = SwarmMonitor.peers(engine.list(project));
    long listed = System.nanoTime();
    while (true) {
      List<ContainerInfo> waiting = now.stream().filter(p -> !stopped(p)).toList();
      if (waiting.isEmpty()) {
        now = SwarmMonitor.peers(engine.list(project));
        listed = System.nanoTime();
        if (now.stream().allMatch(this::stopped)) {
          return List.copyOf(restarted);
        }
        continue;
      }
      if (System.nanoTime() > deadline) {
        List<ContainerInfo> stuck = waiting.stream().filter(p -> !again.contains(p.id())).toList();
        if (stuck.isEmpty()) {
          release();
          throw new LabFailedException(
              "could not stop "
                  + waiting.size()
                  + " of "
                  + now.size()
                  + " peers for the rerun ("
                  + String.join(", ", waiting.stream().map(SwarmMonitor::peerName).toList())
                  + "); the lab runs on as it was");
        }
        // a peer that would not quit, or came back without saying so: its container starts anew,
        // and its entrypoint finds the rerun waiting
        for (ContainerInfo p : stuck) {
          again.add(p.id());
          restarted.add(SwarmMonitor.peerName(p));
          try {
            engine.act(p.id(), ContainerAction.RESTART);
          } catch (RuntimeException e) {
            // told apart at the next look: still not stopped
          }
        }
        deadline = System.nanoTime() + STOP_WAIT.toNanos();
      }
      sleep(POLL);
      if (System.nanoTime() - listed > RELIST.toNanos()) {
        now = SwarmMonitor.peers(engine.list(project));
        listed = System.nanoTime();
      }
    }
  }

  /**
   * Lets peer {@code p}, paused or not running, read the rerun file: thawed, or started again (its
   * entrypoint then stops before rtorrent starts); true if started again.
   */
  private boolean wake(ContainerInfo p) {
    if ("paused".equals(p.state())) {
      engine.act(p.id(), ContainerAction.UNPAUSE);
      return false;
    }
    engine.act(p.id(), ContainerAction.RESTART);
    return true;
  }

  /** Whether {@code p} has an address on the lab's network: one not running has none. */
  private static boolean hasAddress(ContainerInfo p) {
    return p.ipAddress() != null && !p.ipAddress().isBlank();
  }

  private boolean stopped(ContainerInfo p) {
    return p.running()
        && hasAddress(p)
        && Files.exists(
            controlDir.resolve(LabContract.stoppedName(p.ipAddress())), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Starts the lab's tracker afresh, so that it forgets every peer of the run before and every
   * download it counted, and returns once it answers on its port knowing none: its opentracker
   * started again in the running container ({@link LabContract#TRACKER_AFRESH_SIGNAL}), else (a
   * tracker that is not running, or did not answer so in time) the container restarted.
   */
  public synchronized void restartTracker() {
    ContainerInfo tracker =
        engine.list(project).stream()
            .filter(c -> c.service().equals(LabContract.TRACKER))
            .findFirst()
            .orElseThrow(
                () ->
                    new LabFailedException(
                        "lab '" + project + "' has no tracker; run swarmlab down, then up"));
    Optional<Integer> port =
        Optional.of(tracker)
            .filter(ContainerInfo::running)
            .flatMap(c -> c.hostPort(LabContract.TRACKER_PORT));
    boolean signalled = false;
    if (port.isPresent()) {
      try {
        engine.signal(tracker.id(), LabContract.TRACKER_AFRESH_SIGNAL);
        signalled = true;
      } catch (LabFailedException e) {
        // it stopped meanwhile: restarted
      }
    }
    if (signalled && awaitAfresh(tracker.id(), AFRESH_WAIT) == null) {
      return;
    }
    engine.act(tracker.id(), ContainerAction.RESTART);
    String last = awaitAfresh(tracker.id(), Duration.ofSeconds(30));
    if (last != null) {
      throw new LabFailedException("the tracker did not come back after its restart: " + last);
    }
  }

  /** How long a tracker sent {@link LabContract#TRACKER_AFRESH_SIGNAL} has to answer afresh. */
  static final Duration AFRESH_WAIT = Duration.ofSeconds(5);

  /**
   * Waits up to {@code wait} for tracker {@code id} to answer on its port knowing no peer and no
   * download: null once it does, else what it did last. Whichever process answers so is as good as
   * a new one: every peer of the lab is stopped, so none announces meanwhile.
   */
  private String awaitAfresh(String id, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    String last = "not running";
    while (true) {
      Optional<Integer> port =
          engine.list(project).stream()
              .filter(c -> c.id().equals(id))
              .findFirst()
              .filter(ContainerInfo::running)
              .flatMap(c -> c.hostPort(LabContract.TRACKER_PORT));
      if (port.isPresent()) {
        try {
          List<TrackerClient.Swarm> known =
              new TrackerClient("127.0.0.1", port.get(), Duration.ofSeconds(2)).scrape();
          if (known.stream().allMatch(s -> s.seeders() + s.leechers() + s.completed() == 0)) {
            return null;
          }
          last = "it still counts the run before";
        } catch (IOException e) {
          last = e.getMessage();
        }
      }
      if (System.nanoTime() > deadline) {
        return last;
      }
      sleep(POLL);
    }
  }

  /**
   * What the peers start again as: run {@code runId}, which started at {@code startEpoch}
   * (seconds), each role with its {@code rates}, sharing {@code shared}.
   */
  public record Go(String runId, long startEpoch, RateLimits rates, LabContract.Shared shared) {

    /** The same run, started at {@code epoch}. */
    public Go startingAt(long epoch) {
      return new Go(runId, epoch, rates, shared);
    }

    String line(String word) {
      return String.join(
          " ",
          word,
          runId,
          Long.toString(startEpoch),
          Long.toString(rates.seederUp()),
          Long.toString(rates.seederDown()),
          Long.toString(rates.leecherUp()),
          Long.toString(rates.leecherDown()),
          Integer.toString(shared.torrents()),
          Long.toString(shared.bytes()));
    }
  }

  /**
   * Tells the stopped peers of run {@code runId} that the lab's payload is being made again: they
   * wait for as long as that takes, where a stop alone is waited for a few minutes at most.
   */
  public void making(String runId) {
    write(String.join(" ", "stop", runId, LabContract.RERUN_MAKING));
  }

  /** Lets every peer start again as {@code go} says. */
  public void go(Go go) {
    write(go.line("go"));
  }

  /**
   * As {@link #go}, but a wave of peers at a time, {@code every} apart: the peers of {@code waves}'
   * first list at once, then those of the next, and so on; any peer in none of them goes with the
   * last.
   */
  public void goInWaves(Go go, List<List<ContainerInfo>> waves, Duration every) {
    write(go.line("stop"));
    for (int i = 0; i < waves.size(); i++) {
      if (i > 0) {
        sleep(every);
      }
      for (ContainerInfo p : waves.get(i)) {
        if (hasAddress(p)) {
          touch(controlDir.resolve(LabContract.goName(p.ipAddress())));
        }
      }
    }
    go(go);
  }

  private static void touch(Path file) {
    try {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        Files.createFile(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Lets the peers start again as they were told before {@link #stop}. */
  public void release() {
    if (before != null) {
      write(before);
    } else {
      deleteQuietly(controlDir.resolve(LabContract.RERUN_FILE));
    }
  }

  private Optional<String> read() {
    return SwarmMonitor.rerunLine(controlDir);
  }

  /** Replaces the rerun file with {@code line}, readable by the peers whoever swarmlab runs as. */
  private void write(String line) {
    Path file = controlDir.resolve(LabContract.RERUN_FILE);
    try {
      if (Files.isSymbolicLink(file) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new LabFailedException(file + " is not a file swarmlab wrote; remove it");
      }
      Path tmp = Files.createTempFile(controlDir, ".rerun", ".tmp");
      Files.writeString(tmp, line + "\n", StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a peer removes its own when it starts again
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabFailedException("interrupted");
    }
  }
}
