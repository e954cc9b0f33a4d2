package dev.swarmlab.runs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.plan.LabContract;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run's record: its events, and the peers' files it takes in when it ends. */
class RunRecordTest {
  private static final String ID = "20261126T065755Z-60f76a84";
  private static final String SECRET = "the user's private key";

  @TempDir Path tmp;
  private Path labDir;
  private Path control;
  private RunRecord record;

  @BeforeEach
  void run() throws IOException {
    labDir = Files.createDirectories(tmp.resolve("lab"));
    control = Files.createDirectories(labDir.resolve(LabContract.CONTROL_DIR));
    record = new RunStore(labDir, "demo").begin(ID, new RunPlan(1, 1, "generated 1 MiB", true));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(control.resolve(name), text);
  }

  @Test
  void eventsRoundTripWithTheirDetail() {
    Instant before = Instant.now();
    record.event(
        "started",
        Map.of(
            "containers",
            List.of(
                Map.of(
                    "name", "leecher-1", "service", "leecher", "address", "10.0.0.3", "number", 1)),
            "note",
            "caf\u00e9 \"quoted\"\nnew line"));
    record.event("complete", Map.of());

    List<RunRecord.Event> events = record.events();
    assertEquals(
        List.of("up", "started", "complete"), events.stream().map(e -> e.event()).toList());
    RunRecord.Event started = events.get(1);
    assertEquals(
        List.of(
            Map.of("name", "leecher-1", "service", "leecher", "address", "10.0.0.3", "number", 1)),
        started.detail().get("containers"));
    assertEquals("caf\u00e9 \"quoted\"\nnew line", started.detail().get("note"));
    assertFalse(started.instant().isBefore(before));
    assertEquals(Map.of(), events.get(2).detail());
    assertEquals(started, record.last("started").orElseThrow());
    assertEquals(Optional.empty(), record.last("failed"));
  }

  @Test
  void theLastOfTwoEventsOfOneNameIsTheLast() {
    record.event("started", Map.of("n", 1));
    record.event("started", Map.of("n", 2));
    assertEquals(2, record.last("started").orElseThrow().detail().get("n"));
    assertEquals(3, record.events().size());
  }

  @Test
  void aLineCutShortByACrashIsPassedOver() throws IOException {
    Path events = record.dir().resolve(RunRecord.EVENTS);
    Files.writeString(
        events,
        "\n  \n{\"at\":\"2026-11-26T06:58:00Z\",\"event\":\"sta",
        StandardOpenOption.APPEND);
    Files.writeString(events, "\n", StandardOpenOption.APPEND);
    record.event("ended", Map.of("how", "down"));

    assertEquals(List.of("up", "ended"), record.events().stream().map(e -> e.event()).toList());
    assertTrue(record.ended());
  }

  @Test
  void aLinkedEventsFileIsNeitherReadNorWrittenThrough() throws IOException {
    Path victim = Files.writeString(tmp.resolve("victim"), SECRET);
    Path events = record.dir().resolve(RunRecord.EVENTS);
    Files.delete(events);
    Files.createSymbolicLink(events, victim);

    assertEquals(List.of(), record.events());
    assertThrows(RuntimeException.class, () -> record.event("started", Map.of()));
    assertEquals(SECRET, Files.readString(victim));
  }

  @Test
  void endPacksTheLogsAndCopiesThePeerFilesAndLeavesTheRestAlone() throws Exception {
    String current = "1 current log\n";
    String rotated = "1 log of the first start\n";
    String peer = "peer 1 leecher-1 leecher\n";
    write("10.0.0.3.blocks.log", current);
    write("10.0.0.3.blocks.log.1795654030123456789", rotated);
    write("10.0.0.3.peer", peer);
    write("10.0.0.4.peer", "peer 2 leecher-2 leecher\n");
    write("notes.txt", "the user's notes");
    write("10.0.0.3.blocks.log.gz", "not ours");
    Path socket = control.resolve("10.0.0.3.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));

      record.end(control, "down");
    }

    Path peers = record.dir().resolve(RunRecord.PEERS);
    assertEquals(
        new TreeSet<>(
            List.of(
                "10.0.0.3.blocks.log.gz",
                "10.0.0.3.blocks.log.1795654030123456789.gz",
                "10.0.0.3.peer",
                "10.0.0.4.peer")),
        names(peers));
    assertEquals(current, gunzip(peers.resolve("10.0.0.3.blocks.log.gz")));
    assertEquals(rotated, gunzip(peers.resolve("10.0.0.3.blocks.log.1795654030123456789.gz")));
    assertEquals(peer, Files.readString(peers.resolve("10.0.0.3.peer")));
    assertEquals(
        new TreeSet<>(List.of("10.0.0.3.sock", "notes.txt", "10.0.0.3.blocks.log.gz")),
        names(control),
        "sockets and other files stay");
    assertEquals("the user's notes", Files.readString(control.resolve("notes.txt")));
    RunRecord.Event ended = record.last(RunRecord.ENDED).orElseThrow();
    assertEquals(Map.of("how", "down", "peerFiles", 4), ended.detail());
    assertTrue(record.ended());
  }

