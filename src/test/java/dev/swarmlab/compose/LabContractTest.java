package dev.swarmlab.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.swarmlab.plan.Client;
import dev.swarmlab.plan.Clients;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The templates of {@code compose-templates/} and the images of {@code docker/}, as they are in the
 * source tree, agree with {@link LabContract}: the services, labels, ports, profile and paths that
 * swarmlab's Java code takes from the contract are the ones the YAML and the images' scripts use.
 */
class LabContractTest {
  private static final Path TEMPLATES = Path.of("compose-templates");
  private static final Path DOCKER = Path.of("docker");
  private static final String PROJECT = "demo";
  private static final Path CONTROL_DIR = Path.of("/labs/demo/peers");
  private static final Path FLOOD_PASSWORD = Path.of("/labs/demo/flood-password");
  private static final int TORRENTS = 2;
  private static final long PAYLOAD_BYTES = 1000;
  private static final String IMAGE_PREFIX = "image-of-";

  /** Each role its own client variant, so the render runs every peer image. */
  private static final Clients CLIENTS = new Clients(Client.RTORRENT, Client.RTORRENT_HAVE_NOW);

  /** The templates as they are in the source tree, not as last copied to the class path. */
  private static final TemplateSource SOURCE_TREE = name -> read(TEMPLATES.resolve(name));

  /** A debug lab with leechers: every service of every template, rendered. */
  private static final Map<String, Object> TREE = render();

  private static final ComposeProject LAB = ComposeProject.parse(TREE, PROJECT, "test");

  private static Map<String, Object> render() {
    Map<String, String> images = new LinkedHashMap<>();
    // only the contract's images: a template naming any other fails with an unknown placeholder
    LabContract.IMAGES.forEach(name -> images.put(name, IMAGE_PREFIX + name));
    RenderInputs inputs =
        new RenderInputs(
            images,
            Path.of("/labs/demo/payload"),
            LabContract.PAYLOAD_MOUNT,
            TORRENTS,
            PAYLOAD_BYTES,
            "1000:1000",
            CONTROL_DIR,
            FLOOD_PASSWORD);
    return new ComposeRenderer(SOURCE_TREE)
        .render(
            new LabSpec(PROJECT, 2, 3, new Payload.Generated(1024), true).withClients(CLIENTS),
            inputs);
  }

  @Test
  void theTemplatesAreTheContractsServicesInItsOrder() {
    Object listed = Yamls.load(read(TEMPLATES.resolve("project.yml")), "project.yml");
    assertEquals(
        LabContract.SERVICES,
        ((Map<?, ?>) listed).get("services"),
        "compose-templates/project.yml");
    assertEquals(LabContract.SERVICES, LAB.services().stream().map(ServiceSpec::name).toList());
    Set<String> files = new TreeSet<>();
    LabContract.SERVICES.forEach(s -> files.add(s + ".yml"));
    files.add("project.yml");
    assertEquals(
        files,
        names(TEMPLATES, ".yml"),
        "one template per service of the contract, and the skeleton");
  }

  @Test
  void theContractsImagesAreTheImagesOfDockerAndTheTemplatesUseEach() {
    assertEquals(
        LabContract.IMAGES.stream()
            .map(LabContract::imageContext)
            .collect(Collectors.toCollection(TreeSet::new)),
        names(DOCKER, ""),
        "the images of docker/");
    for (String image : LabContract.IMAGES) {
      Path dockerfile = DOCKER.resolve(LabContract.imageContext(image)).resolve("Dockerfile");
      assertTrue(Files.isRegularFile(dockerfile), dockerfile.toString());
      if (LabContract.isPeerImage(image)) {
        // each client variant is the stage of the peers' Dockerfile named as its image
        assertTrue(
            Pattern.compile("^FROM \\S+ AS " + Pattern.quote(image) + "$", Pattern.MULTILINE)
                .matcher(read(dockerfile))
                .find(),
            dockerfile + " has no stage " + image);
      }
    }
    assertEquals(
        new TreeSet<>(LabContract.IMAGES),
        LAB.services().stream()
            .map(LabContractTest::imageOf)
            .collect(Collectors.toCollection(TreeSet::new)),
        "images the services run");
  }

