package dev.swarmlab.lab;

import dev.swarmlab.compose.ComposeProject;
import dev.swarmlab.compose.ComposeRenderer;
import dev.swarmlab.compose.RenderInputs;
import dev.swarmlab.compose.ServiceSpec;
import dev.swarmlab.compose.TemplateSource;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.EngineHost;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A lab's life: from a plan to a compose file (written to {@code .swarmlab/PROJECT/}), to running
 * containers, to nothing again.
 */
public final class Lab {

  /** The images of {@code docker/}, by the name templates know them as ({@code images.NAME}). */
  public static final List<String> IMAGES = List.of("tracker", "mktorrent", "rtorrent", "flood");

  public static final String DEBUG_PROFILE = "debug";

  private final Path stateDir;
  private final ComposeRenderer renderer;
  private final BuildOptions build;
  private final LabUser user;
  private final Map<String, ImageSource> images = new LinkedHashMap<>();

  /**
   * @param stateDir where each project's compose file and generated payload go ({@code .swarmlab})
   * @param user whom the lab's containers run as
   */
  public Lab(Path stateDir, TemplateSource templates, BuildOptions build, LabUser user) {
    this.stateDir = stateDir;
    this.renderer = new ComposeRenderer(templates);
    this.build = build;
    this.user = user;
    IMAGES.forEach(name -> images.put(name, ImageSource.packaged(name)));
  }

  /** A lab rendered: the compose file's text and its typed reading, and where its files go. */
  public record Rendered(
      String yaml, ComposeProject project, PayloadLayout payload, Path composeFile, Path labDir) {}

  /**
   * A lab that is up.
   *
   * @param floodPassword the password of Flood's user when the lab has Flood; null otherwise
   */
  public record Started(Rendered rendered, String floodPassword) {}

  /** The compose file for {@code spec}, without writing anything. */
  public Rendered render(LabSpec spec) {
    Path labDir = LabFiles.labDir(stateDir, spec.project());
    PayloadLayout payload = PayloadLayout.of(spec.payload(), labDir);
    Map<String, String> tags = new LinkedHashMap<>();
    images.forEach((name, source) -> tags.put(name, source.tag(build)));
    RenderInputs inputs =
        new RenderInputs(
            tags, payload.source(), payload.target(), payload.torrents(), payload.bytes(), user.compose(),
            labDir.resolve(LabContract.CONTROL_DIR), labDir.resolve(LabContract.FLOOD_PASSWORD_FILE));
    Map<String, Object> tree = renderer.render(spec, inputs);
    Path file = labDir.resolve("docker-compose.yml");
    return new Rendered(
        ComposeRenderer.toYaml(tree), ComposeProject.parse(tree, spec.project(), file.toString()), payload, file, labDir);
  }

  /**
   * Refuses an engine whose containers cannot reach this machine's files: the peers' control
   * sockets are made in a directory of this machine, bind-mounted into them.
   */
  public static void requireReachable(EngineHost host) {
    if (!host.onThisMachine()) {
      throw new BadInputException(
          "the Docker engine at " + host.address() + " is not on this machine, and swarmlab drives its peers"
              + " through unix sockets that the engine's machine shares with swarmlab; use an engine on this machine"
              + " (unset DOCKER_HOST); labs on other machines are not supported yet");
    }
    if (host.rootless()) {
      throw new BadInputException(
          "the Docker engine at " + host.address() + " runs rootless: its containers cannot open the lab's"
              + " control directory, so swarmlab could not reach the peers; use a rootful engine"
              + " (scripts/setup-engine.sh)");
    }
    if (host.inVirtualMachine()) {
      throw new BadInputException(
          "the Docker engine at " + host.address() + " runs in a virtual machine (Docker Desktop), whose unix"
              + " sockets this machine cannot open; use an engine on a Linux machine");
    }
  }

