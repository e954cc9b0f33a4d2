package dev.swarmlab.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.engine.ContainerAction;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.StubEngine;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.RateLimits;
import dev.swarmlab.rtorrent.PeerFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PeerReset} on fake rtorrents (unix sockets that answer as rtorrent does) and a fake
 * engine: what it asks of each peer, in which order, and when it starts a container again instead.
 * The real thing is RerunIT's.
 */
class PeerResetTest {
  @TempDir Path control;
  private final List<FakeRtorrent> rtorrents = new ArrayList<>();
  private final List<String> acts = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws IOException {
    for (FakeRtorrent r : rtorrents) {
      r.server.close();
    }
  }

  /** A fake rtorrent: the calls it was sent, and the downloads it has. */
  private static final class FakeRtorrent {
    final ServerSocketChannel server;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> downloads = new CopyOnWriteArrayList<>(List.of("AA", "BB"));
    // loaded on rtorrent's next turn, as rtorrent adds a torrent after the call that sends it
    final List<String> loading = new CopyOnWriteArrayList<>();
    final int sizedFor;
    final boolean eraseFails;

    final String socketName;

    FakeRtorrent(Path socket, int sizedFor, boolean eraseFails) throws IOException {
      this.socketName = socket.getFileName().toString();
      this.sizedFor = sizedFor;
      this.eraseFails = eraseFails;
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread t = new Thread(this::serve, "fake-rtorrent");
      t.setDaemon(true);
      t.start();
    }

    private void serve() {
      while (server.isOpen()) {
        try (SocketChannel s = server.accept()) {
          String request = readRequest(Channels.newInputStream(s));
          String reply = answer(request);
          Channels.newOutputStream(s)
              .write(
                  ("Status: 200 OK\r\nContent-Type: text/xml\r\n\r\n" + reply)
                      .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          return;
        }
      }
    }

    private static String readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] b = new byte[65536];
      int n;
      while ((n = in.read(b)) > 0) {
        all.write(b, 0, n);
        String text = all.toString(StandardCharsets.ISO_8859_1);
        if (text.endsWith("</methodCall>")) {
          break;
        }
      }
      return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static final Pattern PARAM =
        Pattern.compile("<(string|i8|base64)>([^<]*)</\\1>", Pattern.DOTALL);

    private String answer(String request) {
      Matcher m = Pattern.compile("<methodName>([^<]*)</methodName>").matcher(request);
      String method = m.find() ? m.group(1) : "?";
      List<String> params = new ArrayList<>();
      Matcher p = PARAM.matcher(request.substring(request.indexOf("<params>")));
      while (p.find()) {
        params.add(
            p.group(1).equals("base64")
                ? new String(Base64.getDecoder().decode(p.group(2)), StandardCharsets.US_ASCII)
                : p.group(2));
      }
      calls.add((method + " " + String.join(" ", params).strip()).strip());
      String value =
          switch (method) {
            case "system.env" -> "<string>" + sizedFor + "</string>";
            case "directory.default" -> "<string>" + LabContract.DOWNLOADS_DIR + "</string>";
            case "download_list" ->
                "<array><data>"
                    + String.join(
                        "",
                        downloads.stream()
                            .map(d -> "<value><string>" + d + "</string></value>")
                            .toList())
                    + "</data></array>";
            case "d.erase" -> {
              if (eraseFails) {
                yield null;
              }
              downloads.remove(params.get(0));
              yield "<i8>0</i8>";
            }
            case "load.raw_start" -> {
              loading.add(params.get(1));
              yield "<i8>0</i8>";
            }
            case "f.multicall" -> {
              String base = params.get(0).equals("BB") ? "/elsewhere" : LabContract.DOWNLOADS_DIR;
              yield "<array><data><value><array><data><value><string>"
                  + base
                  + "/"
                  + params.get(0)
                  + "/1.bin</string></value></data></array></value><value><array><data>"
                  + "<value><string>"
                  + base
                  + "/"
                  + params.get(0)
                  + ".bin</string></value></data></array></value></data></array>";
            }
            case "system.hostname" -> "<string>host-of-" + socketName + "</string>";
            case "d.multicall2" -> {
              String rows =
                  String.join(
                      "",
                      downloads.stream()
                          .map(
                              d ->
                                  "<value><array><data><value><string>"
                                      + hex40(d)
                                      + "</string></value><value><string>"
                                      + hex40("id-" + d)
                                      + "</string></value><value><i8>1048576</i8></value>"
                                      + "<value><i8>262144</i8></value><value><string>"
                                      + d.toLowerCase(java.util.Locale.ROOT)
                                      + "</string></value></data></array></value>")
                          .toList());
              downloads.addAll(loading);
              loading.clear();
              yield "<array><data>" + rows + "</data></array>";
            }
            default -> "<i8>0</i8>";
          };
      if (value == null) {
        return "<methodResponse><fault><value><struct><member><name>faultCode</name><value><i8>-501</i8>"
            + "</value></member><member><name>faultString</name><value><string>no</string></value>"
            + "</member></struct></value></fault></methodResponse>";
      }
      return "<methodResponse><params><param><value>"
          + value
          + "</value></param></params></methodResponse>";
    }
  }