  @Test
  void everythingCarriesTheProjectLabel() {
    for (ServiceSpec s : LAB.services()) {
      assertEquals(
          PROJECT,
          s.labels().get(LabContract.PROJECT_LABEL),
          "service " + s.name() + ": " + s.labels());
    }
    for (String part : List.of("volumes", "networks")) {
      ((Map<?, ?>) TREE.get(part))
          .forEach(
              (name, def) ->
                  assertEquals(
                      PROJECT,
                      ((Map<?, ?>) ((Map<?, ?>) def).get("labels")).get(LabContract.PROJECT_LABEL),
                      part + " " + name));
    }
  }

  @Test
  void thePeersAreTheServicesWithARoleAndSayHowMuchTheyShare() {
    for (ServiceSpec s : LAB.services()) {
      if (LabContract.PEERS.contains(s.name())) {
        assertEquals(
            s.name(), s.labels().get(LabContract.ROLE_LABEL), s.name() + ": " + s.labels());
        assertEquals(
            s.name(), s.environment().get("SWARMLAB_ROLE"), s.name() + ": " + s.environment());
        assertEquals(
            Integer.toString(TORRENTS), s.labels().get(LabContract.TORRENTS_LABEL), s.name());
        assertEquals(
            Long.toString(PAYLOAD_BYTES),
            s.labels().get(LabContract.PAYLOAD_BYTES_LABEL),
            s.name());
        Client client = CLIENTS.of(s.name());
        assertEquals(client.image(), imageOf(s), s.name());
        assertEquals(client.id(), s.labels().get(LabContract.CLIENT_LABEL), s.name());
        assertEquals(
            LabContract.RERUN_PROTOCOL,
            s.labels().get(LabContract.RERUN_PROTOCOL_LABEL),
            s.name() + " says which rerun protocol its entrypoint speaks");
      } else {
        assertNull(s.labels().get(LabContract.ROLE_LABEL), s.name() + " is no peer: " + s.labels());
      }
    }
    // the rtorrent image: a leecher unless told otherwise, and what makes a seeder healthy
    String dockerfile = read(DOCKER.resolve("rtorrent/Dockerfile"));
    String health = read(DOCKER.resolve("rtorrent/health.sh"));
    assertEquals(
        LabContract.LEECHER,
        valueIn(dockerfile, "^ENV .*\\bSWARMLAB_ROLE=(\\S+)"),
        "docker/rtorrent/Dockerfile");
    assertEquals(
        LabContract.LEECHER,
        valueIn(health, "\\$\\{SWARMLAB_ROLE:-(\\w+)}"),
        "docker/rtorrent/health.sh");
    assertEquals(
        LabContract.SEEDER,
        valueIn(health, "\\$\\{SWARMLAB_ROLE:-\\w+}\" = (\\w+) "),
        "docker/rtorrent/health.sh");
  }

  @Test
  void onlyFloodIsInTheDebugProfile() {
    for (ServiceSpec s : LAB.services()) {
      List<String> expected =
          s.name().equals(LabContract.FLOOD) ? List.of(LabContract.DEBUG_PROFILE) : List.of();
      assertEquals(expected, s.profiles(), s.name());
    }
  }

