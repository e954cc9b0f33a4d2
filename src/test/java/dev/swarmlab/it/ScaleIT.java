package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmlab.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code swarmlab scale} on a real lab mid-run: a leecher removed is gone and the rest go on; two
 * added start empty, join the swarm and complete; the compose file and the run's record say so;
 * down removes the added ones too.
 */
class ScaleIT {
  private final String project = "it-scale-" + UUID.randomUUID().toString().substring(0, 8);
  private final LabProbe lab = new LabProbe(project);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void leechersLeaveAndJoinARunningSwarmAndTheNewOnesComplete() throws Exception {
    Cli up =
        Cli.run(
            "up",
            "-p",
            project,
            "--seeders",
            "1",
            "--leechers",
            "3",
            "--payload-size",
            "16MiB",
            // slow enough that the swarm is still filling up while it is scaled
            "--seeder-up-rate",
            "256KiB");
    assertEquals(0, up.code(), up::toString);

    Cli less = Cli.run("scale", "-p", project, "leechers=-1");
    assertEquals(0, less.code(), less::toString);
    assertTrue(less.out().contains("3 → 2 leechers"), less::toString);
    assertTrue(less.out().contains("removed: leecher-3"), less::toString);
    assertEquals(List.of("leecher-1", "leecher-2"), leechers());
    assertTrue(
        Docker.containers(project).stream().noneMatch(c -> c.getNames()[0].endsWith("-leecher-3")),
        "leecher-3's container is gone");

    Cli more = Cli.run("scale", "-p", project, "leechers=+2");
    assertEquals(0, more.code(), more::toString);
    assertTrue(more.out().contains("2 → 4 leechers"), more::toString);
    // a number is never used twice in a run: leecher-3 stays the one that left
    assertTrue(more.out().contains("started: leecher-4, leecher-5"), more::toString);
    assertEquals(List.of("leecher-1", "leecher-2", "leecher-4", "leecher-5"), leechers());
    assertTrue(lab.summary().get("leechersComplete").asInt() < 4, "still filling up");

    Path compose = Cli.stateDir().resolve(project).resolve("docker-compose.yml");
    assertTrue(
        Files.readString(compose).matches("(?s).*\\n  leecher:\\n.*?replicas: 4\\n.*"),
        "the compose file says 4 leechers");
    assertEquals(2, lab.events("scale").size());

    Cli lift = Cli.run("throttle", "-p", project, "seeder", "--up", "none");
    assertEquals(0, lift.code(), lift::toString);
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (lab.summary().get("leechersComplete").asInt() < 4) {
      assertTrue(System.nanoTime() < deadline, "every leecher completes: " + lab.status());
      Thread.sleep(500);
    }

    Cli down = Cli.run("down", "-p", project);
    assertEquals(0, down.code(), down::toString);
    assertEquals(List.of(), Docker.containers(project));
  }

  private List<String> leechers() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode p : lab.status().get("peers")) {
      if (p.get("role").asText().equals("leecher")) {
        out.add(p.get("name").asText());
      }
    }
    return out;
  }
}
