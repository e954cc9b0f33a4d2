package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.BlockLog;
import dev.swarmlab.rtorrent.ReceivedBlocks;
import dev.swarmlab.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What integration tests read of one running lab, as its user could: {@code status --json}, the
 * latest run's record, a leecher's address, its control directory. Asserts only that each read
 * works (status exits 0, an event asked for is there); what the values must be is each test's own.
 */
final class LabProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project;

  LabProbe(String project) {
    this.project = project;
  }

  /** {@code swarmlab status -p PROJECT --json}, parsed; fails unless it exits 0. */
  JsonNode status() throws IOException {
    Cli s = Cli.run("status", "-p", project, "--json");
    assertEquals(0, s.code(), s::toString);
    return JSON.readTree(s.out());
  }

  /** The {@code summary} of {@link #status()}. */
  JsonNode summary() throws IOException {
    return status().get("summary");
  }

  /** Peer {@code name} in {@link #status()}; fails when there is none. */
  JsonNode peer(String name) throws IOException {
    for (JsonNode p : status().get("peers")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no peer " + name);
  }

  /** The directory of the lab's latest run record (run ids sort by time). */
  Path latestRun() throws IOException {
    try (var dirs = Files.list(Cli.stateDir().resolve(project).resolve("runs"))) {
      return dirs.sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  /** Every event of the latest run, in the order it was recorded. */
  List<JsonNode> events() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(latestRun().resolve("events.jsonl"))) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  /** The events named {@code name} of the latest run, in order. */
  List<JsonNode> events(String name) throws IOException {
    return events().stream().filter(e -> e.get("event").asText().equals(name)).toList();
  }

  /** The last event named {@code name} of the latest run; fails when there is none. */
  JsonNode lastEvent(String name) throws IOException {
    List<JsonNode> found = events(name);
    assertTrue(!found.isEmpty(), "no " + name + " event in " + latestRun());
    return found.get(found.size() - 1);
  }

  /** The lab's control directory, where each peer's socket and block log are. */
  Path control() {
    return Cli.stateDir().resolve(project).resolve(LabContract.CONTROL_DIR);
  }

  /** The address of leecher {@code number} on the lab's network. */
  String leecherAddress(int number) {
    return Docker.container(project, LabContract.LEECHER, number)
        .getNetworkSettings()
        .getNetworks()
        .values()
        .iterator()
        .next()
        .getIpAddress();
  }

  /**
   * Bytes the peer whose block log is {@code log} kept in seconds [from, to): each block once, a
   * duplicate not counted. Fails when there is no such log.
   */
  static long kept(Path log, long from, long to) throws IOException {
    assertTrue(Files.exists(log), log.toString());
    long[] bytes = {0};
    BlockLog.read(
        log,
        new ReceivedBlocks(
            (e, duplicate) -> {
              if (!duplicate && e.epochSecond() >= from && e.epochSecond() < to) {
                bytes[0] += e.length();
              }
            }));
    return bytes[0];
  }
}