  @Test
  void theTrackerListensOnTheContractsPortAndPeersAnnounceThere() {
    ServiceSpec.Port published = onlyPort(LAB.service(LabContract.TRACKER));
    assertEquals(
        LabContract.TRACKER_PORT, published.containerPort(), "the tracker's published port");
    assertEquals("127.0.0.1", published.hostIp());
    assertNull(published.hostPort(), "an ephemeral host port");
    String conf = read(DOCKER.resolve("tracker/opentracker.conf"));
    assertEquals(
        Integer.toString(LabContract.TRACKER_PORT),
        valueIn(conf, "^listen\\.tcp_udp 0\\.0\\.0\\.0:(\\d+)$"),
        "docker/tracker/opentracker.conf");
    assertEquals(
        Integer.toString(LabContract.TRACKER_PORT),
        valueIn(read(DOCKER.resolve("tracker/Dockerfile")), "^EXPOSE (\\d+)/tcp"),
        "docker/tracker/Dockerfile");

    assertEquals(
        "http://" + LabContract.TRACKER + ":" + LabContract.TRACKER_PORT + "/announce",
        LabContract.announceUrl());
    assertEquals(
        LabContract.announceUrl(),
        LAB.service(LabContract.MKTORRENT).environment().get("SWARMLAB_ANNOUNCE"));
    assertEquals(
        LabContract.announceUrl(),
        valueIn(
            read(DOCKER.resolve("mktorrent/make-torrents.sh")),
            "^announce=\"\\$\\{SWARMLAB_ANNOUNCE:-(\\S+)}\"$"),
        "docker/mktorrent/make-torrents.sh");
  }

  @Test
  void peersTalkBitTorrentOnTheContractsPortAndPublishNothing() {
    String port = Integer.toString(LabContract.PEER_PORT);
    assertEquals(
        port + "-" + port,
        valueIn(
            read(DOCKER.resolve("rtorrent/rtorrent.rc")), "^network\\.port_range\\.set = (\\S+)$"),
        "docker/rtorrent/rtorrent.rc");
    assertEquals(
        port,
        valueIn(read(DOCKER.resolve("rtorrent/Dockerfile")), "^EXPOSE (\\d+)/tcp$"),
        "docker/rtorrent/Dockerfile");
    for (String peer : LabContract.PEERS) {
      assertEquals(List.of(), LAB.service(peer).ports(), peer);
    }
  }

  @Test
  void floodIsOnTheContractsPortAndUrlAndRegistersTheContractsUser() {
    ServiceSpec.Port published = onlyPort(LAB.service(LabContract.FLOOD));
    assertEquals(
        LabContract.FLOOD_PORT, published.containerPort(), "Flood's port in its container");
    assertEquals(
        LabContract.FLOOD_URL,
        "http://" + published.hostIp() + ":" + published.hostPort(),
        "where Flood is published");
    String start = read(DOCKER.resolve("flood/start.sh"));
    assertEquals(
        Integer.toString(LabContract.FLOOD_PORT),
        valueIn(start, "^exec flood .*--port (\\d+)"),
        "docker/flood/start.sh");
    assertEquals(
        Integer.toString(LabContract.FLOOD_PORT),
        valueIn(read(DOCKER.resolve("flood/Dockerfile")), "^EXPOSE (\\d+)$"),
        "docker/flood/Dockerfile");
    assertEquals(
        LabContract.FLOOD_USER,
        valueIn(start, "register\\.js \\S+ (\\S+) \"\\$socket\""),
        "docker/flood/start.sh");

    assertTrue(
        LAB.service(LabContract.FLOOD)
            .mounts()
            .contains(
                new ServiceSpec.Mount(
                    ServiceSpec.Mount.Type.BIND,
                    FLOOD_PASSWORD.toString(),
                    LabContract.FLOOD_PASSWORD_MOUNT,
                    true)),
        "Flood's password file: " + LAB.service(LabContract.FLOOD).mounts());
    assertEquals(
        LabContract.FLOOD_PASSWORD_MOUNT,
        valueIn(start, "^password_file=\"\\$\\{SWARMLAB_FLOOD_PASSWORD_FILE:-(\\S+)}\"$"),
        "docker/flood/start.sh");
  }

