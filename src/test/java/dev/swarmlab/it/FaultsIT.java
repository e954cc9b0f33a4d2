package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.BlockLog;
import dev.swarmlab.rtorrent.PeerFile;
import dev.swarmlab.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults on purpose on a real lab whose seeders are slowed, so it is caught mid-run: a leecher
 * killed at about a fifth and restarted completes, having received in all (both its logs) no more
 * than 110% of the payload; a seeder killed for good, the other one carries the swarm to the end; a
 * leecher paused shows as paused, and runs on when unpaused. Each fault is in the run's record.
 */
class FaultsIT {
  private final String project = "it-faults-" + UUID.randomUUID().toString().substring(0, 8);
  private final LabProbe lab = new LabProbe(project);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void aKilledLeecherRestartsWhereItWasAndAKilledSeederIsCoveredByTheOther() throws Exception {
    Swarmlab up =
        Swarmlab.start(
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
            "512KiB");
    assertEquals(0, up.exitCode(Duration.ofMinutes(3)), up::toString);

    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (lab.peer("leecher-1").get("progress").asDouble() < 0.2) {
      assertTrue(System.nanoTime() < deadline, "leecher-1 reaches 20%: " + lab.peer("leecher-1"));
      Thread.sleep(200);
    }
    long payload = lab.peer("leecher-1").get("bytesTotal").asLong();

    Cli kill = Cli.run("kill", "-p", project, "leecher-1");
    assertEquals(0, kill.code(), kill::toString);
    assertEquals("leecher-1: exited", kill.out().strip());
    assertEquals("exited", lab.peer("leecher-1").get("state").asText());
    Cli again = Cli.run("kill", "-p", project, "leecher-1");
    assertEquals(1, again.code(), "killing a dead peer fails, in one line: " + again);
    assertEquals(1, again.err().lines().count(), again::toString);

    Cli pause = Cli.run("pause", "-p", project, "leecher-2");
    assertEquals(0, pause.code(), pause::toString);
    assertEquals("leecher-2: paused", pause.out().strip());
    assertEquals("paused", lab.peer("leecher-2").get("state").asText());
    Cli unpause = Cli.run("unpause", "-p", project, "leecher-2");
    assertEquals(0, unpause.code(), unpause::toString);
    assertEquals("running", lab.peer("leecher-2").get("state").asText());

    Cli seeder = Cli.run("kill", "-p", project, "seeder-1");
    assertEquals(0, seeder.code(), seeder::toString);

    Cli restart = Cli.run("restart", "-p", project, "leecher-1");
    assertEquals(0, restart.code(), restart::toString);
    assertEquals("leecher-1: running", restart.out().strip());

    // the seeder left lifts its limit; the dead one cannot, and says so
    Cli lift = Cli.run("throttle", "-p", project, "seeder", "--up", "none");
    assertEquals(1, lift.code(), lift::toString);
    assertTrue(lift.err().contains("seeder-1: not running"), lift::toString);
    deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (lab.summary().get("leechersComplete").asInt() < 2) {
      assertTrue(System.nanoTime() < deadline, "both leechers complete: " + lab.summary());
      Thread.sleep(500);
    }

    // no byte lost: every running peer's files are the source's; the dead seeder is not checked
    Cli verify = Cli.run("verify", "-p", project);
    assertEquals(0, verify.code(), verify::toString);
    List<String> checked = verify.out().lines().sorted().toList();
    assertEquals(4, checked.size(), verify::toString);
    assertTrue(checked.get(0).matches("leecher-1: \\d+ files? ok"), verify::toString);
    assertTrue(checked.get(1).matches("leecher-2: \\d+ files? ok"), verify::toString);
    assertEquals("seeder-1: not running (exited), not checked", checked.get(2), verify::toString);
    assertTrue(checked.get(3).matches("seeder-2: \\d+ files? ok"), verify::toString);
    // one byte changed in leecher-2's copy of its first file
    String leecher2 =
        Docker.containers(project).stream()
            .filter(c -> c.getNames()[0].endsWith("-leecher-2"))
            .findFirst()
            .orElseThrow()
            .getId();
    String changed =
        Docker.exec(
                leecher2,
                "sh",
                "-c",
                "cd /downloads && f=$(find . -type f | LC_ALL=C sort | head -1)"
                    + " && b=$(dd if=\"$f\" bs=1 skip=1000 count=1 status=none | od -An -tu1)"
                    + " && printf \"\\\\$(printf %o $(( (b + 1) % 256 )))\""
                    + " | dd of=\"$f\" bs=1 seek=1000 conv=notrunc status=none"
                    + " && echo \"${f#./}\"")
            .strip();
    Cli corrupt = Cli.run("verify", "-p", project, "leecher");
    assertEquals(1, corrupt.code(), corrupt::toString);
    assertTrue(
        corrupt.out().lines().anyMatch(l -> l.startsWith("leecher-2: " + changed + " differs")),
        changed + ": " + corrupt);
    assertTrue(corrupt.out().lines().anyMatch(l -> l.matches("leecher-1: \\d+ files? ok")));
    assertEquals(1, corrupt.err().lines().count(), corrupt::toString);
    assertTrue(corrupt.err().contains("leecher-2"), corrupt::toString);

    // everything leecher-1 received, over both starts. The engine may give a restarted container
    // another address, even another peer's old one (the killed seeder's). A peer file lists every
    // start at its address, oldest first; each start's log was renamed ADDRESS.blocks.log.NANOS
    // at the next start, so those logs in order of NANOS go with the starts, and the current
    // log with the last.
    Path control = lab.control();
    List<Path> logs = new ArrayList<>();
    try (Stream<Path> files = Files.list(control)) {
      List<Path> all = files.toList();
      for (Path f : all) {
        String file = f.getFileName().toString();
        if (!LabContract.isPeerFile(file)) {
          continue;
        }
        String address = LabContract.addressOf(file);
        List<Path> ofAddress =
            all.stream()
                .filter(l -> LabContract.isBlockLog(l.getFileName().toString()))
                .filter(l -> LabContract.addressOf(l.getFileName().toString()).equals(address))
                .sorted(
                    java.util.Comparator.comparing(
                            (Path l) ->
                                l.getFileName()
                                    .toString()
                                    .equals(LabContract.blockLogName(address)))
                        .thenComparing(
                            l ->
                                Long.parseLong(
                                    ("0"
                                            + l.getFileName()
                                                .toString()
                                                .substring(
                                                    LabContract.blockLogName(address).length()))
                                        .replace(".", ""))))
                .toList();
        List<PeerFile.Start> starts = PeerFile.read(f).starts();
        assertEquals(starts.size(), ofAddress.size(), "a log a start at " + address);
        for (int i = 0; i < starts.size(); i++) {
          if (starts.get(i).hostName().equals("leecher-1")) {
            logs.add(ofAddress.get(i));
          }
        }
      }
    }
    assertEquals(2, logs.size(), "a log for each start: " + logs);
    long[] received = {0};
    for (Path log : logs) {
      BlockLog.read(
          log,
          e -> {
            if (e.receivedCompleted() || e.event().equals("skipped")) {
              received[0] += e.length();
            }
          });
    }
    assertTrue(
        received[0] >= payload && received[0] <= payload * 11 / 10,
        "leecher-1 received " + received[0] + " B in all for a payload of " + payload + " B");

    List<String> events = lab.events().stream().map(e -> e.get("event").asText()).toList();
    assertTrue(
        events.containsAll(List.of("kill", "pause", "unpause", "restart", "throttle")),
        events::toString);
  }
}
