package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.BlockLog;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.testing.Cli;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A run is recorded from its peers' own files, and what {@code report} says of it is exact: the
 * flow matrix is recounted here from the raw block logs, with each sender named by the id its own
 * rtorrent reports ({@code d.local_id}), and the record outlives {@code down --volumes}.
 */
class RunRecordIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String project = "it-runs-" + UUID.randomUUID().toString().substring(0, 8);
  private final LabProbe lab = new LabProbe(project);

  @AfterEach
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void aRunsFlowMatrixIsExactAndOutlivesDown() throws Exception {
    Cli up = Cli.run("up", "-p", project, "--leechers", "4", "--payload-size", "32MiB", "--wait");
    assertEquals(0, up.code(), up::toString);
    Path control = lab.control();

    // Who each peer id is, as each rtorrent itself says, and each torrent's size.
    Map<String, String> names = new HashMap<>(); // peer id -> lab peer name
    Map<String, String> addresses = new HashMap<>(); // address -> lab peer name
    Map<String, Long> sizes = new HashMap<>();
    for (Container c : Docker.containers(project)) {
      String service = c.getLabels().get("com.docker.compose.service");
      if (!LabContract.PEERS.contains(service)) {
        continue;
      }
      String address =
          c.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
      String name = service + "-" + c.getLabels().get("com.docker.compose.container-number");
      addresses.put(address, name);
      RtorrentClient client =
          new RtorrentClient(
              control.resolve(LabContract.socketName(address)), Duration.ofSeconds(5));
      client.localIds().forEach((hash, id) -> names.put(id, name));
      client.torrents().forEach(t -> sizes.put(t.hash().toLowerCase(), t.sizeBytes()));
    }
    assertEquals(6, addresses.size());
    long payload = sizes.values().stream().mapToLong(Long::longValue).sum();

    // The flow matrix recounted from the raw logs: every block a leecher kept, once.
    Map<String, Long> recount = new TreeMap<>(); // "from>to" -> bytes
    for (var e : addresses.entrySet()) {
      Path log = control.resolve(LabContract.blockLogName(e.getKey()));
      List<BlockLog.Event> events = new ArrayList<>();
      BlockLog.read(log, events::add);
      if (e.getValue().startsWith(LabContract.SEEDER)) {
        assertTrue(
            events.stream().allMatch(b -> b.direction() == BlockLog.Direction.UP),
            "a seeder only sends: " + log);
      }
      Map<String, Set<String>> blocks = new HashMap<>();
      Map<String, Long> kept = new HashMap<>();
      for (BlockLog.Event b : events) {
        if (!b.receivedCompleted()) {
          continue;
        }
        if (blocks
            .computeIfAbsent(b.infoHash(), h -> new HashSet<>())
            .add(b.piece() + "/" + b.offset())) {
          kept.merge(b.infoHash(), (long) b.length(), Long::sum);
          String from = names.get(b.peerId());
          assertTrue(from != null, "every sender is a peer of the lab: " + b);
          recount.merge(from + ">" + e.getValue(), (long) b.length(), Long::sum);
        }
      }
      if (e.getValue().startsWith(LabContract.LEECHER)) {
        assertEquals(sizes, kept, e.getValue() + " kept every byte of every torrent once");
      }
    }

    // While the lab runs: report reads the live files.
    JsonNode live = summary();
    assertEquals("running", live.get("state").asText());
    assertTrue(live.get("complete").asBoolean(), live.toString());
    assertEquals(recount, flows(live), "the flow matrix is the raw logs' recount");
    assertEquals(4 * payload, live.get("totals").get("receivedBytes").asLong());
    long fromPeers =
        live.get("totals").get("fromSeeders").asLong()
            + live.get("totals").get("fromLeechers").asLong();
    assertEquals(4 * payload, fromPeers, "no byte came from a peer the record cannot name");
    for (JsonNode p : live.get("peers")) {
      assertTrue(addresses.containsValue(p.get("name").asText()), "a lab peer: " + p);
      if (p.get("role").asText().equals(LabContract.LEECHER)) {
        assertFalse(p.get("completedAt").isNull(), p.toString());
        long sum = 0;
        for (JsonNode v : p.get("receivedFrom")) {
          sum += v.asLong();
        }
        assertEquals(payload, sum, "what " + p.get("name") + " received from each peer adds up");
      }
    }

    // status says the same per peer, from the same logs, while the lab runs.
    JsonNode status = lab.status();
    Map<String, Long> fromStatus = new TreeMap<>();
    for (JsonNode p : status.get("peers")) {
      p.get("receivedFrom")
          .properties()
          .forEach(
              f ->
                  fromStatus.put(f.getKey() + ">" + p.get("name").asText(), f.getValue().asLong()));
    }
    assertEquals(recount, fromStatus, status::toString);
    Cli detail = Cli.run("status", "-p", project, "leecher-1");
    assertEquals(0, detail.code(), detail::toString);
    assertTrue(detail.out().contains("received from"), detail.out());

    // down --volumes: the record stays, its logs packed, and reads the same.
    Cli down = Cli.run("down", "-p", project, "--volumes");
    assertEquals(0, down.code(), down::toString);
    assertTrue(down.out().contains("swarmlab report"), down.out());
    Path run = lab.latestRun();
    for (String f : List.of("run.json", "events.jsonl", "docker-compose.yml", "summary.json")) {
      assertTrue(Files.isRegularFile(run.resolve(f)), f + " in " + run);
    }
    try (DirectoryStream<Path> d =
        Files.newDirectoryStream(run.resolve("peers"), "*.blocks.log.gz")) {
      int n = 0;
      for (Path p : d) {
        n++;
      }
      assertEquals(6, n, "every peer's block log, packed");
    }
    try (DirectoryStream<Path> d = Files.newDirectoryStream(control, "*.blocks.log*")) {
      assertFalse(d.iterator().hasNext(), "the control directory keeps no log of an ended run");
    }
    JsonNode ended = summary();
    assertEquals("ended", ended.get("state").asText());
    assertEquals(recount, flows(ended));

    Cli list = Cli.run("runs", "-p", project, "--json");
    assertEquals(0, list.code(), list::toString);
    JsonNode rows = JSON.readTree(list.out());
    assertEquals(1, rows.size());
    assertEquals("complete", rows.get(0).get("outcome").asText());
    assertEquals(run.getFileName().toString(), rows.get(0).get("run").asText());

    // CSV: the flows table is the summary's; the blocks table adds up to it.
    Cli csv = Cli.run("report", "-p", project, "--format", "csv");
    assertEquals(0, csv.code(), csv::toString);
    String[] lines = csv.out().strip().split("\n");
    assertEquals("from,from_role,to,bytes,blocks,duplicate_bytes,first_s,last_s", lines[0]);
    Map<String, Long> csvFlows = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",");
      csvFlows.put(f[0] + ">" + f[2], Long.parseLong(f[3]));
    }
    assertEquals(recount, csvFlows);
    Cli blocks = Cli.run("report", "-p", project, "--format", "csv", "--table", "blocks");
    assertEquals(0, blocks.code(), blocks::toString);
    String[] blockLines = blocks.out().strip().split("\n");
    assertEquals("time_s,epoch,torrent,piece,offset,length,from,to,duplicate", blockLines[0]);
    Map<String, Long> fromBlocks = new TreeMap<>();
    for (int i = 1; i < blockLines.length; i++) {
      String[] f = blockLines[i].split(",");
      if (f[8].equals("false")) {
        fromBlocks.merge(f[6] + ">" + f[7], Long.parseLong(f[5]), Long::sum);
      }
    }
    assertEquals(recount, fromBlocks);
    Cli peers = Cli.run("report", "-p", project, "--format", "csv", "--table", "peers");
    assertTrue(
        peers
            .out()
            .startsWith(
                "name,role,address,started_s,completed_s,time_to_complete_s,received_bytes,sent_bytes,duplicate_bytes,client\n"),
        peers.out());
    assertEquals(7, peers.out().strip().split("\n").length, peers.out());

    // The page: one self-contained file, its charts with a series per leecher where there should
    // be.
    Cli html = Cli.run("report", "-p", project);
    assertEquals(0, html.code(), html::toString);
    Path page = Path.of(html.out().strip()).toAbsolutePath();
    assertTrue(Files.isRegularFile(page), html.out());
    assertNotEquals(0, Files.size(page));
    ReportPage.check(
        page,
        Path.of("target/report-screenshots/complete.png"),
        4,
        ended.get("flows").size(),
        false);
  }

  /**
   * A run cut short, with its only seeder slowed to a trickle, a leecher killed and Ctrl-C during
   * {@code up --wait}: the lab stays up, and its report says, before and after {@code down}, that
   * the run is incomplete and who did not finish.
   */
  @Test
  void aRunKilledMidwayStillGivesAReportMarkedIncomplete() throws Exception {
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
            // the seeder's upload slowed from its start: the swarm cannot complete here
            "--seeder-up-rate",
            "64KiB",
            "--wait");
    assertTrue(up.awaitErr("waiting:", Duration.ofMinutes(3)), up::toString);
    Container leecher = Docker.container(project, LabContract.LEECHER, 2);
    Docker.client().killContainerCmd(leecher.getId()).exec();
    up.interrupt();
    assertNotEquals(0, up.exitCode(Duration.ofMinutes(1)), up::toString);

    JsonNode live = summary();
    assertEquals("running", live.get("state").asText());
    assertFalse(live.get("complete").asBoolean(), live.toString());
    assertTrue(live.get("note").asText().startsWith("incomplete"), live.toString());
    assertTrue(live.get("note").asText().contains("leecher-2"), live.toString());
    Cli html = Cli.run("report", "-p", project);
    assertEquals(0, html.code(), html::toString);
    ReportPage.check(
        Path.of(html.out().strip()).toAbsolutePath(),
        Path.of("target/report-screenshots/incomplete.png"),
        // a leecher killed before it wrote a line has no series: the note names it instead
        live.get("timeline").get("leecherProgress").size(),
        live.get("flows").size(),
        true);

    assertEquals(0, Cli.run("down", "-p", project).code());
    JsonNode ended = summary();
    assertEquals("ended", ended.get("state").asText());
    assertFalse(ended.get("complete").asBoolean());
    Cli list = Cli.run("runs", "-p", project, "--json");
    assertEquals(
        "incomplete", JSON.readTree(list.out()).get(0).get("outcome").asText(), list.out());
    List<JsonNode> downs = lab.events("down");
    assertTrue(!downs.isEmpty(), "down recorded the containers it found");
    JsonNode downEvent = downs.get(downs.size() - 1);
    boolean killedSeen = false;
    for (JsonNode c : downEvent.get("detail").get("containers")) {
      if (c.get("name").asText().equals("leecher-2")) {
        assertEquals("exited", c.get("state").asText(), c.toString());
        killedSeen = true;
      }
    }
    assertTrue(killedSeen, downEvent.toString());
  }

  private JsonNode summary() throws Exception {
    Cli report = Cli.run("report", "-p", project, "--format", "json");
    assertEquals(0, report.code(), report::toString);
    return JSON.readTree(report.out());
  }

  private static Map<String, Long> flows(JsonNode summary) {
    Map<String, Long> out = new TreeMap<>();
    for (JsonNode f : summary.get("flows")) {
      out.put(f.get("from").asText() + ">" + f.get("to").asText(), f.get("bytes").asLong());
    }
    return out;
  }
}
