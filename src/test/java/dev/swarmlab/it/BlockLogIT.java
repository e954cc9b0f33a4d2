package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.BlockLog;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every peer writes rtorrent's block log into the lab's control directory from its first second; a
 * leecher's log accounts for every byte it downloaded, block by block, and names each sender by the
 * id that sender's rtorrent reports as its own for the torrent ({@code d.local_id}).
 */
class BlockLogIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project = "it-blocks-" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void aLeechersLogHasEveryBlockOfEveryTorrentOnceAndSeedersLogWhatTheySent() throws Exception {
    Cli up = Cli.run("up", "-p", project, "--leechers", "2", "--payload-size", "8MiB", "--wait");
    assertEquals(0, up.code(), up::toString);
    Map<String, Long> sizes = new HashMap<>();
    Cli status = Cli.run("status", "-p", project, "--json", "--torrents");
    for (JsonNode p : JSON.readTree(status.out()).get("peers")) {
      for (JsonNode t : p.get("torrents")) {
        sizes.put(t.get("hash").asText().toLowerCase(), t.get("sizeBytes").asLong());
      }
    }
    assertEquals(2, sizes.size(), status.out());
    Path control = Cli.stateDir().resolve(project).resolve(LabContract.CONTROL_DIR);
    // every peer's own id per torrent, as rtorrent reports it: the ids the logs name senders by
    Map<String, String> names = new HashMap<>(); // info-hash + "/" + peer id -> lab peer name
    for (Container c : Docker.containers(project)) {
      String service = c.getLabels().get("com.docker.compose.service");
      if (LabContract.PEERS.contains(service)) {
        String address =
            c.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
        String name = service + "-" + c.getLabels().get("com.docker.compose.container-number");
        new RtorrentClient(control.resolve(LabContract.socketName(address)), Duration.ofSeconds(5))
            .localIds()
            .forEach((hash, id) -> names.put(hash + "/" + id, name));
      }
    }
    assertEquals(8, names.size(), "4 peers x 2 torrents, each id its own: " + names);

    for (Container c : Docker.containers(project)) {
      String service = c.getLabels().get("com.docker.compose.service");
      if (!LabContract.PEERS.contains(service)) {
        continue;
      }
      String address =
          c.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
      Path log = control.resolve(LabContract.blockLogName(address));
      assertTrue(Files.isRegularFile(log), "no block log for " + service + " at " + log);
      List<BlockLog.Event> events = new ArrayList<>();
      BlockLog.read(log, events::add);
      if (service.equals(LabContract.SEEDER)) {
        // a seeder no leecher asked anything of has an empty log
        assertTrue(
            events.stream().allMatch(e -> e.direction() == BlockLog.Direction.UP),
            "a seeder only sends: " + log);
        continue;
      }
      assertFalse(events.isEmpty(), log.toString());
      for (Map.Entry<String, Long> torrent : sizes.entrySet()) {
        Set<String> blocks = new HashSet<>();
        Map<String, Long> bySender = new HashMap<>();
        long bytes = 0;
        int completed = 0;
        for (BlockLog.Event e : events) {
          if (e.receivedCompleted() && e.infoHash().equals(torrent.getKey())) {
            completed++;
            assertEquals(40, e.peerId().length(), e.toString());
            if (blocks.add(e.piece() + ":" + e.offset())) {
              bytes += e.length();
              String sender = names.get(e.infoHash() + "/" + e.peerId());
              assertTrue(sender != null, "a sender that is no lab peer: " + e);
              bySender.merge(sender, (long) e.length(), Long::sum);
            }
          }
        }
        assertEquals(blocks.size(), completed, "each block completed once: " + log);
        assertEquals(torrent.getValue(), bytes, "the blocks add up to the torrent: " + log);
        assertEquals(
            torrent.getValue(),
            bySender.values().stream().mapToLong(Long::longValue).sum(),
            "what each named sender sent adds up to the torrent: " + bySender);
      }
    }
  }
}
