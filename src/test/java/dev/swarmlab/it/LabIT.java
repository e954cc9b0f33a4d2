package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.testing.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole path on a real engine: {@code up --wait} with 3 leechers, every leecher's files equal
 * to the source, {@code status --json} at 100%, and {@code down} leaving nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project = "it-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  @Order(1)
  void upWaitsUntilEveryLeecherHasThePayload() {
    Cli up =
        Cli.run(
            "up",
            "-p",
            project,
            "--leechers",
            "3",
            "--payload-size",
            "16MiB",
            "--parallel",
            "1",
            "--wait",
            "--timeout",
            "5m");
    assertEquals(0, up.code(), up::toString);
    assertTrue(up.out().contains("leechers complete 3/3"), up::toString);
  }

  @Test
  @Order(2)
  void withParallel1EachLeecherIsCreatedOnlyOnceThePreviousOneHasStarted() {
    List<InspectContainerResponse> leechers =
        Docker.containers(project).stream()
            .filter(c -> "leecher".equals(c.getLabels().get("com.docker.compose.service")))
            .map(c -> Docker.client().inspectContainerCmd(c.getId()).exec())
            .sorted(Comparator.comparing(i -> Instant.parse(i.getCreated())))
            .toList();
    assertEquals(3, leechers.size());
    for (int i = 1; i < leechers.size(); i++) {
      Instant started = Instant.parse(leechers.get(i - 1).getState().getStartedAt());
      Instant created = Instant.parse(leechers.get(i).getCreated());
      assertFalse(
          created.isBefore(started),
          leechers.get(i).getName()
              + " created "
              + created
              + " before the previous leecher started "
              + started);
    }
  }

  @Test
  @Order(2)
  void everyLeechersFilesHashLikeTheSource() throws Exception {
    Map<String, String> source = sha256Tree(Cli.stateDir().resolve(project).resolve("payload"));
    assertEquals(4, source.size(), "generated payload: one big file and three small ones");
    List<Container> leechers =
        Docker.containers(project).stream()
            .filter(c -> "leecher".equals(c.getLabels().get("com.docker.compose.service")))
            .toList();
    assertEquals(3, leechers.size());
    for (Container c : leechers) {
      String listing =
          Docker.exec(
              c.getId(), "sh", "-c", "cd /downloads && find . -type f | sort | xargs sha256sum");
      Map<String, String> got = new TreeMap<>();
      listing
          .lines()
          .filter(l -> !l.isBlank())
          .forEach(
              l -> {
                String[] parts = l.trim().split("\\s+", 2);
                got.put(parts[1].replaceFirst("^\\./", ""), parts[0]);
              });
      assertEquals(source, got, "files of " + c.getNames()[0]);
    }
  }

  @Test
  @Order(3)
  void statusJsonReportsEveryPeerComplete() throws Exception {
    Cli status = Cli.run("status", "--json", "-p", project);
    assertEquals(0, status.code(), status::toString);
    JsonNode root = JSON.readTree(status.out());
    assertEquals(project, root.get("project").asText());
    JsonNode peers = root.get("peers");
    assertEquals(5, peers.size(), "2 seeders and 3 leechers");
    for (JsonNode p : peers) {
      assertEquals("running", p.get("state").asText(), p::toString);
      assertEquals(1.0, p.get("progress").asDouble(), p::toString);
      assertTrue(p.get("complete").asBoolean(), p::toString);
      assertEquals(p.get("bytesTotal").asLong(), p.get("bytesDone").asLong(), p::toString);
      assertTrue(p.get("bytesTotal").asLong() > 16L << 20, p::toString);
    }
    JsonNode summary = root.get("summary");
    assertEquals(3, summary.get("leechers").asInt());
    assertEquals(3, summary.get("leechersComplete").asInt());
    assertEquals(1.0, summary.get("progress").asDouble());
  }

  @Test
  @Order(4)
  void scgiIsPublishedOnLoopbackOnlyAndContainersCarryComposeLabels() {
    List<Container> all = Docker.containers(project);
    assertEquals(7, all.size(), "mktorrent, tracker, 2 seeders, 3 leechers");
    for (Container c : all) {
      Map<String, String> labels = c.getLabels();
      assertEquals(project, labels.get("com.docker.compose.project"));
      assertEquals("False", labels.get("com.docker.compose.oneoff"));
      String service = labels.get("com.docker.compose.service");
      assertEquals(
          "/" + project + "-" + service + "-" + labels.get("com.docker.compose.container-number"),
          c.getNames()[0]);
      for (ContainerPort p : c.getPorts()) {
        if (p.getPublicPort() != null) {
          assertEquals(
              "127.0.0.1", p.getIp(), c.getNames()[0] + " publishes " + p.getPrivatePort());
        }
      }
    }
  }

  @Test
  @Order(5)
  void upOfALabThatIsUpIsRefused() {
    Cli again = Cli.run("up", "-p", project, "--leechers", "1");
    assertEquals(2, again.code(), again::toString);
    assertTrue(again.err().contains("already up"), again::toString);
    assertEquals(7, Docker.containers(project).size(), "the running lab is untouched");
  }

  @Test
  @Order(6)
  void downRemovesEverythingAndIsIdempotent() throws Exception {
    Cli down = Cli.run("down", "-p", project, "--volumes");
    assertEquals(0, down.code(), down::toString);
    assertEquals(0, Docker.containers(project).size());
    assertEquals(0, Docker.networks(project));
    assertEquals(0, Docker.volumes(project));
    Path labDir = Cli.stateDir().resolve(project);
    Path shown =
        Path.of("")
            .toAbsolutePath()
            .relativize(labDir); // below the working directory: shown relative to it
    assertTrue(
        down.out()
            .contains("the generated payload stays in " + shown.resolve("payload") + " (16.6 MiB)"),
        down::toString);
    assertTrue(Files.exists(labDir.resolve("payload").resolve("disk.img")));
    long files; // the payload, the compose file: everything but the run records
    Path runs = labDir.resolve("runs");
    try (var walk = Files.walk(labDir)) {
      files =
          walk.filter(f -> Files.isRegularFile(f) && !f.startsWith(runs))
              .mapToLong(f -> f.toFile().length())
              .sum();
    }
    Cli again = Cli.run("down", "-p", project, "--purge");
    assertEquals(0, again.code(), again::toString);
    assertTrue(again.out().contains("nothing to remove"), again::toString);
    assertTrue(
        again.out().contains("deleted " + shown + " (" + Quantities.formatSize(files) + ")"),
        again::toString);
    try (var left = Files.list(labDir)) {
      assertEquals(List.of(runs), left.toList(), "the lab's files are gone, its runs kept");
    }
    try (var recorded = Files.list(runs)) {
      assertEquals(1, recorded.count(), "the run of this lab's up");
    }
  }

  @AfterAll
  void cleanUp() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  static Map<String, String> sha256Tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String rel = root.relativize(p).toString();
        if (!rel.startsWith(".")) {
          out.put(rel, sha256(p));
        }
      }
    }
    assertFalse(out.isEmpty(), "no files under " + root);
    return out;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
