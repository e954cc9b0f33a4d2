package dev.swarmlab.control;

import dev.swarmlab.engine.ContainerAction;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.RateLimits;
import dev.swarmlab.rtorrent.PeerFile;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.rtorrent.RtorrentException;
import dev.swarmlab.tracker.TrackerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Makes the peers of a running lab new again without new containers, for {@code swarmlab rerun}. A
 * running peer's rtorrent is reset in place, over SCGI: it keeps running, and only what a run
 * leaves in it is taken away and put back. A peer that cannot be reset so (not running, sized for
 * fewer torrents than the new run shares, or not answering) is started again from its container,
 * whose entrypoint reads the lab's rerun file ({@link LabContract#RERUN_FILE}).
 *
 * <ol>
 *   <li>{@link #stop}: the rerun file says {@code stop RUN}; every download of each running peer is
 *       erased (rtorrent drops its session files, and tells the tracker it stops), and a leecher's
 *       downloads are deleted; a paused peer is thawed first; a peer started again drops its
 *       session (and a leecher its downloads), says so ({@link LabContract#stoppedName}) and waits;
 *   <li>{@link #restartTracker}: the tracker forgets every peer it knew;
 *   <li>{@link #go}: the file says {@code go RUN START RATES... SHARED}; each peer reset in place
 *       gets its role's rates, a new block log, a {@code peer} line in its peer file and the
 *       torrents, which rtorrent loads with a new id for each, noted in the peer file too (by
 *       swarmlab: no process is started in the peer); a peer started again starts rtorrent.
 * </ol>
 *
 * {@link #release} lets the peers go again when the rerun stops half-way.
 */
public final class PeerReset {
  /** How long peers have to stop before those that have not are restarted, then given up on. */
  static final Duration STOP_WAIT = Duration.ofSeconds(15);

  /** How long a peer has to answer each call that resets it (deleting a big download included). */
  static final Duration CALL_WAIT = Duration.ofSeconds(10);

  /** The most the torrents of a lab may hold together, read through the engine. */
  static final long MAX_TORRENT_BYTES = 64L << 20;

  /**
   * The largest torrent loaded over SCGI: its base64 must fit in one request, at most 2 MiB to
   * rtorrent 0.9.8 (its rtorrent.rc raises XML-RPC's own limit to that). A bigger one (a payload of
   * about 12 GiB or more in 256 KiB pieces) is loaded by a peer started again instead.
   */
  static final int MAX_RAW_TORRENT = 1 << 20;

  /** How many peers are reset, or begun, at once. */
  private static final int AT_ONCE = 16;

  private static final Duration POLL = Duration.ofMillis(200);

  private static final Duration RELIST = Duration.ofSeconds(1);

  private final Engine engine;
  private final String project;
  private final Path controlDir;
  private String before; // the rerun file as it was, to put back if the rerun stops half-way

  /**
   * Whether the rerun file says its last word: the run went ({@code go}), or the rerun was called
   * off ({@link #release}). Nothing writes it after that, so Ctrl-C, which lets the peers go from
   * another thread, is never undone by the rerun going on meanwhile. Guarded by {@code this}.
   */
  private boolean settled;

  /** The peers reset in place that have not begun a run since, by container id. */
  private final Map<String, ContainerInfo> reset = new ConcurrentHashMap<>();

  /** The peers {@link #stop} resets in place, or tries to. */
  private volatile List<ContainerInfo> resetting = List.of();

  /** One lock for each peer: resetting it and beginning it again never overlap. */
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** The peers started again from their containers, by name. */
  private final Set<String> restarted = java.util.Collections.synchronizedSet(new TreeSet<>());

  private volatile boolean released;

  private volatile boolean samePayload;

  private Map<String, byte[]> torrents; // what the new run shares, read once it is made

  private RuntimeException torrentsFailed;

  public PeerReset(Engine engine, String project, Path controlDir) {
    this.engine = engine;
    this.project = project;
    this.controlDir = controlDir;
  }

  /**
   * Stops every peer of the lab for run {@code runId}, which shares {@code torrents} torrents, and
   * returns once each has dropped its run: reset in place, or started again and waiting. The peers
   * then wait for {@link #go} (or {@link #release}).
   *
   * @throws LabFailedException if a peer did not stop (the peers are released first)
   */
  public void stop(String runId, int torrents, Consumer<String> progress) {
    stop(runId, torrents, false, progress);
  }

  /**
   * As {@link #stop(String, int, Consumer)}; with {@code samePayload} (the new run shares the
   * torrents the run before did), a leecher reset in place has the files of its downloads deleted
   * by its rtorrent, one by one, instead of everything under its downloads directory by a process
   * it starts: the directories of its downloads stay, empty, for the same torrents to fill again.
   */
  public void stop(String runId, int torrents, boolean samePayload, Consumer<String> progress) {
    this.samePayload = samePayload;
    synchronized (this) {
      if (settled) {
        throw new LabFailedException("interrupted");
      }
      before = read().orElse(null);
    }
    for (ContainerInfo p : SwarmMonitor.peers(engine.list(project))) {
      if (hasAddress(p)) {
        deleteQuietly(controlDir.resolve(LabContract.stoppedName(p.ipAddress())));
        deleteQuietly(controlDir.resolve(LabContract.goName(p.ipAddress())));
      }
    }
    write("stop " + runId);
    List<ContainerInfo> peers = SwarmMonitor.peers(engine.list(project));
    progress.accept("stopping " + peers.size() + " peers");
    List<ContainerInfo> inPlace = new ArrayList<>();
    List<ContainerInfo> again = new ArrayList<>();
    for (ContainerInfo p : peers) {
      if ("paused".equals(p.state())) {
        try {
          engine.act(p.id(), ContainerAction.UNPAUSE);
          inPlace.add(p);
        } catch (RuntimeException e) {
          again.add(p);
        }
      } else if (p.running() && hasAddress(p)) {
        inPlace.add(p);
      } else {
        again.add(p);
      }
    }
    resetting = List.copyOf(inPlace);
    for (ContainerInfo p :
        PerPeer.apply(
            inPlace, AT_ONCE, p -> resetInPlace(p, torrents) ? null : p, (name, why) -> null)) {
      if (p != null) {
        again.add(p);
      }
    }
    restart(again);
    awaitStopped();
  }

  /**
   * Resets peer {@code p}'s rtorrent for a run of {@code torrents} torrents: erases every download
   * and deletes a leecher's downloads. False if it cannot be reset so (it is then started again).
   */
  private boolean resetInPlace(ContainerInfo p, int torrents) {
    synchronized (lock(p)) {
      if (released) {
        return true; // the rerun is called off: this peer runs on as it was
      }
      boolean erasing = false;
      try {
        RtorrentClient rtorrent = new RtorrentClient(SwarmMonitor.socket(p), CALL_WAIT);
        String sized = String.valueOf(rtorrent.call("system.env", "", LabContract.SIZED_FOR_ENV));
        if (!sized.matches("[0-9]{1,6}") || Integer.parseInt(sized) < torrents) {
          return false; // its open-files limit is too low for the new run's torrents
        }
        if (p.service().equals(LabContract.LEECHER)
            && !LabContract.DOWNLOADS_DIR.equals(rtorrent.call("directory.default", ""))) {
          return false;
        }
        erasing = true;
        boolean leecher = p.service().equals(LabContract.LEECHER);
        List<String> hashes = rtorrent.hashes();
        boolean deleted = leecher && samePayload && deleteFiles(rtorrent, hashes);
        for (String hash : hashes) {
          rtorrent.call("d.erase", hash);
        }
        if (leecher && !deleted) {
          rtorrent.call(
              "execute.throw", "", "find", LabContract.DOWNLOADS_DIR, "-mindepth", "1", "-delete");
        }
        if (!rtorrent.hashes().isEmpty()) {
          throw new RtorrentException("it still has downloads");
        }
        reset.put(p.id(), p);
        return true;
      } catch (RtorrentException | RuntimeException e) {
        if (!erasing) {
          return false;
        }
        // half reset: started again at once, under its lock, so that a release meanwhile cannot
        // leave it running with nothing loaded; its entrypoint then drops the rest and waits
        restart(List.of(p));
        return true;
      }
    }
  }

  /**
   * Has {@code rtorrent} delete every file of its downloads {@code hashes} itself, without starting
   * a process (each costs milliseconds of CPU here): each download is stopped and its files closed,
   * then each file is made the download's "tied" file and {@code d.delete_tied} unlinks it. False,
   * having deleted nothing, if a file lies outside the downloads directory.
   */
  private static boolean deleteFiles(RtorrentClient rtorrent, List<String> hashes)
      throws RtorrentException {
    Map<String, List<String>> files = new java.util.LinkedHashMap<>();
    for (String hash : hashes) {
      List<String> paths = rtorrent.filePaths(hash);
      for (String path : paths) {
        if (!path.startsWith(LabContract.DOWNLOADS_DIR + "/")
            || !Path.of(path).normalize().toString().equals(path)) {
          return false;
        }
      }
      files.put(hash, paths);
    }
    for (var e : files.entrySet()) {
      // stopped and closed first: rtorrent opens a file again to write to it, and would make it
      // anew
      rtorrent.call("d.stop", e.getKey());
      rtorrent.call("d.close", e.getKey());
      for (String path : e.getValue()) {
        rtorrent.call("d.tied_to_file.set", e.getKey(), path);
        rtorrent.call("d.delete_tied", e.getKey());
      }
    }
    return true;
  }

  /** Starts the containers of {@code peers} again: each entrypoint finds the rerun waiting. */
  private void restart(List<ContainerInfo> peers) {
    PerPeer.apply(
        peers,
        AT_ONCE,
        p -> {
          restarted.add(SwarmMonitor.peerName(p));
          try {
            engine.act(p.id(), ContainerAction.RESTART);
          } catch (RuntimeException e) {
            // told apart while waiting: not stopped
          }
          return null;
        },
        (name, why) -> null);
  }

  /** Waits until every peer is reset in place or says it stopped; see {@link #stop}. */
  private void awaitStopped() {
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    Set<String> again = new HashSet<>();
    // the peers' word is a file each: looked at every POLL; the engine is asked again only once a
    // second (a peer started again may have another address), and before the last word
    List<ContainerInfo> now = SwarmMonitor.peers(engine.list(project));
    long listed = System.nanoTime();
    while (true) {
      if (released) {
        throw new LabFailedException("interrupted");
      }
      List<ContainerInfo> waiting = now.stream().filter(p -> !stopped(p)).toList();
      if (waiting.isEmpty()) {
        now = SwarmMonitor.peers(engine.list(project));
        listed = System.nanoTime();
        if (now.stream().allMatch(this::stopped)) {
          return;
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
        // a peer that did not stop, or came back without saying so: its container starts anew
        stuck.forEach(p -> again.add(p.id()));
        restart(stuck);
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
   * The peers started again from their containers (not running, or not reset in place), by name:
   * each has a new network namespace, which a link it had been given must be shaped in again.
   */
  public List<String> restarted() {
    synchronized (restarted) {
      return List.copyOf(restarted);
    }
  }

  /** Whether {@code p} has an address on the lab's network: one not running has none. */
  private static boolean hasAddress(ContainerInfo p) {
    return p.ipAddress() != null && !p.ipAddress().isBlank();
  }

  private boolean stopped(ContainerInfo p) {
    return reset.containsKey(p.id())
        || (p.running()
            && hasAddress(p)
            && Files.exists(
                controlDir.resolve(LabContract.stoppedName(p.ipAddress())),
                LinkOption.NOFOLLOW_LINKS));
  }

  private Object lock(ContainerInfo p) {
    return locks.computeIfAbsent(p.id(), id -> new Object());
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
    begin(List.copyOf(reset.values()), go.rates());
  }

  /**
   * As {@link #go}, but a wave of peers at a time, {@code every} apart: the peers of {@code waves}'
   * first list at once, then those of the next, and so on; any peer in none of them goes with the
   * last. With {@code every} zero, all at once, those reset in place begun in the waves' order (a
   * few at a time: seeders that go first have their torrents loaded before most leechers ask the
   * tracker for peers).
   */
  public void goInWaves(Go go, List<List<ContainerInfo>> waves, Duration every) {
    write(go.line("stop"));
    // a wave does not wait for the one before to have begun: a peer slow to answer delays only
    // those that queue behind it
    ExecutorService beginning = Executors.newFixedThreadPool(AT_ONCE);
    try {
      long start = System.nanoTime();
      for (int i = 0; i < waves.size(); i++) {
        if (i > 0) {
          sleep(Duration.ofNanos(start + i * every.toNanos() - System.nanoTime()));
        }
        for (ContainerInfo p : waves.get(i)) {
          if (reset.containsKey(p.id())) {
            beginning.execute(() -> begin(p, go.rates()));
          } else if (restarted.contains(SwarmMonitor.peerName(p)) && hasAddress(p)) {
            touch(controlDir.resolve(LabContract.goName(p.ipAddress())));
          }
        }
      }
      beginning.shutdown();
      if (!beginning.awaitTermination(
          CALL_WAIT.multipliedBy(8).toMillis(), TimeUnit.MILLISECONDS)) {
        throw new LabFailedException("the peers did not begin the run in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabFailedException("interrupted");
    } finally {
      beginning.shutdownNow();
    }
    go(go);
  }

  private void begin(List<ContainerInfo> peers, RateLimits rates) {
    PerPeer.apply(
        peers,
        AT_ONCE,
        p -> {
          begin(p, rates);
          return null;
        },
        (name, why) -> null);
  }

  /**
   * Begins a run in peer {@code p}, reset in place and not begun since (else nothing): its role's
   * {@code rates} (null: as they are), a new block log, a {@code peer} line in its peer file, and
   * the torrents. A peer that fails any of it is started again from its container, and goes as the
   * rerun file says.
   */
  private void begin(ContainerInfo p, RateLimits rates) {
    synchronized (lock(p)) {
      if (reset.remove(p.id()) == null) {
        return;
      }
      Path peerFile = controlDir.resolve(LabContract.peerFileName(p.ipAddress()));
      RtorrentClient rtorrent = null;
      boolean loading = false;
      try {
        rtorrent = new RtorrentClient(SwarmMonitor.socket(p), CALL_WAIT);
        if (rates != null) {
          boolean seeder = p.service().equals(LabContract.SEEDER);
          rtorrent.call(
              "throttle.global_up.max_rate.set", "", seeder ? rates.seederUp() : rates.leecherUp());
          rtorrent.call(
              "throttle.global_down.max_rate.set",
              "",
              seeder ? rates.seederDown() : rates.leecherDown());
        }
        String log = LabContract.blockLogName(p.ipAddress());
        setAside(controlDir.resolve(log));
        rtorrent.call(
            "log.open_file",
            "",
            LabContract.BLOCK_LOG_OUTPUT,
            LabContract.CONTROL_MOUNT + "/" + log);
        // the peer file is noted here rather than by the peer's scripts, as its entrypoint and
        // rtorrent.rc do when the container starts: each process rtorrent starts costs more than
        // all these calls together
        rtorrent.call("method.set_key", "", "event.download.inserted", LabContract.PEER_FILE_HOOK);
        String host = String.valueOf(rtorrent.call("system.hostname", ""));
        create(peerFile, SwarmMonitor.socket(p));
        append(peerFile, List.of(new PeerFile.Start(epochNow(), host, p.service()).line()));
        Map<String, byte[]> shared = torrents(p);
        for (byte[] torrent : shared.values()) {
          if (torrent.length > MAX_RAW_TORRENT) {
            throw new RtorrentException("a torrent is too big to load over SCGI");
          }
          loading = true;
          rtorrent.call("load.raw_start", "", torrent);
        }
        append(
            peerFile,
            awaitLoaded(rtorrent, shared.size()).stream().map(PeerFile.Torrent::line).toList());
        loading = false;
        hookAgain(rtorrent);
      } catch (RtorrentException | RuntimeException e) {
        if (loading && rtorrent != null) {
          // what it loaded ran under its own ids until its container stops: noted, so that the
          // blocks it sent meanwhile are told apart
          try {
            append(
                peerFile,
                rtorrent.loaded(epochNow()).stream().map(PeerFile.Torrent::line).toList());
          } catch (RtorrentException | RuntimeException notNoted) {
            // its blocks count as from an unknown peer
          }
        }
        // its container starts again, and goes as the rerun file says (or at once, its own
        // file says, while the file still lets peers go one by one)
        try {
          touch(controlDir.resolve(LabContract.goName(p.ipAddress())));
        } catch (RuntimeException notWritten) {
          // it goes with the others
        }
        restart(List.of(p));
      }
    }
  }

  /**
   * Sets the peer-file hook of {@code rtorrent} again, for what it loads from now on (from Flood,
   * say). rtorrent fires {@code event.download.inserted} as it adds a download, before the download
   * is listed: once the run's torrents are all listed, none of them can run it. A peer that does
   * not take it runs the run all the same, only what it loads later is not noted.
   */
  private static void hookAgain(RtorrentClient rtorrent) {
    try {
      rtorrent.call(
          "method.set_key",
          "",
          "event.download.inserted",
          LabContract.PEER_FILE_HOOK,
          LabContract.PEER_FILE_HOOK_COMMAND);
    } catch (RtorrentException | RuntimeException e) {
      // not worth starting a peer again that has begun the run
    }
  }

  /**
   * The torrents {@code rtorrent} has once it has all {@code count} loaded (rtorrent adds a torrent
   * it is sent on its next turn, after the call returns).
   */
  private static List<PeerFile.Torrent> awaitLoaded(RtorrentClient rtorrent, int count)
      throws RtorrentException {
    long deadline = System.nanoTime() + CALL_WAIT.toNanos();
    while (true) {
      List<PeerFile.Torrent> loaded = rtorrent.loaded(epochNow());
      if (loaded.size() >= count) {
        return loaded;
      }
      if (System.nanoTime() > deadline) {
        throw new RtorrentException(
            "it has " + loaded.size() + " of " + count + " torrents after " + CALL_WAIT);
      }
      sleep(LOAD_POLL);
    }
  }

  private static final Duration LOAD_POLL = Duration.ofMillis(20);

  private static long epochNow() {
    return Instant.now().getEpochSecond();
  }

  /**
   * Creates peer file {@code file}, unless it exists (the run before's went to its run record), as
   * the peer would: readable by its owner only, and owned as the peer's socket {@code like} is (a
   * peer started again later appends to it; when swarmlab runs as root the peers do not). It is
   * made aside and linked into place only once it is so, never replacing one there.
   */
  private static void create(Path file, Path like) throws RtorrentException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path tmp = null;
    try {
      Object uid = Files.getAttribute(like, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      Object gid = Files.getAttribute(like, "unix:gid", LinkOption.NOFOLLOW_LINKS);
      tmp =
          Files.createTempFile(
              file.getParent(),
              ".peer",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      if (!uid.equals(Files.getAttribute(tmp, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
        Files.setAttribute(tmp, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      }
      if (!gid.equals(Files.getAttribute(tmp, "unix:gid", LinkOption.NOFOLLOW_LINKS))) {
        Files.setAttribute(tmp, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      }
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException e) {
      // written meanwhile
    } catch (IOException | RuntimeException e) {
      throw new RtorrentException("cannot write " + file + ": " + e.getMessage());
    } finally {
      if (tmp != null) {
        deleteQuietly(tmp);
      }
    }
  }

  /**
   * Appends {@code lines} to peer file {@code file} in one write. One that is not a regular file is
   * not written (the peer is then started again, and writes its own): a link is not followed, and
   * one that became a pipe is not waited on (it is opened for reading too, and cannot seek).
   */
  private static void append(Path file, List<String> lines) throws RtorrentException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new RtorrentException(file + " is not a peer file");
    }
    StringBuilder text = new StringBuilder();
    lines.forEach(l -> text.append(l).append('\n'));
    try (FileChannel out =
        FileChannel.open(
            file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      out.position(out.size());
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new RtorrentException("cannot write " + file + ": " + e.getMessage());
    }
  }

  /**
   * Sets a peer's block log aside, as its entrypoint does when rtorrent starts: named after the
   * time it is set aside, in nanoseconds. One that is a link is removed.
   */
  private static void setAside(Path log) throws RtorrentException {
    try {
      if (Files.isSymbolicLink(log)) {
        Files.delete(log);
      } else if (Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
        Instant now = Instant.now();
        Files.move(
            log,
            log.resolveSibling(
                log.getFileName() + "." + (now.getEpochSecond() * 1_000_000_000L + now.getNano())));
      }
    } catch (IOException e) {
      throw new RtorrentException("cannot set " + log + " aside: " + e.getMessage());
    }
  }

  /**
   * The torrents in the lab's torrents volume, read through peer {@code p} once (and failed once: a
   * volume that cannot be read is not asked again for each peer).
   */
  private synchronized Map<String, byte[]> torrents(ContainerInfo p) {
    if (torrentsFailed != null) {
      throw torrentsFailed;
    }
    if (torrents == null) {
      try {
        torrents =
            engine.readFiles(p.id(), LabContract.TORRENTS_MOUNT, ".torrent", MAX_TORRENT_BYTES);
      } catch (RuntimeException e) {
        torrentsFailed = e;
        throw e;
      }
    }
    return torrents;
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

  /**
   * Lets the peers start again as they were told before {@link #stop}: a peer reset in place
   * meanwhile begins the run before again, empty, with the rates it had.
   */
  public void release() {
    released = true;
    synchronized (this) {
      if (!settled) {
        if (before != null) {
          write(before);
        } else {
          deleteQuietly(controlDir.resolve(LabContract.RERUN_FILE));
        }
        settled = true;
      }
    }
    List<ContainerInfo> peers = new ArrayList<>(resetting);
    peers.addAll(reset.values());
    begin(peers, null);
  }

  private Optional<String> read() {
    return SwarmMonitor.rerunLine(controlDir);
  }

  /** Replaces the rerun file with {@code line}, readable by the peers whoever swarmlab runs as. */
  private synchronized void write(String line) {
    if (settled) {
      return;
    }
    settled = settled || line.startsWith("go ");
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
    if (d.isNegative()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabFailedException("interrupted");
    }
  }
}
