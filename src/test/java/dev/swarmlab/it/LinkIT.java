package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.swarmlab.control.Links;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Link conditions on a real lab: leechers whose links are shaped to 8 Mbit/s at {@code up} receive
 * no faster than that (counted from a leecher's own block log: a bound, not a timing), the peers
 * keep no capabilities and no helper is left; cleared, the swarm completes. Latency needs netem:
 * where the kernel has none, {@code up} refuses it in one line and creates nothing.
 */
class LinkIT {
  private static final long BITS = 8_000_000;
  private static final int WINDOW_S = 6;
  private final String project = "it-link-" + UUID.randomUUID().toString().substring(0, 8);
  private final String refused = project + "-r";
  private final LabProbe lab = new LabProbe(project);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
    Cli.run("down", "-p", refused, "--volumes", "--purge");
  }

  @Test
  void shapedLeechersReceiveNoFasterThanTheirLinkUntilItIsCleared() throws Exception {
    Cli up =
        Cli.run(
            "up",
            "-p",
            project,
            "--seeders",
            "1",
            "--leechers",
            "2",
            "--payload-size",
            "32MiB",
            "--bandwidth",
            "leecher=8mbit");
    assertEquals(0, up.code(), up::toString);
    JsonNode event = lab.lastEvent("link");
    assertEquals("leecher", event.get("detail").get("target").asText(), event.toString());
    assertEquals("8 Mbit/s", event.get("detail").get("conditions").asText(), event.toString());
    assertEquals(2, event.get("detail").get("peers").size(), event.toString());
    assertEquals(List.of(), Docker.helpers(project), "no helper outlives its work");
    for (Container c : Docker.containers(project)) {
      InspectContainerResponse i = Docker.client().inspectContainerCmd(c.getId()).exec();
      var caps = i.getHostConfig().getCapAdd();
      assertTrue(caps == null || caps.length == 0, c.getNames()[0] + " has " + caps);
    }

    Path log = lab.control().resolve(LabContract.blockLogName(lab.leecherAddress(1)));
    // no byte before the link was shaped: a leecher waits to start until it is, so even its very
    // first seconds (when an unshaped leecher takes megabytes a second) stay within the link
    long first = firstBlockSecond(log);
    while (System.currentTimeMillis() / 1000 < first + 4) {
      Thread.sleep(200); // its first 3 s, whole
    }
    long early = LabProbe.kept(log, first, first + 3);
    assertTrue(
        early <= BITS / 8 * 3 * 5 / 4 + (256 << 10),
        "leecher-1 kept " + early + " B in its first 3 s on an 8 Mbit/s link");
    long from = System.currentTimeMillis() / 1000 + 1;
    Thread.sleep((WINDOW_S + 2) * 1000L);
    long kept = LabProbe.kept(log, from, from + WINDOW_S);
    long bound = BITS / 8 * WINDOW_S * 5 / 4 + (256 << 10);
    assertTrue(
        kept <= bound,
        "leecher-1 kept " + kept + " B in " + WINDOW_S + " s on an 8 Mbit/s link (bound " + bound);
    assertTrue(lab.summary().get("leechersComplete").asInt() < 2, "still filling up");

    // a peer started again, and a leecher added, get the link their name or role was given
    Cli restart = Cli.run("restart", "-p", project, "leecher-1");
    assertEquals(0, restart.code(), restart::toString);
    assertEquals("leecher-1: running (link 8 Mbit/s again)", restart.out().strip());
    Cli more = Cli.run("scale", "-p", project, "leechers=+1");
    assertEquals(0, more.code(), more::toString);
    assertTrue(more.out().contains("link:    8 Mbit/s, as every leecher's"), more::toString);
    Thread.sleep(3000); // both up and receiving
    long before1 = bytesDone("leecher-1");
    long before3 = bytesDone("leecher-3");
    Thread.sleep(WINDOW_S * 1000L);
    // rtorrent counts whole pieces done: a piece or two more than the link could carry
    long slack = 2 << 20;
    for (long got :
        new long[] {bytesDone("leecher-1") - before1, bytesDone("leecher-3") - before3}) {
      assertTrue(got <= bound + slack, got + " B in " + WINDOW_S + " s over an 8 Mbit/s link");
    }

    Cli clear = Cli.run("link", "-p", project, "leecher", "--clear");
    assertEquals(0, clear.code(), clear::toString);
    assertTrue(
        clear.out().lines().skip(1).allMatch(l -> l.matches("leecher-\\d\\s+none")),
        clear::toString);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (lab.summary().get("leechersComplete").asInt() < 3) {
      assertTrue(System.nanoTime() < deadline, "the swarm completes once the links are cleared");
      Thread.sleep(500);
    }
    assertEquals(List.of(), Docker.helpers(project));
  }

  @Test
  void latencyIsRefusedInOneLineBeforeAnythingIsCreatedWhereTheKernelHasNoNetem() {
    Cli up =
        Cli.run(
            "up", "-p", refused, "--seeders", "1", "--leechers", "1", "--latency", "leecher=50ms");
    if (up.code() == 0) {
      // a kernel with netem: the latency is set like any other condition
      assertTrue(up.out().contains("is up"), up::toString);
      return;
    }
    assertEquals(2, up.code(), up::toString);
    assertEquals("swarmlab: error: " + Links.NO_NETEM_MESSAGE, up.err().strip(), up::toString);
    assertEquals(List.of(), Docker.containers(refused));
    assertEquals(0, Docker.networks(refused));
    assertEquals(0, Docker.volumes(refused));
    assertEquals(List.of(), Docker.helpers(refused));
  }

  /**
   * The second of the first block the peer whose log is {@code log} kept, waiting a minute at most
   * for it (up returns as the last peers are let start).
   */
  private static long firstBlockSecond(Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      long[] first = {Long.MAX_VALUE};
      if (Files.exists(log)) {
        dev.swarmlab.rtorrent.BlockLog.read(
            log,
            new dev.swarmlab.rtorrent.ReceivedBlocks(
                (e, duplicate) -> first[0] = Math.min(first[0], e.epochSecond())));
      }
      if (first[0] != Long.MAX_VALUE) {
        return first[0];
      }
      assertTrue(System.nanoTime() < deadline, "leecher-1 kept a block within a minute");
      Thread.sleep(200);
    }
  }

  /** The bytes peer {@code name} has of whole pieces, as its rtorrent says. */
  private long bytesDone(String name) throws Exception {
    return lab.peer(name).get("bytesDone").asLong();
  }
}
