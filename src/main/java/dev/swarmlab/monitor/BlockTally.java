package dev.swarmlab.monitor;

import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.BlockLog;
import dev.swarmlab.rtorrent.Lines;
import dev.swarmlab.rtorrent.PeerFile;
import dev.swarmlab.rtorrent.PeerStarts;
import dev.swarmlab.rtorrent.ReceivedBlocks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact bytes each peer has kept from each other peer so far, read from the block logs and peer
 * files in the lab's control directory: unlike a connection's totals, they stay true after the
 * connection closes. A peer is one per name: a peer started again, at another address or not, is
 * tallied over the logs of all its starts, and each sender is named by the start whose peer file
 * line lists its id (see {@link PeerStarts}).
 *
 * <p>One tally remembers how far it has read each peer's logs: asked again (the dashboard polls
 * it), it reads only what was written since, so a poll costs what the swarm logged in one interval,
 * not the whole run. A log that was replaced or cut, or a peer whose logs are no longer those read
 * before and more, is read again from the start.
 */
final class BlockTally {
  /** The most read of one log at a time: a peer's log grows by kilobytes a second. */
  private static final int MAX_CHUNK = 64 << 20;

  /** What has been read of one peer's logs. */
  private static final class PeerState {
    List<Path> logs = List.of(); // the logs read, in order
    final Map<Path, Long> offsets = new HashMap<>(); // log -> bytes read (whole lines)
    final Map<Path, Object> fileKeys = new HashMap<>(); // log -> its inode, to see it replaced
    final Map<String, Long> keptById = new HashMap<>(); // sender id -> bytes kept
    final ReceivedBlocks blocks =
        new ReceivedBlocks(
            (e, duplicate) -> {
              if (!duplicate) {
                keptById.merge(e.peerId(), (long) e.length(), Long::sum);
              }
            });
  }

  private final Map<String, PeerState> peers = new ConcurrentHashMap<>(); // by name

  /**
   * For each of {@code peers}: the bytes it kept from each peer, by name.
   *
   * @param names the lab's name of each peer, by its address now
   * @param peers the names of the peers asked about
   */
  Map<String, Map<String, Long>> receivedFrom(
      Path controlDir, Map<String, String> names, Collection<String> peers) {
    Optional<Scan> scanned = scan(controlDir, names);
    if (scanned.isEmpty()) {
      return Map.of();
    }
    Map<String, String> byId = scanned.get().byId();
    Map<String, List<Path>> logs = scanned.get().logs();
    // each peer's logs on their own: the machine's cores share the reading
    Map<String, Map<String, Long>> out = new ConcurrentHashMap<>();
    peers.parallelStream()
        .forEach(
            name -> {
              PeerState state = read(name, logs.getOrDefault(name, List.of()));
              Map<String, Long> from = new TreeMap<>();
              synchronized (state) {
                state.keptById.forEach(
                    (id, bytes) ->
                        from.merge(byId.getOrDefault(id, unknownSender(id)), bytes, Long::sum));
              }
              out.put(name, from);
            });
    return out;
  }

  /**
   * What the control directory holds, by peer name.
   *
   * @param byId each peer id a peer file lists: the lab's name of the peer that used it
   * @param logs each peer's block logs, its earlier starts' first
   * @param torrents each peer's torrents, as its peer files list them; a peer that left no peer
   *     file is not here
   */
  record Scan(
      Map<String, String> byId,
      Map<String, List<Path>> logs,
      Map<String, List<PeerFile.Torrent>> torrents) {}

