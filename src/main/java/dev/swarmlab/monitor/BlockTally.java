package dev.swarmlab.monitor;

import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.BlockLog;
import dev.swarmlab.rtorrent.PeerFile;
import dev.swarmlab.rtorrent.ReceivedBlocks;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact bytes each peer has kept from each other peer so far, read from the block logs and peer
 * files in the lab's control directory: unlike a connection's totals, they stay true after the
 * connection closes. Each sender is named by the peer file that lists its id.
 */
final class BlockTally {
  private BlockTally() {}

  /**
   * For each of {@code addresses}: the bytes it kept from each peer, by name.
   *
   * @param names the lab's name of each peer, by address
   */
  static Map<String, Map<String, Long>> receivedFrom(
      Path controlDir, Map<String, String> names, Collection<String> addresses) {
    Map<String, String> byId = new HashMap<>();
    Map<String, List<Path>> logs = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(controlDir)) {
      for (Path f : files) {
        String file = f.getFileName().toString();
        String address = LabContract.addressOf(file);
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        if (file.equals(LabContract.peerFileName(address))) {
          PeerFile pf = PeerFile.read(f);
          String name =
              names.getOrDefault(address, pf.hostName().isEmpty() ? address : pf.hostName());
          pf.torrents().forEach(t -> byId.put(t.localId(), name));
        } else if (LabContract.isBlockLog(file)) {
          logs.computeIfAbsent(address, a -> new ArrayList<>()).add(f);
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    // each peer's logs on their own: the machine's cores share the reading
    Map<String, Map<String, Long>> out = new java.util.concurrent.ConcurrentHashMap<>();
    addresses.parallelStream()
        .forEach(
            address ->
                out.put(address, tally(logs.getOrDefault(address, List.of()), address, byId)));
    return out;
  }

  /** The bytes kept from each sender, by name, in the logs {@code own} of peer {@code address}. */
  private static Map<String, Long> tally(List<Path> own, String address, Map<String, String> byId) {
    List<Path> sorted = new ArrayList<>(own);
    // earlier starts' logs (NAME.NANOS) first, then the current one
    sorted.sort(
        java.util.Comparator.comparing(
                (Path l) -> l.getFileName().toString().equals(LabContract.blockLogName(address)))
            .thenComparing(Path::toString));
    Map<String, Long> from = new TreeMap<>();
    ReceivedBlocks blocks =
        new ReceivedBlocks(
            (e, duplicate) -> {
              if (!duplicate) {
                String sender = byId.getOrDefault(e.peerId(), "peer " + e.peerId().substring(16));
                from.merge(sender, (long) e.length(), Long::sum);
              }
            });
    for (Path log : sorted) {
      try {
        BlockLog.read(log, blocks);
      } catch (IOException e) {
        // a log that cannot be read adds nothing
      }
    }
    return from;
  }
}