  /** {@code name}'s bytes in upper-case hex, as rtorrent writes a hash, padded to 40 digits. */
  private static String hex40(String name) {
    String hex =
        java.util.HexFormat.of()
            .withUpperCase()
            .formatHex(name.getBytes(StandardCharsets.US_ASCII));
    return "0".repeat(40 - hex.length()) + hex;
  }

  private ContainerInfo peer(String service, int number, String state) {
    return new ContainerInfo(
        service + number,
        "lab-" + service + "-" + number,
        service,
        number,
        state,
        Map.of(),
        Map.of(),
        Map.of(LabContract.CONTROL_MOUNT, control.toString()),
        "10.0.0." + (service.equals(LabContract.SEEDER) ? number : 10 + number),
        1);
  }

  private FakeRtorrent rtorrent(ContainerInfo p, int sizedFor, boolean eraseFails)
      throws IOException {
    FakeRtorrent r =
        new FakeRtorrent(
            control.resolve(LabContract.socketName(p.ipAddress())), sizedFor, eraseFails);
    rtorrents.add(r);
    // as its entrypoint writes it when the container starts
    Files.writeString(
        control.resolve(LabContract.peerFileName(p.ipAddress())),
        "peer 1700000000 old " + p.service() + "\n");
    return r;
  }

