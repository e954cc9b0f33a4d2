package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.swarmlab.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data}: the user's own file is shared read-only and arrives intact. */
class UserDataIT {

  @Test
  void aUserFileIsSharedAndArrivesIntact(@TempDir Path dir) throws Exception {
    String project = "it-data-" + UUID.randomUUID().toString().substring(0, 8);
    Path file = dir.resolve("lecture notes.bin");
    byte[] bytes = new byte[3 << 20];
    new Random(42).nextBytes(bytes);
    Files.write(file, bytes);
    String before = LabIT.sha256(file);
    try {
      Cli up =
          Cli.run(
              "up",
              "-p",
              project,
              "--seeders",
              "1",
              "--leechers",
              "2",
              "--data",
              file.toString(),
              "--wait",
              "--verify",
              "--timeout",
              "3m");
      assertEquals(0, up.code(), up::toString);
      // --verify: each peer's copy hashed against the manifest the torrent job wrote
      for (String peer : new String[] {"seeder-1", "leecher-1", "leecher-2"}) {
        assertTrue(up.out().lines().anyMatch(l -> l.equals(peer + ": 1 file ok")), up::toString);
      }
      for (Container c : Docker.containers(project)) {
        if ("leecher".equals(c.getLabels().get("com.docker.compose.service"))) {
          String sum = Docker.exec(c.getId(), "sha256sum", "/downloads/lecture notes.bin");
          assertTrue(sum.startsWith(before + " "), c.getNames()[0] + ": " + sum);
        }
      }
      assertEquals(before, LabIT.sha256(file), "the user's file is unchanged");
    } finally {
      Cli.run("down", "-p", project, "--volumes", "--purge");
    }
    assertTrue(Files.exists(file), "down deletes nothing the user owns");
  }

  @Test
  void aWaitThatTimesOutPrintsTheTableAndExits1() {
    String project = "it-timeout-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      Cli up =
          Cli.run(
              "up",
              "-p",
              project,
              "--seeders",
              "1",
              "--leechers",
              "1",
              "--payload-size",
              "256MiB",
              "--wait",
              "--timeout",
              "1ms");
      assertEquals(1, up.code(), up::toString);
      assertTrue(
          up.out().contains("PEER") && up.out().contains("leecher-1"),
          "status table printed: " + up);
      assertTrue(up.err().contains("--wait timed out"), up::toString);
      assertEquals(
          4, Docker.containers(project).size(), "a timed-out wait leaves the lab up to inspect");
    } finally {
      Cli.run("down", "-p", project, "--volumes", "--purge");
    }
  }
}
