package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.swarmlab.engine.Labels;
import dev.swarmlab.testing.Cli;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The compose file swarmlab writes is a real compose file: Debian's docker-compose 1.29 starts a
 * lab from it that transfers, that {@code swarmlab status} reads, and that {@code swarmlab down}
 * removes whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project = "it-compose-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aLabStartedByDockerComposeFromTheFileIsSeenAndRemovedBySwarmlab() throws Exception {
    Cli up = Cli.run("up", "-p", project, "--leechers", "2", "--payload-size", "4MiB");
    assertEquals(0, up.code(), up::toString);
    // Keep the file and the payload, remove the containers: docker-compose starts the lab again.
    assertEquals(0, Cli.run("down", "-p", project, "--volumes").code());
    assertEquals(0, Docker.containers(project).size());

    Path dir = Cli.stateDir().resolve(project);
    String composeUp = compose(dir, "up", "-d");

    JsonNode summary = null;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      Cli status = Cli.run("status", "-p", project, "--json");
      if (status.code() == 0) {
        summary = JSON.readTree(status.out()).get("summary");
        if (summary.get("leechersComplete").asInt() == 2) {
          break;
        }
      }
      Thread.sleep(1000);
    }
    if (summary == null || summary.get("leechersComplete").asInt() != 2) {
      fail(
          "the docker-compose lab did not complete: "
              + summary
              + "\n"
              + composeUp
              + "\n"
              + Cli.run("status", "-p", project, "--torrents")
              + "\n"
              + Cli.run("status", "-p", project, "--tracker")
              + "\n"
              + compose(dir, "logs", "--no-color", "--tail", "40"));
    }

    List<Container> started = byComposeLabel();
    assertEquals(
        6,
        started.size(),
        "the finished torrent job, tracker, 2 seeders, 2 leechers (no Flood: a profile)");
    for (Container c : started) {
      for (ContainerPort p : c.getPorts()) {
        if (p.getPublicPort() != null) {
          assertEquals(
              "127.0.0.1", p.getIp(), c.getNames()[0] + " publishes " + p.getPrivatePort());
        }
      }
    }

    Cli down = Cli.run("down", "-p", project, "--volumes", "--purge");
    assertEquals(0, down.code(), down::toString);
    assertEquals(0, byComposeLabel().size(), "containers left");
    assertEquals(
        0,
        Docker.client()
            .listNetworksCmd()
            .withFilter("label", List.of(Labels.PROJECT + "=" + project))
            .exec()
            .size(),
        "networks left");
    var volumes =
        Docker.client()
            .listVolumesCmd()
            .withFilter("label", List.of(Labels.PROJECT + "=" + project))
            .exec()
            .getVolumes();
    assertEquals(0, volumes == null ? 0 : volumes.size(), "volumes left");
  }

  /** Everything docker compose counts as the project's, whoever labelled it. */
  private List<Container> byComposeLabel() {
    return Docker.client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.PROJECT, project))
        .exec();
  }

  private String compose(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("docker-compose", "-p", project));
    command.addAll(List.of(args));
    Path log = java.nio.file.Files.createTempFile("docker-compose", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("COMPOSE_HTTP_TIMEOUT", "300");
    Process p = pb.start();
    boolean finished = p.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = java.nio.file.Files.readString(log);
    java.nio.file.Files.deleteIfExists(log);
    assertTrue(finished, "docker-compose did not finish:\n" + output);
    assertEquals(0, p.exitValue(), "docker-compose " + String.join(" ", args) + ":\n" + output);
    return output;
  }

  @AfterAll
  void cleanUp() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }
}