  @Test
  void theControlDirectoryIsMountedWhereTheImagesMakeTheirSockets() {
    ServiceSpec.Mount control =
        new ServiceSpec.Mount(
            ServiceSpec.Mount.Type.BIND, CONTROL_DIR.toString(), LabContract.CONTROL_MOUNT, false);
    for (String service :
        Stream.concat(LabContract.PEERS.stream(), Stream.of(LabContract.FLOOD)).toList()) {
      assertTrue(
          LAB.service(service).mounts().contains(control),
          service + ": " + LAB.service(service).mounts());
    }
    String entrypoint = read(DOCKER.resolve("rtorrent/entrypoint.sh"));
    assertEquals(
        LabContract.CONTROL_MOUNT,
        valueIn(entrypoint, "^control=(\\S+)$"),
        "docker/rtorrent/entrypoint.sh");
    assertEquals(
        "$control/" + LabContract.socketName("$address"),
        valueIn(entrypoint, "^export SWARMLAB_SCGI_SOCKET=\"(\\S+)\"$"),
        "docker/rtorrent/entrypoint.sh");
    assertEquals(
        "$control/" + LabContract.blockLogName("$address"),
        valueIn(entrypoint, "^export SWARMLAB_BLOCK_LOG=\"(\\S+)\"$"),
        "docker/rtorrent/entrypoint.sh");
    assertEquals(
        "$control/" + LabContract.peerFileName("$address"),
        valueIn(entrypoint, "^export SWARMLAB_PEER_FILE=\"(\\S+)\"$"),
        "docker/rtorrent/entrypoint.sh");
    // an earlier start's log is kept aside as NAME.NANOS, which the contract takes for a block log
    assertEquals(
        "\"$SWARMLAB_BLOCK_LOG.${EPOCHREALTIME/./}000\"",
        valueIn(entrypoint, "^\\s*mv -f \"\\$SWARMLAB_BLOCK_LOG\" (.+)$"),
        "docker/rtorrent/entrypoint.sh");
    // a rerun resets a running peer's rtorrent in place: it opens the block log under its output's
    // name, has the peer's own script note the start, and reads what the limit is sized for
    String rc = read(DOCKER.resolve("rtorrent/rtorrent.rc"));
    assertEquals(
        LabContract.BLOCK_LOG_OUTPUT,
        valueIn(
            rc,
            "^log\\.open_file = \"(\\S+)\", \\(cat, \\(system\\.env, SWARMLAB_BLOCK_LOG\\)\\)$"),
        "docker/rtorrent/rtorrent.rc");
    // which a rerun removes, to note the torrents itself, as the hook's script would, and then sets
    // again as it was
    assertEquals(
        List.of(LabContract.PEER_FILE_HOOK, LabContract.PEER_FILE_HOOK_COMMAND),
        rc.lines()
            .filter(l -> l.startsWith("method.set_key = event.download.inserted, "))
            .map(
                l ->
                    List.of(
                        l.split(", ", 3)[1], l.split(", ", 3)[2].replaceAll("^\"(.*)\"$", "$1")))
            .findFirst()
            .orElseThrow(),
        "docker/rtorrent/rtorrent.rc");
    assertTrue(
        LabContract.PEER_FILE_HOOK_COMMAND.startsWith(
            "execute.nothrow=/usr/local/lib/swarmlab/torrent-loaded,"),
        LabContract.PEER_FILE_HOOK_COMMAND);
    assertTrue(
        rc.contains("((load.start, \"" + LabContract.TORRENTS_MOUNT + "/*.torrent\"))"),
        "docker/rtorrent/rtorrent.rc loads the torrents");
    // once: a watch would load the torrents again while a rerun has erased them
    assertFalse(rc.contains("watch_directory"), "docker/rtorrent/rtorrent.rc");
    assertEquals(
        "0, 0",
        valueIn(rc, "^schedule2 = load_torrents, (\\d+, \\d+), .*$"),
        "docker/rtorrent/rtorrent.rc");
    assertTrue(
        read(DOCKER.resolve("rtorrent/Dockerfile"))
            .contains("COPY peer-started.sh " + LabContract.PEER_STARTED_SCRIPT + "\n"),
        "docker/rtorrent/Dockerfile");
    assertEquals(
        LabContract.PEER_STARTED_SCRIPT, valueIn(entrypoint, "^\\. (\\S+)$"), "entrypoint.sh");
    assertEquals(
        "${#torrents[@]}",
        valueIn(entrypoint, "^\\s*export " + LabContract.SIZED_FOR_ENV + "=(\\S+)$"),
        "docker/rtorrent/entrypoint.sh");
    // a rerun's tracker: its opentracker started again on the signal swarmlab sends
    assertEquals(
        LabContract.TRACKER_AFRESH_SIGNAL,
        valueIn(read(DOCKER.resolve("tracker/entrypoint.sh")), "^trap 'again=1;[^']*' (\\S+)$"),
        "docker/tracker/entrypoint.sh");
    assertTrue(
        read(DOCKER.resolve("tracker/Dockerfile"))
            .contains("ENTRYPOINT [\"/usr/local/lib/swarmlab/entrypoint.sh\"]"),
        "docker/tracker/Dockerfile");
    // a rerun: the lab's rerun file, and each peer's word that it has stopped
    assertEquals(
        "\"$control/" + LabContract.RERUN_FILE + "\"",
        valueIn(entrypoint, "^rerun_file=(\\S+)$"),
        "docker/rtorrent/entrypoint.sh");
    assertEquals(
        "\"$control/" + LabContract.stoppedName("$address") + "\"",
        valueIn(entrypoint, "^\\s*: >(\\S+)$"),
        "docker/rtorrent/entrypoint.sh");
    assertEquals(
        java.util.OptionalLong.of(1800000000L),
        LabContract.rerunStart("go 20261126T000000Z-0000abcd 1800000000 0 0 1024 0"));
    assertTrue(LabContract.rerunStart("stop 20261126T000000Z-0000abcd").isEmpty());
    assertTrue(LabContract.rerunStart("go x -5 0 0 0 0").isEmpty());
    assertEquals(
        java.util.OptionalLong.of(1800000000L),
        LabContract.rerunStart("stop 20261126T000000Z-0000abcd 1800000000 0 0 0 0"));
    assertTrue(LabContract.rerunStart("stop 20261126T000000Z-0000abcd 0 0 0 0 0").isEmpty());
    assertTrue(
        entrypoint.contains("\"$control/" + LabContract.goName("$address") + "\""),
        "a peer let go before the others: docker/rtorrent/entrypoint.sh");
    assertTrue(LabContract.rerunStart("").isEmpty());
    assertEquals(
        java.util.Optional.of(new LabContract.Shared(2, 67_699_712L)),
        LabContract.rerunShared("go 20261126T000000Z-0000abcd 1800000000 0 0 0 0 2 67699712"));
    assertTrue(
        LabContract.rerunShared("go 20261126T000000Z-0000abcd 1800000000 0 0 0 0").isEmpty(),
        "a line of an older swarmlab");
    assertTrue(LabContract.rerunShared("stop 20261126T000000Z-0000abcd").isEmpty());
    // while the payload is made again, the peers wait without their bound
    assertTrue(
        entrypoint.contains("*\" " + LabContract.RERUN_MAKING + "\")"),
        "docker/rtorrent/entrypoint.sh waits while the payload is made again");
    assertTrue(
        LabContract.rerunStart("stop 20261126T000000Z-0000abcd " + LabContract.RERUN_MAKING)
            .isEmpty());
    assertTrue(LabContract.rerunShared("go x 1800000000 0 0 0 0 -2 5").isEmpty());
    // the peers read the rates and leave what follows them to the monitor
    assertTrue(
        entrypoint.contains("read -r word run start su sd lu ld rest <<<\"$rerun\""),
        "docker/rtorrent/entrypoint.sh reads the rates as their own words");
    assertTrue(LabContract.isBlockLog(LabContract.blockLogName("10.0.0.3") + "." + Long.MAX_VALUE));
    assertEquals(
        LabContract.CONTROL_MOUNT + "/" + LabContract.socketName("$(...)"),
        valueIn(read(DOCKER.resolve("rtorrent/health.sh")), "^socket=\"(.+)\"$")
            .replaceAll("\\$\\(.*\\)", "\\$(...)"),
        "docker/rtorrent/health.sh");
    assertEquals(
        LabContract.CONTROL_MOUNT + "/" + LabContract.socketName("$address"),
        valueIn(read(DOCKER.resolve("flood/start.sh")), "\\[ -S \"(\\S+)\" ]"),
        "docker/flood/start.sh");
  }

