package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmlab.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --scenario FILE --wait} on a real lab: each step runs when its time or the swarm's
 * progress comes, as its command would (a leecher throttled, a seeder killed at a fifth, a leecher
 * added, the limits lifted), the swarm completes, the last step verifies every peer's files, and
 * the run's record holds each step with its trigger.
 */
class ScenarioIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project = "it-scen-" + UUID.randomUUID().toString().substring(0, 8);
  private final LabProbe lab = new LabProbe(project);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void aScenarioBreaksTheLabOnCueAndTheSwarmStillCompletesWithEveryByte(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("story.yml");
    Files.writeString(
        file,
        """
        description: a slow start, a seeder lost, a newcomer, then full speed
        steps:
          - at: 1s
            throttle: {target: leecher-1, down: 256KiB}
          - when: {progress: 0.2}
            kill: seeder-1
          - at: 4s
            scale: {leechers: "+1"}
          - at: 6s
            throttle: {target: leecher, down: none}
          - at: 6s
            throttle: {target: seeder-2, up: none}
          - when: {progress: 1.0}
            verify: all
        """);
    Cli up =
        Cli.run(
            "up",
            "-p",
            project,
            "--seeders",
            "2",
            "--leechers",
            "2",
            "--payload-size",
            "32MiB",
            "--seeder-up-rate",
            "512KiB",
            "--scenario",
            file.toString(),
            "--wait",
            "--timeout",
            "5m");
    assertEquals(0, up.code(), up::toString);
    List<String> steps = up.out().lines().filter(l -> l.contains("  step ")).toList();
    assertEquals(6, steps.size(), up::toString);
    assertTrue(
        steps.get(0).matches(".*step 1, at 1s: throttle leecher-1 down .* → leecher-1: set"),
        steps.get(0));
    assertTrue(
        steps.stream().anyMatch(l -> l.matches(".*step 2, .*kill seeder-1 → seeder-1: exited")),
        up::toString);
    assertTrue(
        steps.stream()
            .anyMatch(l -> l.matches(".*step 3, .*scale leechers=\\+1 → 2 → 3 leechers.*")),
        up::toString);
    assertTrue(
        steps.get(5).matches(".*step 6, .*verify all → every file the same .*"), steps.get(5));

    JsonNode status = JSON.readTree(Cli.run("status", "-p", project, "--json").out());
    assertEquals(3, status.get("summary").get("leechersComplete").asInt(), status::toString);

    List<String> noted = new ArrayList<>();
    for (JsonNode e : lab.events()) {
      if (e.get("detail").has("trigger")) {
        noted.add(e.get("event").asText() + " " + e.get("detail").get("step").asInt());
      }
    }
    assertEquals(
        List.of("kill 2", "step 6", "throttle 1", "throttle 4", "throttle 5"),
        noted.stream().sorted().toList(),
        "each step noted with its trigger");
    assertTrue(lab.events().stream().anyMatch(e -> e.get("event").asText().equals("scale")));

    // the report marks them on its time axis
    Cli report = Cli.run("report", "-p", project, "--format", "json");
    assertEquals(0, report.code(), report::toString);
    List<String> marks = new ArrayList<>();
    JSON.readTree(report.out()).get("marks").forEach(m -> marks.add(m.get("label").asText()));
    assertTrue(marks.contains("kill seeder-1"), marks::toString);
    assertTrue(marks.contains("scale 2 → 3 leechers"), marks::toString);
    assertTrue(marks.contains("verify all"), marks::toString);
  }

  @Test
  void theShippedLeecherCrashPlaysOut() throws Exception {
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
            "32MiB",
            "--seeder-up-rate",
            "2MiB",
            "--scenario",
            "examples/leecher-crash.yml",
            "--wait",
            "--timeout",
            "5m");
    assertEquals(0, up.code(), up::toString);
    List<String> steps = up.out().lines().filter(l -> l.contains("  step ")).toList();
    assertEquals(3, steps.size(), up::toString);
    assertTrue(
        steps.get(0).endsWith("kill leecher-1 (leecher-1 crashes) → leecher-1: exited"),
        steps.get(0));
    assertTrue(
        steps.get(1).contains("restart leecher-1 (leecher-1 comes back) → leecher-1: running"),
        steps.get(1));
    assertTrue(steps.get(2).contains("verify all → every file the same"), steps.get(2));
  }
}
