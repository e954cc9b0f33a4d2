package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.swarmlab.lab.LabUser;
import dev.swarmlab.testing.Cli;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes wrong is reported in one line, with the right exit code, and leaves nothing behind. */
class FailuresIT {

  @Test
  void aFailedUpRemovesWhatItCreated(@TempDir Path data) throws Exception {
    String project = "it-fail-" + UUID.randomUUID().toString().substring(0, 8);
    shareable(data);
    Files.writeString(data.resolve("notes.txt"), "shared\n");
    Files.createDirectory(data.resolve("empty-album")); // nothing to share: the mktorrent job fails
    Cli up = Cli.run("up", "-p", project, "--leechers", "2", "--data", data.toString());
    try {
      assertEquals(1, up.code(), up::toString);
      assertTrue(up.err().contains("mktorrent"), up::toString);
      assertTrue(up.err().contains("empty-album"), "the job's own reason is shown: " + up);
      assertEquals(0, Docker.containers(project).size(), "containers left behind");
      assertEquals(0, Docker.networks(project), "network left behind");
      assertEquals(0, Docker.volumes(project), "volume left behind");
      assertTrue(Files.exists(data.resolve("notes.txt")), "the user's data is untouched");
    } finally {
      Cli.run("down", "-p", project, "--volumes", "--purge");
    }
  }

  @Test
  void aLabThatDoesNotFitTheEnginesDiskIsRefusedBeforeAnythingIsMade(@TempDir Path data)
      throws Exception {
    String project = "it-disk-" + UUID.randomUUID().toString().substring(0, 8);
    shareable(data);
    // A sparse file: 8 TiB to the leechers that would download it, next to nothing on this disk.
    try (RandomAccessFile f = new RandomAccessFile(data.resolve("huge.img").toFile(), "rw")) {
      f.setLength(8L << 40);
    }
    try {
      // Without the check the lab would start and hash 8 TiB: bounded here, not timed.
      Cli up =
          assertTimeoutPreemptively(
              Duration.ofMinutes(5),
              () -> Cli.run("up", "-p", project, "--leechers", "2", "--data", data.toString()));
      assertEquals(2, up.code(), up::toString);
      assertEquals(1, up.err().lines().count(), up::toString);
      assertTrue(
          up.err()
              .contains("2 leechers × 8.0 TiB write 16.0 TiB, and rtorrent keeps 500.0 MiB free"),
          up::toString);
      assertTrue(up.err().contains(" free; "), up::toString);
      assertEquals(0, Docker.containers(project).size(), "containers made");
      assertEquals(0, Docker.networks(project), "network made");
      assertEquals(0, Docker.volumes(project), "volume made");
    } finally {
      Cli.run("down", "-p", project, "--volumes", "--purge");
    }
  }

  @Test
  void aReplicaThatCannotBeCreatedFailsUpAndLeavesNothingBehind(@TempDir Path data)
      throws Exception {
    String project = "it-replica-" + UUID.randomUUID().toString().substring(0, 8);
    shareable(data);
    Files.writeString(data.resolve("notes.txt"), "shared\n");
    // The user's own container holds the name of the third leecher: creating that one fails while
    // leechers 4 to 6 wait their turn; up must not clean up before those in flight are done.
    String blocker =
        Docker.client()
            .createContainerCmd("debian:bookworm-slim")
            .withName(project + "-leecher-3")
            .withCmd("true")
            .exec()
            .getId();
    try {
      Cli up =
          Cli.run(
              "up", "-p", project, "--leechers", "6", "--parallel", "1", "--data", data.toString());
      assertEquals(1, up.code(), up::toString);
      assertTrue(up.err().contains(project + "-leecher-3"), "names the container: " + up);
      assertEquals(
          0,
          Docker.containers(project).size(),
          "containers left behind or started after the clean-up");
      assertEquals(0, Docker.networks(project), "network left behind");
      assertEquals(
          blocker,
          Docker.client().inspectContainerCmd(blocker).exec().getId(),
          "the user's container is kept");
    } finally {
      Cli.run("down", "-p", project, "--volumes", "--purge");
      Docker.client().removeContainerCmd(blocker).withForce(true).exec();
    }
  }

