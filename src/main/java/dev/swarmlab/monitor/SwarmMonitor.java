package dev.swarmlab.monitor;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.Connection;
import dev.swarmlab.rtorrent.PeerFile;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.rtorrent.RtorrentException;
import dev.swarmlab.rtorrent.TorrentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Polls every rtorrent of a lab at once (a bounded pool, one multicall per peer, a timeout per
 * peer) and makes a {@link SwarmSnapshot}. A peer that does not answer is reported as unreachable;
 * it never keeps the others from being reported.
 */
public final class SwarmMonitor implements AutoCloseable {

  private static final Set<String> ROLES = Set.copyOf(LabContract.PEERS);

  private final Engine engine;
  private final Duration peerTimeout;
  private final ExecutorService pool;

  /**
   * How far each peer's block logs have been read: a monitor that polls again reads what is new.
   */
  private final BlockTally blocks = new BlockTally();

  public SwarmMonitor(Engine engine, Duration peerTimeout) {
    this.engine = engine;
    this.peerTimeout = peerTimeout;
    this.pool =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "swarmlab-poll");
              t.setDaemon(true);
              return t;
            });
  }

  /** Every container of {@code project}, peers or not. Empty if there is no such lab. */
  public List<ContainerInfo> containers(String project) {
    return engine.list(project);
  }

  /** The peers among {@code containers}: seeders first, then leechers, by number. */
  public static List<ContainerInfo> peers(List<ContainerInfo> containers) {
    return containers.stream()
        .filter(c -> ROLES.contains(c.service()))
        .sorted(
            Comparator.comparing((ContainerInfo c) -> !c.service().equals(LabContract.SEEDER))
                .thenComparingInt(ContainerInfo::number))
        .toList();
  }

  /** Polls every peer of {@code project} once. */
  public SwarmSnapshot poll(String project, boolean withTorrents) {
    return poll(project, containers(project), withTorrents);
  }

  /**
   * Polls every peer of {@code project} once, with the exact bytes each running peer has kept from
   * each other peer ({@link #withReceivedFrom}): the snapshot of {@code status --json}.
   */
  public SwarmSnapshot pollWithReceivedFrom(String project) {
    List<ContainerInfo> containers = containers(project);
    return withReceivedFrom(poll(project, containers, false), containers);
  }

  /**
   * Polls lab {@code project} once for the dashboard: as {@link #pollWithReceivedFrom}, and each
   * running peer's torrents with which pieces it has ({@link TorrentStatus#pieces}).
   */
  public SwarmSnapshot pollWithPieces(String project) {
    List<ContainerInfo> containers = containers(project);
    return withReceivedFrom(poll(project, containers, true, true), containers);
  }

  /** Polls the peers among {@code containers} once. */
  public SwarmSnapshot poll(String project, List<ContainerInfo> containers, boolean withTorrents) {
    return poll(project, containers, withTorrents, false);
  }

  private SwarmSnapshot poll(
      String project, List<ContainerInfo> containers, boolean withTorrents, boolean withPieces) {
    CurrentRun run = currentRun(containers);
    List<ContainerInfo> peers = peers(containers);
    List<Future<Polled>> futures = new ArrayList<>();
    for (ContainerInfo c : peers) {
      futures.add(pool.submit(() -> polled(c, withPieces)));
    }
    List<Polled> polled = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      try {
        polled.add(futures.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        polled.add(Polled.unreachable(peers.get(i), "interrupted"));
      } catch (ExecutionException e) {
        polled.add(
            Polled.unreachable(peers.get(i), "polling it failed: " + e.getCause().getMessage()));
      }
    }
    Set<String> payload = seeded(polled);
    List<PeerStatus> out = new ArrayList<>();
    for (Polled p : polled) {
      out.add(
          p.status(
              run, withTorrents, p.c().service().equals(LabContract.LEECHER) ? payload : null));
    }
    return SwarmSnapshot.of(project, out);
  }

  /**
   * The lab's torrents, as its running seeders hold them; null if none answered with any. A leecher
   * is counted over these only: a torrent loaded besides (from Flood, say) is not the lab's payload
   * and no seeder has it, so it would keep that leecher from ever being complete.
   */
  static Set<String> seeded(List<Polled> polled) {
    Set<String> out = new HashSet<>();
    for (Polled p : polled) {
      if (p.c().service().equals(LabContract.SEEDER)) {
        p.torrents().forEach(t -> out.add(t.hash()));
      }
    }
    return out.isEmpty() ? null : out;
  }

  /** What a poll heard from one peer: its state, and its torrents if it answered. */
  record Polled(ContainerInfo c, String state, List<TorrentStatus> torrents, String error) {
    static Polled unreachable(ContainerInfo c, String reason) {
      return new Polled(c, PeerStatus.UNREACHABLE, List.of(), reason);
    }

    /** As a peer of {@code run}, counted over the torrents of {@code payload} (null: all). */
    PeerStatus status(CurrentRun run, boolean withTorrents, Set<String> payload) {
      return PeerStatus.of(
          c,
          state,
          torrents,
          error,
          state.equals(PeerStatus.UNREACHABLE) ? 0 : run.start(),
          run.shared(),
          withTorrents && !state.equals(PeerStatus.UNREACHABLE),
          payload);
    }
  }

  /**
   * One peer in detail: its torrents and, for each, its connections with remote peers named. The
   * torrents' connections are asked for all at once; the whole takes at most the peer timeout.
   *
   * @return empty if the lab has no peer named {@code name}
   */
  public Optional<PeerDetail> detail(List<ContainerInfo> containers, String name)
      throws RtorrentException {
    Optional<ContainerInfo> found =
        peers(containers).stream().filter(c -> peerName(c).equals(name)).findFirst();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ContainerInfo c = found.get();
    if (!c.running()) {
      return Optional.of(
          new PeerDetail(polled(c, false).status(currentRun(containers), false, null), List.of()));
    }
    long deadline = System.nanoTime() + peerTimeout.toNanos();
    // a leecher is counted over the torrents the seeders hold, as in a poll of the whole lab
    List<Future<List<TorrentStatus>>> seeders = new ArrayList<>();
    if (c.service().equals(LabContract.LEECHER)) {
      for (ContainerInfo s : peers(containers)) {
        if (s.service().equals(LabContract.SEEDER) && s.running()) {
          seeders.add(pool.submit(() -> client(s, deadline).torrents()));
        }
      }
    }
    List<TorrentStatus> loaded;
    List<PeerDetail.TorrentConnections> torrents = new ArrayList<>();
    Set<String> payload = new HashSet<>();
    try {
      loaded = client(c, deadline).torrents();
      Map<String, String> names = new HashMap<>();
      for (ContainerInfo other : containers) {
        if (other.ipAddress() != null) {
          names.put(other.ipAddress(), peerName(other));
        }
      }
      List<Future<List<Connection>>> asked = new ArrayList<>();
      for (TorrentStatus t : loaded) {
        asked.add(pool.submit(() -> client(c, deadline).connections(t.hash())));
      }
      try {
        for (int i = 0; i < loaded.size(); i++) {
          List<PeerDetail.Remote> remotes = new ArrayList<>();
          for (Connection conn : answer(asked.get(i), deadline)) {
            remotes.add(
                new PeerDetail.Remote(names.getOrDefault(conn.address(), conn.address()), conn));
          }
          remotes.sort(Comparator.comparing(PeerDetail.Remote::peer));
          torrents.add(new PeerDetail.TorrentConnections(loaded.get(i), remotes));
        }
      } finally {
        asked.forEach(f -> f.cancel(true));
      }
      // the seeders last: one slow to answer costs what the lab's torrents are, never the peer's
      // own answers
      for (Future<List<TorrentStatus>> s : seeders) {
        try {
          answer(s, deadline).forEach(t -> payload.add(t.hash()));
        } catch (RtorrentException e) {
          // a seeder that does not answer says nothing of the lab's torrents
        }
      }
    } finally {
      seeders.forEach(f -> f.cancel(true));
    }
    CurrentRun run = currentRun(containers);
    PeerStatus status =
        PeerStatus.of(
            c,
            "running",
            loaded,
            null,
            run.start(),
            run.shared(),
            false,
            payload.isEmpty() ? null : payload);
    // after the peer's answers, outside their deadline: read from the files, not the peer
    Optional<Path> dir = controlDir(containers);
    if (dir.isPresent()) {
      Map<String, String> byAddress = new HashMap<>();
      for (ContainerInfo other : peers(containers)) {
        if (other.ipAddress() != null) {
          byAddress.put(other.ipAddress(), peerName(other));
        }
      }
      status =
          status.withReceivedFrom(
              blocks
                  .receivedFrom(dir.get(), byAddress, List.of(name))
                  .getOrDefault(name, Map.of()));
    }
    return Optional.of(new PeerDetail(status, torrents));
  }

  /**
   * Which peer sent each piece peer {@code name} of {@code containers} has received, from its block
   * logs in the lab's control directory: those of all its starts, at whichever addresses.
   *
   * @return empty if the lab has no peer of that name, or it has left no peer file yet
   */
  public Optional<Provenance> provenance(List<ContainerInfo> containers, String name) {
    Map<String, String> names = new HashMap<>();
    boolean found = false;
    for (ContainerInfo c : peers(containers)) {
      if (c.ipAddress() != null) {
        names.put(c.ipAddress(), peerName(c));
        found |= peerName(c).equals(name);
      }
    }
    Optional<Path> dir = controlDir(containers);
    if (!found || dir.isEmpty()) {
      return Optional.empty();
    }
    Optional<BlockTally.Scan> scan = BlockTally.scan(dir.get(), names);
    if (scan.isEmpty() || !scan.get().torrents().containsKey(name)) {
      return Optional.empty();
    }
    BlockTally.Scan files = scan.get();
    return Optional.of(
        Provenance.read(
            name,
            new PeerFile(List.of(), files.torrents().get(name)),
            files.logs().getOrDefault(name, List.of()),
            files.byId()));
  }

  /** What {@code asked} returned, by {@code deadline}; its failure as the peer's. */
  private <T> T answer(Future<T> asked, long deadline) throws RtorrentException {
    try {
      return asked.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RtorrentException("no complete reply within " + peerTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RtorrentException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RtorrentException r) {
        throw r;
      }
      throw new RtorrentException("polling it failed: " + e.getCause().getMessage());
    }
  }

  /**
   * What the lab's tracker knows, from its full scrape, with torrents named as the peers name them;
   * the whole takes at most the peer timeout.
   */
  public List<TrackedTorrent> tracker(List<ContainerInfo> containers) throws java.io.IOException {
    return new TrackerScrape(pool, peerTimeout, this::client).read(containers);
  }

  /**
   * The lab's current run as the peers' numbers are read against it.
   *
   * @param start when it began, in epoch seconds
   * @param shared the torrents and bytes it shares, when a rerun said them; null: each peer's
   *     labels say
   */
  record CurrentRun(long start, LabContract.Shared shared) {}

  /**
   * The lab's current run: one that {@code swarmlab rerun} let go (the lab's rerun file says when,
   * and what it shares), or else the one its first container was created for.
   */
  static CurrentRun currentRun(List<ContainerInfo> containers) {
    long created = labStart(containers);
    Optional<String> line =
        peers(containers).stream()
            .map(c -> c.mountSource(LabContract.CONTROL_MOUNT))
            .flatMap(Optional::stream)
            .findFirst()
            .flatMap(dir -> rerunLine(Path.of(dir)));
    long rerun = line.map(LabContract::rerunStart).orElse(java.util.OptionalLong.empty()).orElse(0);
    return rerun > created
        ? new CurrentRun(rerun, line.flatMap(LabContract::rerunShared).orElse(null))
        : new CurrentRun(created, null);
  }

  /**
   * The first line of the rerun file in the lab's control directory {@code controlDir} ({@link
   * LabContract#RERUN_FILE}); empty if there is none, or it is not a regular file.
   */
  public static Optional<String> rerunLine(Path controlDir) {
    Path file = controlDir.resolve(LabContract.RERUN_FILE);
    if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try (var in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      String text = new String(in.readNBytes(200), java.nio.charset.StandardCharsets.US_ASCII);
      int nl = text.indexOf('\n');
      return Optional.of(nl < 0 ? text.strip() : text.substring(0, nl).strip());
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The lab started when its first container was created. */
  static long labStart(List<ContainerInfo> containers) {
    return containers.stream()
        .mapToLong(ContainerInfo::createdAt)
        .filter(t -> t > 0)
        .min()
        .orElse(0);
  }

  /** A peer's name in the lab: {@code SERVICE-N}. */
  public static String peerName(ContainerInfo c) {
    return c.service() + "-" + c.number();
  }

  /**
   * Where the lab's peers have their control sockets, if this machine can open them: the host
   * directory mounted at {@link LabContract#CONTROL_MOUNT} of its running peers. Empty when the lab
   * has no running peer.
   *
   * @throws BadInputException if the engine is not on this machine, or the peers' control directory
   *     is not a directory of this machine
   */
  public Optional<Path> controlDir(List<ContainerInfo> containers) {
    List<ContainerInfo> running =
        peers(containers).stream().filter(ContainerInfo::running).toList();
    if (running.isEmpty()) {
      return Optional.empty();
    }
    if (!engine.onThisMachine()) {
      throw new BadInputException(
          "the lab's peers are driven through unix sockets on the engine's machine, and the engine is not on this"
              + " machine; run swarmlab there (labs on other machines are not supported yet)");
    }
    Optional<String> dir = running.get(0).mountSource(LabContract.CONTROL_MOUNT);
    if (dir.isEmpty()) {
      throw new BadInputException(
          peerName(running.get(0))
              + " has no control directory mounted at "
              + LabContract.CONTROL_MOUNT
              + ": it was not started from a compose file of this swarmlab; run swarmlab down, then up");
    }
    if (!Files.isDirectory(Path.of(dir.get()))) {
      throw new BadInputException(
          "the peers' control directory "
              + dir.get()
              + " is not on this machine (is the engine rootless, or in a VM?)");
    }
    return Optional.of(Path.of(dir.get()));
  }

  /**
   * {@code s} with each running peer's exact bytes kept from each other peer so far ({@link
   * PeerStatus#receivedFrom}), read from the block logs in the lab's control directory.
   */
  public SwarmSnapshot withReceivedFrom(SwarmSnapshot s, List<ContainerInfo> containers) {
    Map<String, String> names = new HashMap<>(); // address -> peer name
    for (ContainerInfo c : peers(containers)) {
      if (c.ipAddress() != null) {
        names.put(c.ipAddress(), peerName(c));
      }
    }
    Optional<Path> dir = controlDir(containers);
    if (dir.isEmpty()) {
      return s;
    }
    // by name: a peer started again at another address is one peer over all its logs
    Set<String> withAddress = Set.copyOf(names.values());
    Map<String, Map<String, Long>> from = blocks.receivedFrom(dir.get(), names, withAddress);
    List<PeerStatus> peers = new ArrayList<>();
    for (PeerStatus p : s.peers()) {
      peers.add(
          withAddress.contains(p.name())
              ? p.withReceivedFrom(from.getOrDefault(p.name(), Map.of()))
              : p);
    }
    return new SwarmSnapshot(s.project(), peers, s.summary());
  }

  /** A client for the rtorrent of peer {@code c}, through its socket in its control directory. */
  private RtorrentClient client(ContainerInfo c) throws RtorrentException {
    return client(c, System.nanoTime() + peerTimeout.toNanos());
  }

  /** A client whose calls end by {@code deadline} ({@link System#nanoTime()}). */
  private RtorrentClient client(ContainerInfo c, long deadline) throws RtorrentException {
    Duration left = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    return new RtorrentClient(socket(c), left);
  }

  /**
   * Peer {@code c}'s SCGI socket: in the control directory mounted into it, named after its
   * address.
   *
   * @throws RtorrentException if it has no control directory or no address
   */
  public static Path socket(ContainerInfo c) throws RtorrentException {
    Optional<String> dir = c.mountSource(LabContract.CONTROL_MOUNT);
    if (dir.isEmpty()) {
      throw new RtorrentException(
          "no control directory is mounted at " + LabContract.CONTROL_MOUNT);
    }
    if (c.ipAddress() == null) {
      throw new RtorrentException("it has no address on the lab's network");
    }
    return Path.of(dir.get()).resolve(LabContract.socketName(c.ipAddress()));
  }

  private Polled polled(ContainerInfo c, boolean withPieces) {
    if (!c.running()) {
      return new Polled(c, c.state(), List.of(), null);
    }
    try {
      return new Polled(c, "running", client(c).torrents(withPieces), null);
    } catch (RtorrentException e) {
      return Polled.unreachable(c, e.getMessage());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