  @Test
  void aLinkPlantedInTheControlDirectoryIsRemovedNeverFollowed() throws Exception {
    Path secret = Files.writeString(tmp.resolve("id_ed25519"), SECRET + "\n");
    Files.createSymbolicLink(control.resolve("10.0.0.9.blocks.log"), secret);
    Files.createSymbolicLink(control.resolve("10.0.0.9.blocks.log.123"), secret);
    Files.createSymbolicLink(control.resolve("10.0.0.9.peer"), secret);
    write("10.0.0.3.peer", "peer 1 leecher-1 leecher\n");

    Map<String, RunRecord.PeerFiles> whileRunning = record.peerFiles();
    assertEquals(List.of("10.0.0.3"), List.copyOf(whileRunning.keySet()), "links are not read");

    record.end(control, "down");

    for (String name : List.of("10.0.0.9.blocks.log", "10.0.0.9.blocks.log.123", "10.0.0.9.peer")) {
      assertFalse(Files.exists(control.resolve(name), LinkOption.NOFOLLOW_LINKS), name);
    }
    assertEquals(SECRET + "\n", Files.readString(secret), "the target is untouched");
    assertEquals(new TreeSet<>(List.of("10.0.0.3.peer")), names(record.dir().resolve("peers")));
    try (Stream<Path> all = Files.walk(record.dir())) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        String text =
            f.toString().endsWith(".gz")
                ? gunzip(f)
                : Files.readString(f, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(SECRET), f + " holds the link's target");
      }
    }
    // the links count among the files dealt with (removed), none of them was kept
    assertEquals(4, record.last(RunRecord.ENDED).orElseThrow().detail().get("peerFiles"));
    assertEquals(List.of("10.0.0.3"), List.copyOf(record.peerFiles().keySet()));
  }

  @Test
  void aDirectoryNamedLikeABlockLogDoesNotStopTheRunFromEnding() throws Exception {
    Path odd = Files.createDirectories(control.resolve("10.0.0.9.blocks.log"));
    Files.writeString(odd.resolve("inside"), "x");
    write("10.0.0.3.peer", "peer 1 leecher-1 leecher\n");

    record.end(control, "down");

    assertTrue(record.ended());
    assertEquals(new TreeSet<>(List.of("10.0.0.3.peer")), names(record.dir().resolve("peers")));
    assertEquals("x", Files.readString(odd.resolve("inside")), "left where it is");
  }

  @Test
  void anEndCutShortIsDoneAgainByTheNext() throws Exception {
    write("10.0.0.3.blocks.log", "whole log\n");
    Path peers = Files.createDirectories(record.dir().resolve(RunRecord.PEERS));
    // what a crash while packing leaves
    Files.writeString(peers.resolve("10.0.0.3.blocks.log.gz.tmp"), "half a gzip");

    record.end(control, "found ended by the next up");

    assertEquals("whole log\n", gunzip(peers.resolve("10.0.0.3.blocks.log.gz")));
    assertTrue(record.ended());
  }

  @Test
  void endingWithoutAControlDirectoryKeepsNothing() {
    record.end(tmp.resolve("none"), "down");
    assertEquals(0, record.last(RunRecord.ENDED).orElseThrow().detail().get("peerFiles"));
    assertEquals(Map.of(), record.peerFiles());
  }

  @Test
  void peerFilesComeFromTheControlDirectoryWhileRunningAndFromPeersOnceEnded() throws Exception {
    write("10.0.0.3.blocks.log", "current\n");
    write("10.0.0.3.blocks.log.100", "second start\n");
    write("10.0.0.3.blocks.log.99", "first start\n");
    write("10.0.0.3.peer", "peer 1 leecher-1 leecher\n");
    write("10.0.0.4.blocks.log", "only a log\n");
    write("10.0.0.3.sock", "");
    write("readme", "");

    Map<String, RunRecord.PeerFiles> running = record.peerFiles();
    assertEquals(List.of("10.0.0.3", "10.0.0.4"), List.copyOf(running.keySet()));
    RunRecord.PeerFiles three = running.get("10.0.0.3");
    assertEquals("10.0.0.3", three.address());
    assertEquals(
        List.of(
            control.resolve("10.0.0.3.blocks.log.99"),
            control.resolve("10.0.0.3.blocks.log.100"),
            control.resolve("10.0.0.3.blocks.log")),
        three.blockLogs(),
        "oldest first");
    assertEquals(control.resolve("10.0.0.3.peer"), three.peerFile());
    assertNull(running.get("10.0.0.4").peerFile());
    assertEquals(
        List.of("first start\n", "second start\n", "current\n"), contents(three.blockLogs()));

    record.end(control, "down");

    Path peers = record.dir().resolve(RunRecord.PEERS);
    Map<String, RunRecord.PeerFiles> ended = record.peerFiles();
    assertEquals(List.of("10.0.0.3", "10.0.0.4"), List.copyOf(ended.keySet()));
    assertEquals(
        List.of(
            peers.resolve("10.0.0.3.blocks.log.99.gz"),
            peers.resolve("10.0.0.3.blocks.log.100.gz"),
            peers.resolve("10.0.0.3.blocks.log.gz")),
        ended.get("10.0.0.3").blockLogs());
    assertEquals(peers.resolve("10.0.0.3.peer"), ended.get("10.0.0.3").peerFile());
    assertEquals(
        List.of("first start\n", "second start\n", "current\n"),
        contents(ended.get("10.0.0.3").blockLogs()));
    assertEquals(List.of("only a log\n"), contents(ended.get("10.0.0.4").blockLogs()));
  }

  @Test
  void whileRunningAPackedFileInTheControlDirectoryIsNoPeersFile() throws Exception {
    write("10.0.0.3.blocks.log", "current\n");
    write("10.0.0.3.blocks.log.gz", "not a gzip: a peer's plant");
    write("10.0.0.4.peer.gz", "not a gzip either");

    Map<String, RunRecord.PeerFiles> running = record.peerFiles();

    assertEquals(List.of("10.0.0.3"), List.copyOf(running.keySet()));
    assertEquals(
        List.of(control.resolve("10.0.0.3.blocks.log")), running.get("10.0.0.3").blockLogs());
  }

  @Test
  void aLogKeptAsideWithTwentyDigitsIsOrderedNotFatal() throws Exception {
    write("10.0.0.3.blocks.log", "current\n");
    write("10.0.0.3.blocks.log." + "9".repeat(20), "later\n");
    write("10.0.0.3.blocks.log.5", "earlier\n");

    assertEquals(
        List.of("earlier\n", "later\n", "current\n"),
        contents(record.peerFiles().get("10.0.0.3").blockLogs()));
    record.end(control, "down");
    assertEquals(
        List.of("earlier\n", "later\n", "current\n"),
        contents(record.peerFiles().get("10.0.0.3").blockLogs()));
  }

  @Test
  void openUnpacksAPackedFileAndRefusesALink() throws Exception {
    Path plain = write("10.0.0.3.blocks.log", "plain\n");
    record.end(control, "down");
    Path packed = record.dir().resolve("peers/10.0.0.3.blocks.log.gz");
    assertTrue(
        Files.readAllBytes(packed).length > 2 && Files.readAllBytes(packed)[0] == (byte) 0x1f);
    try (InputStream in = RunRecord.open(packed)) {
      assertEquals("plain\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Path text = Files.writeString(tmp.resolve("text"), "as is");
    try (InputStream in = RunRecord.open(text)) {
      assertEquals("as is", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    Path link = Files.createSymbolicLink(tmp.resolve("link.gz"), packed);
    assertThrows(IOException.class, () -> RunRecord.open(link).close());
    assertThrows(IOException.class, () -> RunRecord.open(tmp).close());
    assertFalse(Files.exists(plain));
  }

  @Test
  void theSummaryAndComposeFileAreKept() throws Exception {
    assertEquals(Optional.empty(), record.summaryFile());
    record.writeSummary("{\"run\":1}".getBytes(StandardCharsets.UTF_8));
    record.keepComposeFile("services: {}\n");
    assertEquals(record.dir().resolve("summary.json"), record.summaryFile().orElseThrow());
    assertArrayEquals(
        "{\"run\":1}".getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(record.summaryFile().orElseThrow()));
    assertEquals("services: {}\n", Files.readString(record.dir().resolve("docker-compose.yml")));
  }

  private static List<String> contents(List<Path> files) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      try (InputStream in = RunRecord.open(f)) {
        out.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static String gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static TreeSet<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }
}