  @Test
  void theTorrentsPayloadAndDownloadsAreWhereTheImagesLookForThem() {
    for (ServiceSpec s : LAB.services()) {
      if (!s.name().equals(LabContract.FLOOD)) {
        assertTrue(
            s.mounts().stream()
                .anyMatch(
                    m ->
                        m.type() == ServiceSpec.Mount.Type.VOLUME
                            && m.target().equals(LabContract.TORRENTS_MOUNT)),
            s.name() + " mounts the torrents at " + LabContract.TORRENTS_MOUNT + ": " + s.mounts());
      }
    }
    String make = read(DOCKER.resolve("mktorrent/make-torrents.sh"));
    assertEquals(
        LabContract.TORRENTS_MOUNT,
        valueIn(make, "^out=(\\S+)$"),
        "docker/mktorrent/make-torrents.sh");
    assertEquals(
        LabContract.PAYLOAD_MOUNT,
        valueIn(make, "^data=(\\S+)$"),
        "docker/mktorrent/make-torrents.sh");
    assertEquals(
        LabContract.TORRENTS_MOUNT,
        valueIn(read(DOCKER.resolve("mktorrent/Dockerfile")), "mkdir -m 1777 (\\S+)$"),
        "docker/mktorrent/Dockerfile");
    assertEquals(
        LabContract.TORRENTS_MOUNT,
        valueIn(
            read(DOCKER.resolve("tracker/opentracker.conf")),
            "^access\\.whitelist (\\S+)/whitelist$"),
        "docker/tracker/opentracker.conf");
    String rc = read(DOCKER.resolve("rtorrent/rtorrent.rc"));
    assertEquals(
        LabContract.TORRENTS_MOUNT,
        valueIn(rc, "load\\.start, \"(\\S+)/\\*\\.torrent\""),
        "docker/rtorrent/rtorrent.rc");
    assertEquals(
        LabContract.SESSION_DIR,
        valueIn(rc, "^session\\.path\\.set = (\\S+)$"),
        "docker/rtorrent/rtorrent.rc");
    assertEquals(
        LabContract.TORRENTS_MOUNT,
        valueIn(
            read(DOCKER.resolve("rtorrent/health.sh")), "^torrents=\\((\\S+)/\\*\\.torrent\\)$"),
        "docker/rtorrent/health.sh");
    String dockerfile = read(DOCKER.resolve("rtorrent/Dockerfile"));
    assertEquals(
        LabContract.TORRENTS_MOUNT + " " + LabContract.CONTROL_MOUNT,
        valueIn(dockerfile, "mkdir -p (\\S+ \\S+)"),
        "docker/rtorrent/Dockerfile");
    assertEquals(
        LabContract.SESSION_DIR + " " + LabContract.DOWNLOADS_DIR,
        valueIn(dockerfile, "mkdir -m 1777 (\\S+ \\S+)$"),
        "docker/rtorrent/Dockerfile");
    assertEquals(
        LabContract.DOWNLOADS_DIR,
        valueIn(dockerfile, "^ENV .*\\bSWARMLAB_DIRECTORY=(\\S+)"),
        "docker/rtorrent/Dockerfile");

    assertEquals(
        LabContract.PAYLOAD_MOUNT,
        LAB.service(LabContract.SEEDER).environment().get("SWARMLAB_DIRECTORY"));
    assertEquals(
        LabContract.DOWNLOADS_DIR,
        LAB.service(LabContract.LEECHER).environment().get("SWARMLAB_DIRECTORY"));
    for (String service : List.of(LabContract.MKTORRENT, LabContract.SEEDER)) {
      assertTrue(
          LAB.service(service).mounts().stream()
              .anyMatch(m -> m.target().equals(LabContract.PAYLOAD_MOUNT)),
          service
              + " mounts the payload at "
              + LabContract.PAYLOAD_MOUNT
              + ": "
              + LAB.service(service).mounts());
    }
  }

