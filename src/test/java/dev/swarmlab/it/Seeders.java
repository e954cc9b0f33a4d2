package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.rtorrent.RtorrentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Slowing a lab's seeders through their own rtorrent, so its swarm is caught mid-run. */
final class Seeders {
  private Seeders() {}

  /**
   * Sets the upload limit of the {@code count} seeders of lab {@code project} to {@code kib} KiB/s
   * (0: none) as soon as each answers on its socket; waits at most three minutes for them to be
   * created. Each seeder is found by its address, as swarmlab finds it.
   *
   * @return the seeders' clients, to change the limit again
   */
  static List<RtorrentClient> throttle(String project, int count, int kib) throws Exception {
    Path control =
        dev.swarmlab.testing.Cli.stateDir().resolve(project).resolve(LabContract.CONTROL_DIR);
    List<Path> sockets = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (sockets.size() < count && System.nanoTime() < deadline) {
      sockets.clear();
      for (Container c : Docker.containers(project)) {
        if ("seeder".equals(c.getLabels().get("com.docker.compose.service"))
            && c.getNetworkSettings() != null
            && !c.getNetworkSettings().getNetworks().isEmpty()) {
          String address =
              c.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
          if (address != null && !address.isEmpty()) {
            Path s = control.resolve(LabContract.socketName(address));
            if (Files.exists(s)) {
              sockets.add(s);
            }
          }
        }
      }
      Thread.sleep(20);
    }
    assertTrue(sockets.size() >= count, "seeders' sockets found: " + sockets);
    List<RtorrentClient> clients = new ArrayList<>();
    for (Path socket : sockets) {
      RtorrentClient seeder = new RtorrentClient(socket, Duration.ofSeconds(5));
      limit(seeder, kib);
      clients.add(seeder);
    }
    return clients;
  }

  /** Sets {@code seeder}'s upload limit, retrying while its rtorrent does not answer yet. */
  static void limit(RtorrentClient seeder, int kib) throws Exception {
    for (int i = 0; ; i++) {
      try {
        seeder.call("throttle.global_up.max_rate.set_kb", "", kib);
        return;
      } catch (RtorrentException e) {
        if (i > 200) {
          throw e;
        }
        Thread.sleep(20); // rtorrent opens its socket before it answers on it
      }
    }
  }
}
