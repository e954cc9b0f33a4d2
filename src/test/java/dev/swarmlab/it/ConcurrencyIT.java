package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Container;
import dev.swarmlab.testing.Cli;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One lab, one owner: two swarmlabs at the same lab never race, and an interrupted {@code up}
 * removes exactly what it made, never a lab of another project.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConcurrencyIT {
  private static final Duration LIMIT = Duration.ofMinutes(5);
  private final String id = UUID.randomUUID().toString().substring(0, 6);
  private final String project = "it-one-" + id;
  private final String other = "it-other-" + id;

  @Test
  @Order(1)
  void twoUpsStartedTogetherOneWinsTheOtherExits2AndTheLabIsWhole() throws Exception {
    Swarmlab a = Swarmlab.start("up", "-p", project, "--leechers", "2", "--payload-size", "1MiB");
    Swarmlab b = Swarmlab.start("up", "-p", project, "--leechers", "2", "--payload-size", "1MiB");
    int codeA = a.exitCode(LIMIT);
    int codeB = b.exitCode(LIMIT);
    assertEquals(Set.of(0, 2), Set.of(codeA, codeB), a + "\n" + b);
    Swarmlab loser = codeA == 2 ? a : b;
    assertTrue(
        loser.err().contains("is being started by another swarmlab (pid ")
            || loser.err().contains("is already up"),
        loser::toString);
    List<Container> lab = Docker.containers(project);
    assertEquals(
        6, lab.size(), "mktorrent, tracker, 2 seeders, 2 leechers: " + names(lab).toString());
    assertEquals(1, Docker.networks(project));
    assertEquals(
        5, lab.stream().filter(c -> "running".equals(c.getState())).count(), names(lab).toString());
  }

  @Test
  @Order(2)
  void downWhileUpRunsIsRefusedAndLeavesTheUpAlone() throws Exception {
    Swarmlab up = Swarmlab.start("up", "-p", other, "--leechers", "3", "--payload-size", "1MiB");
    try {
      assertTrue(up.awaitErr("starting 1 × tracker", LIMIT), up::toString);
      Cli down = Cli.run("down", "-p", other);
      assertEquals(2, down.code(), down::toString);
      assertTrue(
          down.err()
              .contains(
                  "lab '"
                      + other
                      + "' is being started by another swarmlab (pid "
                      + up.pid()
                      + ")"),
          down::toString);
      assertEquals(0, up.exitCode(LIMIT), up::toString);
      assertEquals(7, Docker.containers(other).size(), names(Docker.containers(other)).toString());
    } finally {
      Cli.run("down", "-p", other, "--volumes", "--purge");
    }
  }

  /** Ctrl-C while up builds, creates the network, starts the tracker, the seeders, the leechers. */
  @Test
  @Order(3)
  void ctrlCAtAnyMomentOfUpLeavesNothingAndAnotherLabUntouched() throws Exception {
    Set<String> before =
        Docker.containers(project).stream().map(Container::getId).collect(Collectors.toSet());
    assertEquals(6, before.size(), "the lab of the first test is up");
    String[] moments = {
      "starting 1 × mktorrent",
      "starting 1 × tracker",
      "starting 2 × seeder",
      "starting 4 × leecher"
    };
    for (int i = 0; i < moments.length; i++) {
      String interrupted = "it-int-" + id + "-" + i;
      Swarmlab up =
          Swarmlab.start(
              "up",
              "-p",
              interrupted,
              "--leechers",
              "4",
              "--payload-size",
              "1MiB",
              "--parallel",
              "2");
      try {
        assertTrue(up.awaitErr(moments[i], LIMIT), up::toString);
        up.interrupt();
        int code = up.exitCode(LIMIT);
        assertEquals(130, code, "Ctrl-C ends the process as SIGINT does: " + up);
        assertEquals(
            List.of(),
            names(Docker.containers(interrupted)),
            "after Ctrl-C at '" + moments[i] + "': " + up);
        assertEquals(
            0, Docker.networks(interrupted), "network left after Ctrl-C at '" + moments[i] + "'");
        assertEquals(
            0, Docker.volumes(interrupted), "volume left after Ctrl-C at '" + moments[i] + "'");
      } finally {
        Cli.run("down", "-p", interrupted, "--volumes", "--purge");
      }
      Set<String> now =
          Docker.containers(project).stream().map(Container::getId).collect(Collectors.toSet());
      assertEquals(before, now, "the other lab after Ctrl-C at '" + moments[i] + "'");
    }
    Cli status = Cli.run("status", "-p", project);
    assertEquals(0, status.code(), status::toString);
  }

  private static List<String> names(List<Container> containers) {
    return containers.stream().map(c -> c.getNames()[0] + " " + c.getState()).sorted().toList();
  }

  @AfterAll
  void cleanUp() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
    Cli.run("down", "-p", other, "--volumes", "--purge");
  }
}