  @Test
  void theSeedersHealthCheckIsTheOneTheImageInstalls() {
    ServiceSpec.Health health = LAB.service(LabContract.SEEDER).healthcheck();
    assertEquals(List.of("CMD", LabContract.HEALTH_COMMAND), health.test());
    assertEquals(
        LabContract.HEALTH_COMMAND,
        valueIn(
            read(DOCKER.resolve("rtorrent/Dockerfile")),
            "^COPY health\\.sh /usr/local/bin/(\\S+)$"),
        "docker/rtorrent/Dockerfile");
  }

  @Test
  void everyImageRunsAsTheContractsUser() {
    for (String image : LabContract.IMAGES) {
      String dockerfile =
          read(DOCKER.resolve(LabContract.imageContext(image)).resolve("Dockerfile"));
      String where = "docker/" + LabContract.imageContext(image) + "/Dockerfile, image " + image;
      // the user the image ends with: the last USER of its stage (or of the file)
      String stage = LabContract.isPeerImage(image) ? stage(dockerfile, image) : dockerfile;
      Matcher user = Pattern.compile("^USER (\\S+)$", Pattern.MULTILINE).matcher(stage);
      String last = null;
      while (user.find()) {
        last = user.group(1);
      }
      assertEquals(LabContract.IMAGE_UID + ":" + LabContract.IMAGE_GID, last, where);
      assertEquals(
          "--uid " + LabContract.IMAGE_UID + " --gid " + LabContract.IMAGE_GID,
          valueIn(dockerfile, "useradd (--uid \\d+ --gid \\d+)"),
          where);
    }
  }