  /**
   * Lists the control directory's block logs and reads its peer files.
   *
   * @param names the lab's name of each peer, by its address now
   * @return empty if the directory cannot be read
   */
  static Optional<Scan> scan(Path controlDir, Map<String, String> names) {
    Map<String, List<Path>> logs = new HashMap<>();
    Map<String, PeerFile> peerFiles = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(controlDir)) {
      for (Path f : files) {
        String file = f.getFileName().toString();
        String address = LabContract.addressOf(file);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (LabContract.isPeerFile(file)) {
          try {
            peerFiles.put(address, PeerFile.read(f));
          } catch (IOException e) {
            // its logs and senders are named as if it had none
          }
        } else if (LabContract.isBlockLog(file)) {
          logs.computeIfAbsent(address, a -> new ArrayList<>()).add(f);
        }
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
      return Optional.empty();
    }
    Map<String, PeerStarts.Files<Path>> byAddress = new HashMap<>();
    peerFiles.forEach((a, pf) -> byAddress.put(a, new PeerStarts.Files<>(pf, List.of())));
    logs.forEach(
        (address, own) -> {
          own.sort(
              Comparator.comparing(l -> LabContract.blockLogOrder(l.getFileName().toString())));
          byAddress.put(address, new PeerStarts.Files<>(peerFiles.get(address), own));
        });
    // the names are of the containers at their addresses now: each address's last start
    List<PeerStarts.Start<Path>> starts =
        PeerStarts.read(byAddress, names, PeerStarts.NamesOf.LAST_STARTS, BlockTally::firstEpoch);
    Map<String, String> byId = new HashMap<>();
    Map<String, List<PeerFile.Torrent>> torrents = new HashMap<>();
    for (PeerStarts.Start<Path> s : starts) {
      s.torrents().forEach(t -> byId.put(t.localId(), s.name()));
      if (peerFiles.containsKey(s.address())) {
        torrents.computeIfAbsent(s.name(), n -> new ArrayList<>());
      }
    }
    Map<String, List<Path>> byName = new HashMap<>();
    PeerStarts.byName(starts)
        .forEach(
            (name, own) -> {
              byName.put(name, own.stream().flatMap(s -> s.logs().stream()).toList());
              if (torrents.containsKey(name)) {
                own.forEach(s -> torrents.get(name).addAll(s.torrents()));
              }
            });
    return Optional.of(new Scan(byId, byName, torrents));
  }

  /** The time of the first event of {@code log}; -1 if none, or it cannot be read. */
  private static long firstEpoch(Path log) {
    try (InputStream in = Lines.open(log)) {
      return BlockLog.firstEpoch(in);
    } catch (IOException e) {
      return -1;
    }
  }

  /** How the logs name a sender no peer file lists. */
  static String unknownSender(String id) {
    return "peer " + id.substring(Math.min(16, id.length()));
  }

  /** Reads what is new in the logs {@code sorted} of peer {@code name}, in that order. */
  private PeerState read(String name, List<Path> sorted) {
    PeerState state = peers.computeIfAbsent(name, a -> new PeerState());
    synchronized (state) {
      if (!sorted.subList(0, Math.min(sorted.size(), state.logs.size())).equals(state.logs)) {
        // its logs are no longer those read and more (one renamed, or found to be another's)
        peers.remove(name);
        return read(name, sorted);
      }
      for (Path log : sorted) {
        Object key;
        long size;
        try {
          BasicFileAttributes a =
              Files.readAttributes(log, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          key = a.fileKey();
          size = a.size();
        } catch (IOException e) {
          continue;
        }
        long offset = state.offsets.getOrDefault(log, 0L);
        if (state.fileKeys.containsKey(log)
            && (!Objects.equals(state.fileKeys.get(log), key) || size < offset)) {
          // replaced or cut: everything is read again
          peers.remove(name);
          return read(name, sorted);
        }
        state.fileKeys.put(log, key);
        if (size > offset) {
          state.offsets.put(log, offset + readLines(log, offset, state.blocks));
        }
      }
      state.logs = List.copyOf(sorted);
    }
    return state;
  }

  /**
   * Feeds the whole lines of {@code log} from {@code offset} on to {@code blocks}; returns the
   * bytes consumed (a line being written is left for the next read).
   */
  private static long readLines(Path log, long offset, ReceivedBlocks blocks) {
    long consumed = 0;
    try (InputStream in = Lines.open(log)) {
      in.skipNBytes(offset);
      byte[] chunk = in.readNBytes(MAX_CHUNK);
      int end = chunk.length;
      while (end > 0 && chunk[end - 1] != '\n') {
        end--;
      }
      if (end == 0 && chunk.length == MAX_CHUNK) {
        return chunk.length; // no line end in all that: not a log line, passed over
      }
      if (end > 0) {
        BlockLog.read(new ByteArrayInputStream(chunk, 0, end), blocks);
      }
      consumed = end;
    } catch (IOException e) {
      // nothing new this time
    }
    return consumed;
  }
}