  /**
   * Builds what is missing, writes the compose file and the payload, and starts the lab,
   * {@code startsAtOnce} containers at a time (empty: the engine's default). If it fails, the
   * engine has removed what it created.
   */
  public Started up(LabSpec spec, Engine engine, OptionalInt startsAtOnce, String runId, Consumer<String> progress) {
    requireReachable(engine.host());
    try (LabLock lock = LabLock.take(LabFiles.labDir(stateDir, spec.project()), spec.project(), "started")) {
      return upLocked(spec, engine, startsAtOnce, runId, progress);
    }
  }

  private Started upLocked(LabSpec spec, Engine engine, OptionalInt startsAtOnce, String runId, Consumer<String> progress) {
    if (!engine.list(spec.project()).isEmpty()) {
      throw new BadInputException(
          "lab '" + spec.project() + "' is already up; run 'swarmlab down' first, or choose another --project");
    }
    Rendered rendered = render(spec);
    if (spec.payload() instanceof Payload.UserData) {
      LabFiles.requireReadableBy(rendered.payload().source(), user);
    }
    engine.checkCapacity(spec.seeders(), spec.leechers(), rendered.payload().bytes());
    Set<String> profiles = spec.debug() ? Set.of(DEBUG_PROFILE) : Set.of();
    Set<String> wanted =
        rendered.project().services().stream()
            .filter(s -> s.enabledFor(profiles) && s.replicas() > 0)
            .map(ServiceSpec::image)
            .collect(java.util.stream.Collectors.toSet());
    engine.prepareImages(
        images.values().stream().filter(i -> wanted.contains(i.tag(build))).toList(), build, progress);
    LabFiles.directory(rendered.labDir());
    if (spec.payload() instanceof Payload.Generated g) {
      if (PayloadLayout.generate(rendered.payload().source(), g.sizeBytes())) {
        progress.accept("wrote the payload to " + rendered.payload().source());
      }
    }
    LabFiles.controlDir(rendered.labDir(), user);
    String floodPassword =
        spec.debug() ? LabFiles.newPassword(rendered.labDir().resolve(LabContract.FLOOD_PASSWORD_FILE), user) : null;
    writeAtomically(rendered.composeFile(), rendered.yaml());
    engine.up(rendered.project(), profiles, rendered.composeFile(), startsAtOnce, runId, progress);
    return new Started(rendered, floodPassword);
  }

  /** A new id for one {@code up}: when it started, and enough randomness to tell two apart. */
  public static String newRunId() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + HexFormat.of().formatHex(random);
  }

  /**
   * Removes lab {@code project}: its containers and network, its volumes if asked, and its peers'
   * sockets. Safe to repeat. Its files under {@code .swarmlab/PROJECT/} (compose file, payload)
   * stay.
   */
  public Engine.DownResult down(String project, Engine engine, boolean volumes) {
    Path labDir = LabFiles.labDir(stateDir, project);
    try (LabLock lock = LabLock.takeIfPresent(labDir, project, "removed")) {
      Engine.DownResult removed = engine.down(project, volumes);
      LabFiles.removeSockets(labDir);
      return removed;
    }
  }

  /**
   * Deletes {@code project}'s files under {@code .swarmlab/} (compose file, generated payload,
   * control directory); links are deleted, never followed. The user's {@code --data} is never
   * there. Returns the bytes freed, or -1 when there was nothing.
   */
  public long purge(String project) {
    Path labDir = LabFiles.labDir(stateDir, project);
    try (LabLock lock = LabLock.takeIfPresent(labDir, project, "removed")) {
      return lock == null ? -1 : LabFiles.deleteTree(labDir);
    }
  }

  /** The size of {@code project}'s generated payload kept on this machine; 0 if none. */
  public long generatedPayloadBytes(String project) {
    return LabFiles.size(LabFiles.labDir(stateDir, project).resolve(PayloadLayout.GENERATED_DIR));
  }

  /** Where {@code project}'s files are kept on this machine. */
  public Path labDir(String project) {
    return LabFiles.labDir(stateDir, project);
  }

  private static void writeAtomically(Path file, String text) {
    LabFiles.refuseLink(file);
    try {
      Path tmp = Files.createTempFile(file.getParent(), ".docker-compose", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