  @Test
  void everyVariableATemplateSetsIsReadByItsImage() {
    for (ServiceSpec s : LAB.services()) {
      String image = imageOf(s);
      String files =
          String.join(
              "\n",
              filesOf(DOCKER.resolve(LabContract.imageContext(image))).stream()
                  .map(LabContractTest::read)
                  .toList());
      for (String variable : s.environment().keySet()) {
        assertTrue(
            files.contains(variable),
            s.name() + " sets " + variable + ", which nothing in docker/" + image + "/ reads");
      }
    }
  }

  /** Stage {@code name} of {@code dockerfile}: from its FROM line to the next FROM. */
  private static String stage(String dockerfile, String name) {
    Matcher from =
        Pattern.compile("^FROM \\S+ AS " + Pattern.quote(name) + "$", Pattern.MULTILINE)
            .matcher(dockerfile);
    if (!from.find()) {
      fail("no stage " + name);
    }
    int next = dockerfile.indexOf("\nFROM ", from.end());
    return dockerfile.substring(from.start(), next < 0 ? dockerfile.length() : next);
  }

  /** The image name ({@link LabContract#IMAGES}) that service {@code s} runs. */
  private static String imageOf(ServiceSpec s) {
    assertTrue(s.image().startsWith(IMAGE_PREFIX), s.name() + " runs " + s.image());
    return s.image().substring(IMAGE_PREFIX.length());
  }

  private static ServiceSpec.Port onlyPort(ServiceSpec s) {
    assertEquals(1, s.ports().size(), s.name() + " publishes " + s.ports());
    return s.ports().get(0);
  }

  /** Group 1 of the first match of {@code regex} (multi-line) in {@code text}; fails if none. */
  private static String valueIn(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    if (!m.find()) {
      fail("no line matches " + regex);
    }
    return m.group(1);
  }

  /** The names in {@code dir} that end with {@code suffix}, the suffix kept. */
  private static Set<String> names(Path dir, String suffix) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix))
          .collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> filesOf(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