  /** An engine of {@code peers}; a container started again says it stopped, as its entrypoint. */
  private StubEngine engine(List<ContainerInfo> given) {
    List<ContainerInfo> peers = new CopyOnWriteArrayList<>(given);
    return new StubEngine() {
      @Override
      public List<ContainerInfo> list(String project) {
        return List.copyOf(peers);
      }

      @Override
      public void act(String id, ContainerAction action) {
        acts.add(id + " " + action);
        if (action == ContainerAction.RESTART) {
          ContainerInfo p = peers.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
          peers.set(
              peers.indexOf(p),
              new ContainerInfo(
                  p.id(),
                  p.name(),
                  p.service(),
                  p.number(),
                  "running",
                  p.labels(),
                  p.published(),
                  p.mounts(),
                  p.ipAddress(),
                  p.createdAt()));
          try {
            Files.writeString(control.resolve(LabContract.stoppedName(p.ipAddress())), "");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }

      @Override
      public Map<String, byte[]> readFiles(String id, String dir, String suffix, long maxBytes) {
        assertEquals(LabContract.TORRENTS_MOUNT, dir);
        // by name, as the engine's archive gives them
        return new java.util.TreeMap<>(
            Map.of(
                "a.torrent", "NEWA".getBytes(StandardCharsets.US_ASCII),
                "b.torrent", "NEWB".getBytes(StandardCharsets.US_ASCII)));
      }
    };
  }

  private static final RateLimits RATES = new RateLimits(1 << 20, 2 << 20, 3 << 20, 4 << 20);

  private static PeerReset.Go go(String run) {
    return new PeerReset.Go(run, 1_800_000_000L, RATES, new LabContract.Shared(2, 1 << 20));
  }

  private String rerunFile() throws IOException {
    Path f = control.resolve(LabContract.RERUN_FILE);
    return Files.exists(f) ? Files.readString(f).strip() : null;
  }

  @Test
  void aRunningPeerIsResetWhereItRunsAndBegunAgainWithTheNewRun() throws Exception {
    ContainerInfo seeder = peer(LabContract.SEEDER, 1, "running");
    ContainerInfo leecher = peer(LabContract.LEECHER, 1, "running");
    FakeRtorrent s = rtorrent(seeder, 2, false);
    FakeRtorrent l = rtorrent(leecher, 2, false);
    Path log = control.resolve(LabContract.blockLogName(leecher.ipAddress()));
    Files.writeString(log, "the run before\n");
    PeerReset reset = new PeerReset(engine(List.of(seeder, leecher)), "lab", control);

    reset.stop("R2", 2, line -> {});
    assertEquals("stop R2", rerunFile());
    assertTrue(s.downloads.isEmpty() && l.downloads.isEmpty(), "every download erased");
    assertTrue(
        l.calls.contains(
            "execute.throw find " + LabContract.DOWNLOADS_DIR + " -mindepth 1 -delete"),
        l.calls::toString);
    assertFalse(
        s.calls.stream().anyMatch(c -> c.startsWith("execute.throw find")),
        "a seeder keeps its data");
    assertTrue(acts.isEmpty(), "no container started again: " + acts);

    reset.goInWaves(go("R2"), List.of(List.of(seeder), List.of(leecher)), Duration.ofMillis(10));
    assertTrue(
        rerunFile().startsWith("go R2 1800000000 1048576 2097152 3145728 4194304 2"), rerunFile());
    List<String> begun =
        l.calls.subList(l.calls.indexOf("throttle.global_up.max_rate.set 3145728"), l.calls.size());
    assertEquals(
        List.of(
            "throttle.global_up.max_rate.set 3145728",
            "throttle.global_down.max_rate.set 4194304",
            "log.open_file "
                + LabContract.BLOCK_LOG_OUTPUT
                + " "
                + LabContract.CONTROL_MOUNT
                + "/"
                + LabContract.blockLogName(leecher.ipAddress()),
            "method.set_key event.download.inserted " + LabContract.PEER_FILE_HOOK,
            "system.hostname",
            "load.raw_start NEWA",
            "load.raw_start NEWB",
            "d.multicall2 main d.hash= d.local_id= d.size_bytes= d.chunk_size= d.name=",
            "d.multicall2 main d.hash= d.local_id= d.size_bytes= d.chunk_size= d.name=",
            "method.set_key event.download.inserted "
                + LabContract.PEER_FILE_HOOK
                + " "
                + LabContract.PEER_FILE_HOOK_COMMAND),
        begun);
    // no process started in the peer to note the start: swarmlab notes it in the peer file, which
    // reads as one the peer's scripts wrote
    assertFalse(begun.stream().anyMatch(c -> c.startsWith("execute")), begun::toString);
    PeerFile noted = PeerFile.read(control.resolve(LabContract.peerFileName(leecher.ipAddress())));
    assertEquals(2, noted.starts().size());
    PeerFile.Start start = noted.starts().get(1);
    assertEquals(
        List.of("host-of-" + LabContract.socketName(leecher.ipAddress()), LabContract.LEECHER),
        List.of(start.hostName(), start.role()));
    assertTrue(start.epochSecond() >= java.time.Instant.now().getEpochSecond() - 60);
    java.util.function.BiFunction<String, Long, PeerFile.Torrent> asFaked =
        (name, epoch) ->
            new PeerFile.Torrent(
                epoch,
                hex40(name).toLowerCase(java.util.Locale.ROOT),
                hex40("id-" + name).toLowerCase(java.util.Locale.ROOT),
                1048576,
                262144,
                name.toLowerCase(java.util.Locale.ROOT));
    assertEquals(
        List.of(
            asFaked.apply("NEWA", noted.torrents().get(0).epochSecond()),
            asFaked.apply("NEWB", noted.torrents().get(1).epochSecond())),
        noted.torrents());
    assertEquals(List.of(1, 1), noted.loadedAfter(), "both loaded by the new start");
    assertTrue(s.calls.contains("throttle.global_up.max_rate.set 1048576"), s.calls::toString);
    assertEquals(List.of("NEWA", "NEWB"), l.downloads);
    // the block log of the run before is set aside under a name the run records take for one
    try (Stream<Path> files = Files.list(control)) {
      List<String> aside =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.startsWith(log.getFileName() + "."))
              .toList();
      assertEquals(1, aside.size(), aside::toString);
      assertTrue(LabContract.isBlockLog(aside.get(0)), aside.get(0));
      assertEquals("the run before\n", Files.readString(control.resolve(aside.get(0))));
    }
    assertTrue(reset.restarted().isEmpty());
  }

  @Test
  void aPeerThatCannotBeResetSoIsStartedAgainFromItsContainer() throws Exception {
    ContainerInfo small = peer(LabContract.LEECHER, 1, "running"); // sized for fewer torrents
    ContainerInfo failing = peer(LabContract.LEECHER, 2, "running"); // fails half-way
    ContainerInfo exited = peer(LabContract.LEECHER, 3, "exited");
    FakeRtorrent r1 = rtorrent(small, 1, false);
    FakeRtorrent r2 = rtorrent(failing, 2, true);
    PeerReset reset = new PeerReset(engine(List.of(small, failing, exited)), "lab", control);

    reset.stop("R2", 2, line -> {});
    assertEquals(List.of("AA", "BB"), r1.downloads, "not touched");
    assertTrue(
        acts.containsAll(List.of("leecher1 RESTART", "leecher2 RESTART", "leecher3 RESTART")),
        acts::toString);
    assertEquals(List.of("leecher-1", "leecher-2", "leecher-3"), reset.restarted());

    reset.goInWaves(
        go("R2"),
        List.of(List.of(small), List.of(failing), List.of(exited)),
        Duration.ofMillis(10));
    assertFalse(
        r1.calls.stream().anyMatch(c -> c.startsWith("load.raw_start")), r1.calls::toString);
    assertFalse(
        r2.calls.stream().anyMatch(c -> c.startsWith("load.raw_start")), r2.calls::toString);
    // each let go by its own file while the others still waited, then by the go line
    for (ContainerInfo p : List.of(small, failing, exited)) {
      assertTrue(Files.exists(control.resolve(LabContract.goName(p.ipAddress()))), p.name());
    }
    assertTrue(rerunFile().startsWith("go R2 "), rerunFile());
  }

  @Test
  void releaseBeginsThePeersResetAgainInTheRunBeforeAndNothingIsWrittenAfter() throws Exception {
    Files.writeString(control.resolve(LabContract.RERUN_FILE), "go R1 1700000000 0 0 0 0 2 100\n");
    ContainerInfo leecher = peer(LabContract.LEECHER, 1, "running");
    FakeRtorrent l = rtorrent(leecher, 2, false);
    PeerReset reset = new PeerReset(engine(List.of(leecher)), "lab", control);
    reset.stop("R2", 2, line -> {});
    assertTrue(l.downloads.isEmpty());

    reset.release(); // Ctrl-C
    assertEquals("go R1 1700000000 0 0 0 0 2 100", rerunFile(), "as it was");
    assertEquals(List.of("NEWA", "NEWB"), l.downloads, "begun again, empty");
    assertFalse(l.calls.stream().anyMatch(c -> c.startsWith("throttle.")), "with the rates it had");
    reset.go(go("R2")); // the rerun going on meanwhile
    assertEquals("go R1 1700000000 0 0 0 0 2 100", rerunFile(), "the file says its last word once");
    assertEquals(2, l.calls.stream().filter(c -> c.startsWith("load.raw_start")).count());
  }

  @Test
  void aPeerFileTheRunBeforeTookIsMadeAgainAsThePeerWouldMakeIt() throws Exception {
    ContainerInfo leecher = peer(LabContract.LEECHER, 1, "running");
    FakeRtorrent l = rtorrent(leecher, 2, false);
    Path file = control.resolve(LabContract.peerFileName(leecher.ipAddress()));
    PeerReset reset = new PeerReset(engine(List.of(leecher)), "lab", control);
    reset.stop("R2", 2, line -> {});
    Files.delete(file); // packed into the record of the run before

    reset.goInWaves(go("R2"), List.of(List.of(leecher)), Duration.ZERO);
    assertTrue(acts.isEmpty(), acts::toString);
    assertEquals(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(file));
    Path socket = control.resolve(LabContract.socketName(leecher.ipAddress()));
    for (String id : List.of("unix:uid", "unix:gid")) {
      assertEquals(Files.getAttribute(socket, id), Files.getAttribute(file, id), id);
    }
    assertEquals(1, Files.getAttribute(file, "unix:nlink"));
    PeerFile noted = PeerFile.read(file);
    assertEquals(1, noted.starts().size());
    assertEquals(2, noted.torrents().size());
    try (Stream<Path> files = Files.list(control)) {
      assertEquals(
          List.of(),
          files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
    }
    assertEquals(List.of("NEWA", "NEWB"), l.downloads);
  }

  @Test
  void aPeerFileThatIsALinkOrAPipeIsNotWrittenAndThePeerStartsAgainFromItsContainer()
      throws Exception {
    ContainerInfo linked = peer(LabContract.LEECHER, 1, "running");
    ContainerInfo piped = peer(LabContract.LEECHER, 2, "running");
    rtorrent(linked, 2, false);
    rtorrent(piped, 2, false);
    PeerReset reset = new PeerReset(engine(List.of(linked, piped)), "lab", control);
    reset.stop("R2", 2, line -> {});
    Path elsewhere =
        Files.writeString(control.getParent().resolve(control.getFileName() + "-x"), "mine\n");
    Path link = control.resolve(LabContract.peerFileName(linked.ipAddress()));
    Files.delete(link);
    Files.createSymbolicLink(link, elsewhere);
    Path pipe = control.resolve(LabContract.peerFileName(piped.ipAddress()));
    Files.delete(pipe);
    assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());

    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> reset.goInWaves(go("R2"), List.of(List.of(linked, piped)), Duration.ZERO));
    assertTrue(acts.containsAll(List.of("leecher1 RESTART", "leecher2 RESTART")), acts::toString);
    assertEquals("mine\n", Files.readString(elsewhere));
    Files.delete(elsewhere);
  }

