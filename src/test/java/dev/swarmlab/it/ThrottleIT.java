package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.testing.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code swarmlab throttle} on a real lab: a leecher limited to 128 KiB/s receives no faster than
 * that (counted from its own block log, a bound, not a timing) while its twin, unlimited, receives
 * more; the limits read back as set; the run record says when; lifted, the swarm completes.
 */
class ThrottleIT {
  private static final long LIMIT = 128 << 10;
  private static final int WINDOW_S = 8;
  private final String project = "it-throttle-" + UUID.randomUUID().toString().substring(0, 8);
  private final LabProbe lab = new LabProbe(project);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void aThrottledLeecherReceivesNoFasterThanItsLimitUntilItIsLifted() throws Exception {
    Swarmlab up =
        Swarmlab.start(
            "up",
            "-p",
            project,
            "--seeders",
            "1",
            "--leechers",
            "2",
            "--payload-size",
            "32MiB",
            // the seeder slowed from its start, so the swarm is still filling up when the leecher
            // is limited
            "--seeder-up-rate",
            "1MiB",
            "--leecher-up-rate",
            "4MiB");
    assertEquals(0, up.exitCode(Duration.ofMinutes(3)), up::toString);

    // the limits each role started with, as the peers report them
    Cli shown = Cli.run("throttle", "-p", project, "all");
    assertEquals(0, shown.code(), shown::toString);
    List<String> rows = shown.out().lines().skip(1).toList();
    assertEquals(3, rows.size(), shown::toString);
    assertTrue(rows.contains(row("seeder-1", "1.0 MiB/s", "none")), shown::toString);
    assertTrue(rows.contains(row("leecher-1", "4.0 MiB/s", "none")), shown::toString);
    assertTrue(rows.contains(row("leecher-2", "4.0 MiB/s", "none")), shown::toString);

    Cli set = Cli.run("throttle", "-p", project, "leecher-1", "--down", "128KiB");
    assertEquals(0, set.code(), set::toString);
    List<String> lines = set.out().lines().toList();
    assertEquals(2, lines.size(), set::toString);
    assertTrue(lines.get(1).matches("leecher-1\\s+4\\.0 MiB/s\\s+128(\\.0)? KiB/s"), set::toString);

    Cli wrong = Cli.run("throttle", "-p", project, "leecher-9", "--down", "1MiB");
    assertEquals(2, wrong.code(), wrong::toString);
    assertEquals(1, wrong.err().lines().count(), wrong::toString);

    Path limited = lab.control().resolve(LabContract.blockLogName(lab.leecherAddress(1)));
    Path free = lab.control().resolve(LabContract.blockLogName(lab.leecherAddress(2)));
    long from = System.currentTimeMillis() / 1000 + 2; // a second or two for the limit to bite
    Thread.sleep((WINDOW_S + 3) * 1000L);
    long to = from + WINDOW_S; // whole seconds [from, to)
    long limitedBytes = LabProbe.kept(limited, from, to);
    long freeBytes = LabProbe.kept(free, from, to);
    assertTrue(
        limitedBytes <= LIMIT * WINDOW_S * 3 / 2 + (256 << 10),
        "leecher-1 kept "
            + limitedBytes
            + " B in "
            + WINDOW_S
            + " s at a limit of "
            + LIMIT
            + " B/s");
    assertTrue(
        freeBytes > limitedBytes,
        "leecher-2, unlimited, kept more: " + freeBytes + " B vs " + limitedBytes + " B");
    assertTrue(lab.summary().get("leechersComplete").asInt() < 2, "still filling up");
    // verify while it downloads: its files differ, and it says why
    Cli early = Cli.run("verify", "-p", project, "leecher-1");
    assertEquals(1, early.code(), early::toString);
    assertTrue(
        early.out().strip().matches("leecher-1: .* \\[still downloading: [0-9.]+%\\]"),
        early::toString);
    assertTrue(
        early.err().contains("1 still downloading: verify once the swarm is complete"),
        early::toString);

    JsonNode event = lab.lastEvent("throttle");
    assertEquals("leecher-1", event.get("detail").get("target").asText(), event.toString());
    assertEquals(LIMIT, event.get("detail").get("down").asLong(), event.toString());
    assertFalse(event.get("detail").has("up"), event.toString());

    Cli lift = Cli.run("throttle", "-p", project, "all", "--up", "none", "--down", "none");
    assertEquals(0, lift.code(), lift::toString);
    assertEquals(4, lift.out().lines().count(), lift::toString);
    assertTrue(
        lift.out().lines().skip(1).allMatch(l -> l.matches("\\S+\\s+none\\s+none")),
        lift::toString);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (lab.summary().get("leechersComplete").asInt() < 2) {
      assertTrue(System.nanoTime() < deadline, "the swarm completes once the limits are lifted");
      Thread.sleep(500);
    }
  }

  /** A row of throttle's table. */
  private static String row(String peer, String up, String down) {
    return String.format("%-14s %14s %14s", peer, up, down);
  }
}
