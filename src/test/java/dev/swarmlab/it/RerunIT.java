package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.PeerFile;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.testing.Cli;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rerun} gives a fresh swarm on the lab's running containers, as clean as a new {@code up}:
 * every leecher downloads the whole payload again (nothing kept from before), every peer presents
 * new ids, the tracker counts only this run's downloads, each run has its own record; and what only
 * {@code up} can do is refused with the lab left as it was.
 */
class RerunIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project = "it-rerun-" + UUID.randomUUID().toString().substring(0, 8);
  private final LabProbe lab = new LabProbe(project);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void eachRerunIsAFreshSwarmWithItsOwnRecord() throws Exception {
    Cli up = Cli.run("up", "-p", project, "--leechers", "3", "--payload-size", "8MiB", "--wait");
    assertEquals(0, up.code(), up::toString);
    Map<String, String> containers = containerIds();
    Map<String, Set<String>> ids0 = localIds();
    Map<String, String> started0 = containerStarts();
    long payload = payloadBytes();

    Cli again = Cli.run("rerun", "-p", project, "--wait");
    assertEquals(0, again.code(), again::toString);
    assertTrue(again.out().contains("runs again"), again::toString);
    assertEquals(containers, containerIds(), "the same containers, still running");
    assertEquals(
        started0, containerStarts(), "each peer's rtorrent reset where it runs, not started again");
    Map<String, Set<String>> ids1 = localIds();
    assertEquals(ids0.keySet(), ids1.keySet());
    for (var e : ids1.entrySet()) {
      Set<String> both = new HashSet<>(e.getValue());
      both.retainAll(ids0.get(e.getKey()));
      assertTrue(both.isEmpty(), e.getKey() + " presents new peer ids: " + e.getValue());
    }
    JsonNode second = report();
    assertEquals(3 * payload, second.get("totals").get("receivedBytes").asLong(), "all again");
    assertTrue(second.get("complete").asBoolean(), second.toString());
    Map<String, Long> tracked = trackerCompleted();
    assertTrue(tracked.values().stream().allMatch(n -> n == 3), trackerText());
    // a torrent loaded after a rerun that reset the peer in place (from Flood, say) is noted in
    // its peer file, as after up (the next rerun erases it)
    String address = peerAddresses().get("leecher-1");
    byte[] info = addedInfo();
    new RtorrentClient(
            lab.control().resolve(LabContract.socketName(address)), Duration.ofSeconds(5))
        .call("load.raw", "", addedTorrent(info));
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(info));
    Path peerFile = lab.control().resolve(LabContract.peerFileName(address));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (PeerFile.read(peerFile).torrents().stream()
        .noneMatch(t -> t.infoHash().equalsIgnoreCase(hash))) {
      assertTrue(System.nanoTime() < deadline, "no line for " + hash + " in " + peerFile);
      Thread.sleep(100);
    }
    // which no seeder has: not the lab's payload, so the leecher stays complete in status
    JsonNode one = lab.peer("leecher-1");
    assertTrue(one.get("complete").asBoolean(), one.toString());
    assertEquals(payload, one.get("bytesTotal").asLong(), one.toString());
    Cli detail = Cli.run("status", "-p", project, "leecher-1", "--json");
    assertEquals(0, detail.code(), detail::toString);
    JsonNode shown = JSON.readTree(detail.out());
    assertTrue(shown.get("peer").get("complete").asBoolean(), "status PEER agrees: " + shown);
    assertEquals(3, shown.get("torrents").size(), "and lists it: " + shown);

    // Another rerun with one leecher more, the leechers' download limited (applied at start), and
    // a smaller generated payload: made again with its torrents, which --verify checks against.
    Cli third =
        Cli.run(
            "rerun",
            "-p",
            project,
            "--leechers",
            "4",
            "--leecher-down-rate",
            "4MiB",
            "--payload-size",
            "4MiB",
            "--stagger",
            "1s",
            "--wait",
            "--verify");
    assertEquals(0, third.code(), third::toString);
    long smaller = payloadBytes();
    assertEquals(payload - (4 << 20), smaller, "status counts the new payload");
    assertFalse(
        tracked.keySet().equals(trackerCompleted().keySet()),
        "the tracker serves the new payload's torrents: " + trackerText());
    // staggered: the seeders went first, then one leecher a second, by number
    Map<String, Long> started = starts();
    assertTrue(
        started.get("leecher-1") <= started.get("leecher-2")
            && started.get("leecher-2") <= started.get("leecher-3"),
        started::toString);
    assertTrue(started.get("leecher-3") - started.get("seeder-1") >= 2, started::toString);
    JsonNode last = report();
    assertEquals(4 * smaller, last.get("totals").get("receivedBytes").asLong());
    assertTrue(trackerCompleted().values().stream().allMatch(n -> n == 4), trackerText());
    Cli limits = Cli.run("throttle", "-p", project, "leecher-1");
    assertEquals(0, limits.code(), limits::toString);
    assertTrue(limits.out().contains("4.0 MiB/s"), limits::toString);

    JsonNode runs = JSON.readTree(Cli.run("runs", "-p", project, "--json").out());
    assertEquals(3, runs.size(), runs::toString);
    for (int i = 0; i < 3; i++) {
      assertEquals("complete", runs.get(i).get("outcome").asText(), runs.toString());
    }
    assertEquals(4, runs.get(2).get("leechers").asInt());
    JsonNode ended = firstEvent(runs.get(0).get("run").asText(), "ended");
    assertEquals("rerun", ended.get("detail").get("how").asText());
    assertEquals(
        runs.get(1).get("run").asText(),
        firstEvent(runs.get(2).get("run").asText(), "rerun").get("detail").get("after").asText());
  }

  /** The info dictionary of a torrent of one byte, named anew each time. */
  private static byte[] addedInfo() {
    String name = "added-" + UUID.randomUUID();
    return ("d6:lengthi1e4:name"
            + name.length()
            + ":"
            + name
            + "12:piece lengthi16384e6:pieces20:"
            + "x".repeat(20)
            + "e")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A torrent of {@code info}; rtorrent loads none without a tracker (this one is never asked). */
  private static byte[] addedTorrent(byte[] info) {
    String tracker = "http://127.0.0.1:1/announce";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("d8:announce" + tracker.length() + ":" + tracker + "4:info")
            .getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(info);
    out.write('e');
    return out.toByteArray();
  }

  @Test
  void aRerunWhileTheSwarmTransfersStopsThatTransferFirst() throws Exception {
    Cli up =
        Cli.run(
            "up",
            "-p",
            project,
            "--leechers",
            "2",
            "--payload-size",
            "16MiB",
            "--seeder-up-rate",
            "256KiB");
    assertEquals(0, up.code(), up::toString);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (lab.summary().get("progress").asDouble() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertTrue(lab.summary().get("progress").asDouble() > 0, "the first run moves bytes");
    Map<String, String> starts0 = containerStarts();
    // whatever state the peers are in: one crashed, one frozen
    assertEquals(0, Cli.run("kill", "-p", project, "leecher-1").code());
    assertEquals(0, Cli.run("pause", "-p", project, "leecher-2").code());

    Cli again = Cli.run("rerun", "-p", project, "--seeder-up-rate", "none", "--wait");
    assertEquals(0, again.code(), again::toString);
    for (String peer : List.of("leecher-1", "leecher-2")) {
      assertTrue(lab.peer(peer).get("complete").asBoolean(), peer + " runs the new run");
    }
    // the crashed one started again from its container; the frozen one was thawed and reset
    Map<String, String> after = containerStarts();
    assertFalse(starts0.get("leecher-1").equals(after.get("leecher-1")), after::toString);
    assertEquals(starts0.get("leecher-2"), after.get("leecher-2"), after::toString);
    assertEquals(starts0.get("seeder-1"), after.get("seeder-1"), after::toString);
    JsonNode runs = JSON.readTree(Cli.run("runs", "-p", project, "--json").out());
    assertEquals(2, runs.size(), runs::toString);
    assertEquals("incomplete", runs.get(0).get("outcome").asText(), runs.toString());
    assertEquals("complete", runs.get(1).get("outcome").asText(), runs.toString());
    assertEquals(2 * payloadBytes(), report().get("totals").get("receivedBytes").asLong());
  }

  @Test
  void aRerunOfALabOfOwnDataSharesTheDataAsItIsThen(@TempDir Path data) throws Exception {
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    byte[] notes = new byte[2 << 20];
    new Random(7).nextBytes(notes);
    Files.write(data.resolve("notes.bin"), notes);
    Cli up =
        Cli.run(
            "up",
            "-p",
            project,
            "--leechers",
            "2",
            "--data",
            data.toString(),
            "--wait",
            "--verify");
    assertEquals(0, up.code(), up::toString);
    Map<String, String> starts0 = containerStarts();

    // The user adds a file and changes one: the rerun's torrents are made from the data as it is.
    byte[] slides = new byte[3 << 20];
    new Random(8).nextBytes(slides);
    Files.write(data.resolve("slides.bin"), slides);
    notes[0] ^= 1;
    Files.write(data.resolve("notes.bin"), notes);
    Cli again = Cli.run("rerun", "-p", project, "--wait", "--verify", "--timeout", "3m");
    assertEquals(0, again.code(), again::toString);
    for (String peer : List.of("seeder-1", "leecher-1", "leecher-2")) {
      assertTrue(
          again.out().lines().anyMatch(l -> l.equals(peer + ": 2 files ok")), again::toString);
    }
    JsonNode leecher = lab.peer("leecher-1");
    assertEquals(5L << 20, leecher.get("bytesTotal").asLong(), leecher::toString);
    assertTrue(leecher.get("complete").asBoolean(), "both torrents, not the one it was made with");
    assertEquals(2L * (5 << 20), report().get("totals").get("receivedBytes").asLong());
    // one torrent more than each rtorrent's open-files limit was sized for: each started again
    Map<String, String> after = containerStarts();
    for (String peer : List.of("seeder-1", "leecher-1", "leecher-2")) {
      assertFalse(starts0.get(peer).equals(after.get(peer)), peer + ": " + starts0 + " " + after);
    }
  }

  @Test
  void aRerunThatNeedsNewContainersIsRefusedAndTheLabLeftAsItWas(@TempDir Path elsewhere)
      throws Exception {
    Files.writeString(elsewhere.resolve("other.txt"), "another payload\n");
    Cli up = Cli.run("up", "-p", project, "--leechers", "1", "--payload-size", "4MiB", "--wait");
    assertEquals(0, up.code(), up::toString);
    Map<String, String> containers = containerIds();
    Map<String, Set<String>> ids = localIds();
    for (List<String> args :
        List.of(
            List.of("--leecher-client", "rtorrent-have-now"),
            List.of("--data", elsewhere.toString()),
            List.of("--seeders", "3"),
            List.of("--debug"),
            List.of("--leechers", "-1"),
            List.of("--seeder-up-rate", "fast"))) {
      List<String> argv = new java.util.ArrayList<>(List.of("rerun", "-p", project));
      argv.addAll(args);
      Cli refused = Cli.run(argv.toArray(String[]::new));
      assertEquals(2, refused.code(), refused::toString);
      assertFalse(refused.err().contains("nothing to share"), refused::toString);
      assertEquals(1, refused.err().strip().lines().count(), refused::toString);
    }
    Cli other = Cli.run("rerun", "-p", project + "-none");
    assertEquals(2, other.code(), other::toString);
    assertTrue(other.err().contains("no lab named"), other::toString);

    assertEquals(containers, containerIds(), "the same containers");
    assertEquals(ids, localIds(), "the same rtorrents, not restarted");
    assertEquals(1, JSON.readTree(Cli.run("runs", "-p", project, "--json").out()).size());
    assertFalse(Files.exists(lab.control().resolve(LabContract.RERUN_FILE)));
  }

  /** Each container of the lab by name, with its id and state. */
  private Map<String, String> containerIds() {
    Map<String, String> out = new TreeMap<>();
    for (Container c : Docker.containers(project)) {
      out.put(nameOf(c), c.getId() + " " + c.getState());
    }
    return out;
  }

  /** A container of the lab by its service and number, as swarmlab names peers. */
  private static String nameOf(Container c) {
    return c.getLabels().get("com.docker.compose.service")
        + "-"
        + c.getLabels().get("com.docker.compose.container-number");
  }

  /** Each peer of the lab by name, with its address on the lab's network. */
  private Map<String, String> peerAddresses() {
    Map<String, String> out = new TreeMap<>();
    for (Container c : Docker.containers(project)) {
      String service = c.getLabels().get("com.docker.compose.service");
      if (LabContract.PEERS.contains(service)) {
        out.put(
            nameOf(c),
            c.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress());
      }
    }
    return out;
  }

  /** Each peer's own ids for its torrents, as its rtorrent reports them now. */
  private Map<String, Set<String>> localIds() throws Exception {
    Map<String, Set<String>> out = new TreeMap<>();
    for (var p : peerAddresses().entrySet()) {
      RtorrentClient client =
          new RtorrentClient(
              lab.control().resolve(LabContract.socketName(p.getValue())), Duration.ofSeconds(5));
      out.put(p.getKey(), new HashSet<>(client.localIds().values()));
    }
    return out;
  }

  /**
   * When each peer's container last started, by name: a peer reset in place keeps its container
   * running, one started again from it does not.
   */
  private Map<String, String> containerStarts() {
    Map<String, String> out = new TreeMap<>();
    for (Container c : Docker.containers(project)) {
      out.put(
          nameOf(c),
          Docker.client().inspectContainerCmd(c.getId()).exec().getState().getStartedAt());
    }
    return out;
  }

  /** When each peer's rtorrent last started (its peer file's last {@code peer} line), by name. */
  private Map<String, Long> starts() throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (var p : peerAddresses().entrySet()) {
      for (String line :
          Files.readAllLines(lab.control().resolve(LabContract.peerFileName(p.getValue())))) {
        if (line.startsWith("peer ")) {
          out.put(p.getKey(), Long.parseLong(line.split(" ")[1]));
        }
      }
    }
    return out;
  }

  private long payloadBytes() throws Exception {
    return lab.peer("seeder-1").get("bytesTotal").asLong();
  }

  /** The latest run's summary, as report --format json gives it. */
  private JsonNode report() throws Exception {
    Cli report = Cli.run("report", "-p", project, "--format", "json");
    assertEquals(0, report.code(), report::toString);
    return JSON.readTree(report.out());
  }

  /** The first event named {@code name} of run {@code run}. */
  private JsonNode firstEvent(String run, String name) throws Exception {
    for (String line :
        Files.readAllLines(
            Cli.stateDir().resolve(project).resolve("runs").resolve(run).resolve("events.jsonl"))) {
      JsonNode e = JSON.readTree(line);
      if (e.get("event").asText().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no " + name + " event in run " + run);
  }

  /** Downloads the tracker counts as completed, per torrent. */
  private Map<String, Long> trackerCompleted() throws Exception {
    Map<String, Long> out = new HashMap<>();
    for (JsonNode t : JSON.readTree(trackerText())) {
      out.put(t.get("infoHash").asText(), t.get("completed").asLong());
    }
    assertFalse(out.isEmpty(), "the tracker knows the lab's torrents");
    return out;
  }

  private String trackerText() {
    Cli t = Cli.run("status", "-p", project, "--tracker", "--json");
    assertEquals(0, t.code(), t::toString);
    return t.out();
  }
}