  @Test
  void aLeecherSharingTheSamePayloadHasItsFilesDeletedByItsRtorrent() throws Exception {
    ContainerInfo leecher = peer(LabContract.LEECHER, 1, "running");
    FakeRtorrent l = rtorrent(leecher, 2, false);
    l.downloads.remove("BB"); // BB's files lie elsewhere (see the fake)
    PeerReset reset = new PeerReset(engine(List.of(leecher)), "lab", control);

    reset.stop("R2", 2, true, line -> {});
    String dir = LabContract.DOWNLOADS_DIR;
    assertEquals(
        List.of(
            "system.env SWARMLAB_SIZED_FOR",
            "directory.default",
            "download_list",
            "f.multicall AA  f.frozen_path=",
            "d.stop AA",
            "d.close AA",
            "d.tied_to_file.set AA " + dir + "/AA/1.bin",
            "d.delete_tied AA",
            "d.tied_to_file.set AA " + dir + "/AA.bin",
            "d.delete_tied AA",
            "d.erase AA",
            "download_list"),
        l.calls);
    assertTrue(acts.isEmpty(), acts::toString);
  }

  @Test
  void aFileOutsideTheDownloadsOrAnotherPayloadHaveEverythingDeletedByAProcess() throws Exception {
    ContainerInfo leecher = peer(LabContract.LEECHER, 1, "running");
    FakeRtorrent l = rtorrent(leecher, 2, false);
    PeerReset reset = new PeerReset(engine(List.of(leecher)), "lab", control);
    reset.stop("R2", 2, true, line -> {});
    assertFalse(l.calls.stream().anyMatch(c -> c.startsWith("d.delete_tied")), l.calls::toString);
    assertTrue(
        l.calls.contains(
            "execute.throw find " + LabContract.DOWNLOADS_DIR + " -mindepth 1 -delete"),
        l.calls::toString);

    ContainerInfo other = peer(LabContract.LEECHER, 2, "running");
    FakeRtorrent o = rtorrent(other, 2, false);
    new PeerReset(engine(List.of(other)), "lab2", control).stop("R3", 2, false, line -> {});
    assertFalse(o.calls.stream().anyMatch(c -> c.startsWith("f.multicall")), o.calls::toString);
    assertTrue(
        o.calls.stream().anyMatch(c -> c.startsWith("execute.throw find")), o.calls::toString);
  }
}