  /** A temporary directory is its owner's alone; data to share is readable by the lab's user. */
  private static void shareable(Path dir) throws java.io.IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void dataTheLabsUserCannotReadIsRefusedBeforeAnythingIsMade(@TempDir Path data) throws Exception {
    assumeTrue(
        LabUser.current().asRoot(),
        "the lab runs as the user running this test, who can read the data");
    String project = "it-unreadable-" + UUID.randomUUID().toString().substring(0, 8);
    shareable(data);
    Path secret = Files.writeString(data.resolve("secret.txt"), "root's own\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    try {
      Cli up = Cli.run("up", "-p", project, "--leechers", "1", "--data", data.toString());
      assertEquals(2, up.code(), up::toString);
      assertEquals(1, up.err().lines().count(), up::toString);
      assertTrue(
          up.err()
              .contains(
                  secret + " cannot be read by the lab's user (uid " + LabUser.current().uid()),
          up::toString);
      assertEquals(0, Docker.containers(project).size(), "containers made");
    } finally {
      Cli.run("down", "-p", project, "--volumes", "--purge");
    }
  }

  @Test
  void aBadParallelLimitInTheEnvironmentIsNamedAsSuch() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", Path.of("target", "swarmlab.jar").toString(), "up");
    pb.environment().put("SWARMLAB_PARALLEL_LIMIT", "lots");
    Process run = pb.start();
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    String err = new String(run.getErrorStream().readAllBytes());
    assertEquals(2, run.exitValue(), err);
    assertEquals(
        "swarmlab: error: --parallel must be a whole number between 1 and 64 (got 'lots' from SWARMLAB_PARALLEL_LIMIT)",
        err.strip());
  }

  @Test
  void anEnvironmentValueIsTakenAsItIsNeverExpanded() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", Path.of("target", "swarmlab.jar").toString(), "render");
    pb.environment().put("SWARMLAB_PROJECT", "x${env:HOME}");
    Process run = pb.start();
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    String err = new String(run.getErrorStream().readAllBytes());
    assertEquals(2, run.exitValue(), err);
    assertTrue(err.startsWith("swarmlab: error: invalid project name 'x${env:HOME}'"), err);
  }

  @Test
  void theJarKnowsItsVersion() throws Exception {
    Process run =
        new ProcessBuilder(
                "java", "-jar", Path.of("target", "swarmlab.jar").toString(), "--version")
            .start();
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    String out = new String(run.getInputStream().readAllBytes()).strip();
    assertTrue(out.matches("swarmlab \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), out);
  }

  @Test
  void anEngineOverSshIsRefusedInOneLine() throws Exception {
    for (String command : new String[] {"up", "status"}) {
      ProcessBuilder pb =
          new ProcessBuilder("java", "-jar", Path.of("target", "swarmlab.jar").toString(), command);
      pb.environment().put("DOCKER_HOST", "ssh://lab@build-box.invalid");
      Process run = pb.start();
      assertTrue(run.waitFor(60, TimeUnit.SECONDS));
      String err = new String(run.getErrorStream().readAllBytes());
      assertEquals(2, run.exitValue(), command + ": " + err);
      assertEquals(1, err.lines().count(), err);
      assertTrue(
          err.contains(
                  "the Docker engine at ssh://lab@build-box.invalid (from DOCKER_HOST) is not supported")
              && err.contains("labs on other machines"),
          err);
    }
  }

  @Test
  void noEngineIsExitCode3WithOneLine() throws Exception {
    Path jar = Path.of("target", "swarmlab.jar");
    assertTrue(Files.exists(jar), "the packaged jar runs here as a user runs it");
    ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar.toString(), "status");
    pb.environment().put("DOCKER_HOST", "unix:///nonexistent/docker.sock");
    Process run = pb.start();
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    String err = new String(run.getErrorStream().readAllBytes());
    assertEquals(3, run.exitValue(), err);
    assertEquals(1, err.lines().count(), err);
    assertTrue(
        err.startsWith("swarmlab: error: no Docker engine at unix:///nonexistent/docker.sock"),
        err);
    assertTrue(err.contains("scripts/setup-engine.sh"), err);
  }
}
