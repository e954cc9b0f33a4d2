package dev.swarmlab.lab;

import dev.swarmlab.compose.ComposeFile;
import dev.swarmlab.compose.ComposeProject;
import dev.swarmlab.compose.ComposeRenderer;
import dev.swarmlab.compose.RenderInputs;
import dev.swarmlab.compose.ServiceSpec;
import dev.swarmlab.compose.TemplateSource;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.Cancellation;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.EngineHost;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.engine.Run;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.Client;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import dev.swarmlab.plan.RateLimits;
import dev.swarmlab.runs.RunPlan;
import dev.swarmlab.runs.RunRecord;
import dev.swarmlab.runs.RunStore;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A lab's life: from a plan to a compose file (written to {@code .swarmlab/PROJECT/}), to running
 * containers, to nothing again.
 */
public final class Lab {
  private final Path stateDir;
  private final ComposeRenderer renderer;
  private final BuildOptions build;
  private final LabUser user;
  private Map<String, ImageSource> images; // read from the jar on first use: down needs none

  /**
   * @param stateDir where each project's compose file and generated payload go ({@code .swarmlab})
   * @param user whom the lab's containers run as
   */
  public Lab(Path stateDir, TemplateSource templates, BuildOptions build, LabUser user) {
    this.stateDir = stateDir;
    this.renderer = new ComposeRenderer(templates);
    this.build = build;
    this.user = user;
  }

  /** A lab rendered: the compose file's text and its typed reading, and where its files go. */
  public record Rendered(
      String yaml, ComposeProject project, PayloadLayout payload, Path composeFile, Path labDir) {}

  /**
   * A lab that is up.
   *
   * @param floodPassword the password of Flood's user when the lab has Flood; null otherwise
   */
  public record Started(Rendered rendered, String floodPassword, RunRecord record) {}

  private static void endOnce(RunRecord record, Path controlDir, String how) {
    synchronized (record) {
      if (!record.ended()) {
        record.end(controlDir, how);
      }
    }
  }

  /** The run records of lab {@code project}. */
  public RunStore runs(String project) {
    return new RunStore(LabFiles.labDir(stateDir, project), project);
  }

  private synchronized Map<String, ImageSource> images() {
    if (images == null) {
      images = new LinkedHashMap<>();
      Map<String, ImageSource> contexts = new LinkedHashMap<>();
      for (String name : LabContract.IMAGES) {
        String context = LabContract.imageContext(name);
        ImageSource source = contexts.computeIfAbsent(context, ImageSource::packaged);
        images.put(name, LabContract.isPeerImage(name) ? source.stage(name) : source);
      }
    }
    return images;
  }

  /**
   * The peers' image, built if it is missing: what a helper for a lab runs before the lab is up.
   */
  public String peerImage(Engine engine, Consumer<String> progress) {
    ImageSource peer = images().get("rtorrent");
    engine.prepareImages(List.of(peer), build, progress);
    return peer.tag(build);
  }

  /** The compose file for {@code spec}, without writing anything. */
  public Rendered render(LabSpec spec) {
    Path labDir = LabFiles.labDir(stateDir, spec.project());
    PayloadLayout payload = PayloadLayout.of(spec.payload(), labDir);
    Map<String, String> tags = new LinkedHashMap<>();
    images().forEach((name, source) -> tags.put(name, source.tag(build)));
    RenderInputs inputs =
        new RenderInputs(
            tags,
            payload.source(),
            payload.target(),
            payload.torrents(),
            payload.bytes(),
            user.compose(),
            labDir.resolve(LabContract.CONTROL_DIR),
            labDir.resolve(LabContract.FLOOD_PASSWORD_FILE));
    Map<String, Object> tree = renderer.render(spec, inputs);
    Path file = labDir.resolve("docker-compose.yml");
    return new Rendered(
        ComposeRenderer.toYaml(tree),
        ComposeProject.parse(tree, spec.project(), file.toString()),
        payload,
        file,
        labDir);
  }

  /**
   * Refuses an engine whose containers cannot reach this machine's files: the peers' control
   * sockets are made in a directory of this machine, bind-mounted into them.
   */
  public static void requireReachable(EngineHost host) {
    if (!host.onThisMachine()) {
      throw new BadInputException(
          "the Docker engine at "
              + host.address()
              + " is not on this machine, and swarmlab drives its peers"
              + " through unix sockets that the engine's machine shares with swarmlab; use an engine on this machine"
              + " (unset DOCKER_HOST); labs on other machines are not supported yet");
    }
    if (host.rootless()) {
      throw new BadInputException(
          "the Docker engine at "
              + host.address()
              + " runs rootless: its containers cannot open the lab's"
              + " control directory, so swarmlab could not reach the peers; use a rootful engine"
              + " (scripts/setup-engine.sh)");
    }
    if (host.inVirtualMachine()) {
      throw new BadInputException(
          "the Docker engine at "
              + host.address()
              + " runs in a virtual machine (Docker Desktop), whose unix"
              + " sockets this machine cannot open; use an engine on a Linux machine");
    }
  }

  /**
   * Takes lab {@code project}'s lock, to start it: held by the caller until the lab is up, or until
   * what a failed or interrupted {@link #up} created is removed.
   *
   * @throws BadInputException if another swarmlab holds it
   */
  public LabLock lockToStart(String project) {
    return LabLock.take(LabFiles.stateRoot(stateDir), project, "started");
  }

  /**
   * Builds what is missing, writes the compose file and the payload, and starts the lab as {@code
   * run} (its id, its parallel starts, its cancellation). If it fails or is cancelled, the engine
   * has removed what it created.
   *
   * @param lock the lab's lock, from {@link #lockToStart}, held by the caller
   */
  public Started up(LabLock lock, LabSpec spec, Engine engine, Run run, Consumer<String> progress) {
    lock.requireHeldFor(spec.project());
    requireReachable(engine.host());
    if (!engine.list(spec.project()).isEmpty()) {
      throw new BadInputException(
          "lab '"
              + spec.project()
              + "' is already up; run 'swarmlab down' first, or choose another --project");
    }
    Rendered rendered = render(spec);
    if (spec.payload() instanceof Payload.UserData) {
      LabFiles.requireReadableBy(rendered.payload().source(), user);
    }
    Capacity.check(engine.host(), spec.seeders(), spec.leechers(), rendered.payload().bytes());
    Set<String> profiles = spec.debug() ? Set.of(LabContract.DEBUG_PROFILE) : Set.of();
    Set<String> wanted =
        rendered.project().services().stream()
            .filter(s -> s.enabledFor(profiles) && s.replicas() > 0)
            .map(ServiceSpec::image)
            .collect(java.util.stream.Collectors.toSet());
    engine.prepareImages(
        images().values().stream().filter(i -> wanted.contains(i.tag(build))).toList(),
        build,
        progress);
    LabFiles.directory(rendered.labDir());
    if (spec.payload() instanceof Payload.Generated g) {
      if (PayloadLayout.generate(rendered.payload().source(), g.sizeBytes())) {
        progress.accept("wrote the payload to " + rendered.payload().source());
      }
    }
    LabFiles.controlDir(rendered.labDir(), user);
    LabFiles.removeRerunFile(rendered.labDir());
    String floodPassword =
        spec.debug()
            ? LabFiles.newPassword(rendered.labDir().resolve(LabContract.FLOOD_PASSWORD_FILE), user)
            : null;
    writeAtomically(rendered.composeFile(), rendered.yaml());
    Path controlDir = rendered.labDir().resolve(LabContract.CONTROL_DIR);
    RunStore runs = runs(spec.project());
    runs.settle(controlDir, "found ended by the next up");
    RunRecord record = runs.begin(run.id(), RunPlan.of(spec, rendered.payload().bytes()));
    record.keepComposeFile(rendered.yaml());
    run.cancellation().afterCancel(() -> endOnce(record, controlDir, "up interrupted"));
    try {
      engine.up(rendered.project(), profiles, rendered.composeFile(), run, progress);
    } catch (RuntimeException e) {
      if (!run.cancellation().isCancelled()) {
        record.event("failed", Map.of("error", String.valueOf(e.getMessage())));
        endOnce(record, controlDir, "up failed");
      }
      throw e;
    }
    recordStarted(record, engine, spec.project());
    writeAtomically(rendered.labDir().resolve(TORRENTS_MADE), stamp(spec.payload()) + "\n");
    return new Started(rendered, floodPassword, record);
  }

  /** Records, in {@code record}, the containers of {@code project} that a run started with. */
  private static void recordStarted(RunRecord record, Engine engine, String project) {
    record.event(
        "started",
        Map.of(
            "containers",
            engine.list(project).stream()
                .map(
                    c -> {
                      Map<String, Object> m = new LinkedHashMap<>();
                      m.put("name", c.service() + "-" + c.number());
                      m.put("service", c.service());
                      m.put("address", c.ipAddress());
                      m.put("state", c.state());
                      return m;
                    })
                .toList()));
  }

  /**
   * What a {@code rerun} of a lab that is up will do, as {@link #planRerun} read it: nothing has
   * changed yet.
   *
   * @param previous the run the lab is in, which the rerun ends
   * @param yaml the lab's compose file as the rerun leaves it (with the new rates)
   * @param plan the new run's plan
   * @param rates each role's rates the peers start the new run with
   * @param leechers the leechers the new run has
   * @param currentLeechers the leechers the lab has now
   * @param shared the torrents and bytes the new run shares
   * @param remake the payload to make the torrents from again (a generated one written first); null
   *     when the lab's torrents stay
   */
  public record RerunPlan(
      String project,
      RunRecord previous,
      String yaml,
      RunPlan plan,
      RateLimits rates,
      int leechers,
      int currentLeechers,
      Path controlDir,
      LabContract.Shared shared,
      Payload remake) {}

  /**
   * In a lab's directory: the payload ({@link #stamp}) that the lab's torrents were last made from,
   * written once they were; a rerun that finds another, or none, makes them again.
   */
  static final String TORRENTS_MADE = "torrents-made";

  /** {@code payload} exactly, in one line: {@code generated BYTES} or {@code data PATH}. */
  static String stamp(Payload payload) {
    return payload instanceof Payload.Generated g
        ? "generated " + g.sizeBytes()
        : "data " + ((Payload.UserData) payload).path().toAbsolutePath();
  }

  /**
   * What a rerun is asked to change; null (or false) is: as the lab is. The leechers' count, the
   * rates and the payload (what is mounted where it is) can change; the rest is checked against the
   * lab, so that a rerun refuses what only new containers could give.
   */
  public record RerunChanges(
      Integer seeders,
      Integer leechers,
      Payload payload,
      Client seederClient,
      Client leecherClient,
      boolean debug,
      Long seederUp,
      Long seederDown,
      Long leecherUp,
      Long leecherDown) {
    /** Nothing changed. */
    public static final RerunChanges NONE =
        new RerunChanges(null, null, null, null, null, false, null, null, null, null);
  }

  /**
   * Takes lab {@code project}'s lock, to rerun it.
   *
   * @throws BadInputException if the lab was never started here, or another swarmlab holds it
   */
  public LabLock lockToRerun(String project) {
    LabLock lock = LabLock.takeIfPresent(LabFiles.stateRoot(stateDir), project, "rerun");
    if (lock == null) {
      throw notUp(project);
    }
    return lock;
  }

  /**
   * Reads what a rerun of lab {@code project} (which is up, its lock held) with {@code changes}
   * will be, changing nothing.
   *
   * @throws BadInputException if the lab is not up, has no run in progress, or {@code changes} ask
   *     for something that needs new containers
   */
  public RerunPlan planRerun(LabLock lock, String project, Engine engine, RerunChanges changes) {
    lock.requireHeldFor(project);
    List<ContainerInfo> containers = engine.list(project);
    long seeders = containers.stream().filter(c -> c.service().equals(LabContract.SEEDER)).count();
    int leechers =
        (int) containers.stream().filter(c -> c.service().equals(LabContract.LEECHER)).count();
    if (seeders + leechers == 0) {
      throw notUp(project);
    }
    if (containers.stream()
        .filter(c -> LabContract.PEERS.contains(c.service()))
        .anyMatch(
            c ->
                !LabContract.RERUN_PROTOCOL.equals(
                    c.labels().get(LabContract.RERUN_PROTOCOL_LABEL)))) {
      // their entrypoint would read the rerun file otherwise (one before version 2 started the run
      // without its rates, one before version 3 waits for rtorrent to be told to quit, one before
      // version 4 stops rtorrent itself and has no peer-started script): the new run could not be
      // trusted
      throw new BadInputException(
          "lab '"
              + project
              + "' was started by another version of swarmlab, whose peers this one cannot rerun;"
              + " swarmlab down, then swarmlab up");
    }
    List<RunRecord> runs = runs(project).list();
    RunRecord previous =
        runs.stream()
            .filter(r -> !r.ended())
            .reduce((a, b) -> b)
            .orElseThrow(
                () ->
                    new BadInputException(
                        "lab '"
                            + project
                            + "' has no run in progress ("
                            + (endedByARerun(runs)
                                ? "a rerun ended it and could not begin the next"
                                : "was it started without swarmlab up?")
                            + "); rerun needs one: swarmlab down, then swarmlab up"));
    RunPlan was = previous.info().plan();
    String upInstead =
        "; rerun keeps the lab's containers: swarmlab down, then swarmlab up with it";
    if (changes.seeders() != null && changes.seeders() != seeders) {
      throw new BadInputException(
          "--seeders " + changes.seeders() + " needs other containers than the lab's" + upInstead);
    }
    for (String role : List.of(LabContract.SEEDER, LabContract.LEECHER)) {
      Client asked =
          role.equals(LabContract.SEEDER) ? changes.seederClient() : changes.leecherClient();
      if (asked != null && asked != was.client(role)) {
        throw new BadInputException(
            "the "
                + role
                + "s run "
                + was.client(role).id()
                + ", and "
                + asked.id()
                + " is another image"
                + upInstead);
      }
    }
    if (changes.debug() && !was.debug()) {
      throw new BadInputException("--debug starts Flood, a container the lab has not" + upInstead);
    }
    int wanted = changes.leechers() == null ? leechers : changes.leechers();
    if (wanted < 0 || wanted > LabSpec.MAX_LEECHERS) {
      throw new BadInputException(
          "a lab has from 0 to " + LabSpec.MAX_LEECHERS + " leechers (asked for " + wanted + ")");
    }
    Path labDir = LabFiles.labDir(stateDir, project);
    Path composeFile = labDir.resolve("docker-compose.yml");
    String yaml = composeFile(project, composeFile, "rerun");
    ComposeProject compose = ComposeFile.read(yaml, project, composeFile.toString());
    Payload payload = rerunPayload(compose, labDir, changes.payload(), was.payloadBytes());
    PayloadLayout layout = PayloadLayout.of(payload, labDir);
    Payload remake = null;
    if (payload instanceof Payload.UserData) {
      // the data may have changed since its torrents were made: they are made from it as it is
      LabFiles.requireReadableBy(layout.source(), user);
      remake = payload;
    } else if (!stamp(payload).equals(torrentsMade(labDir))) {
      remake = payload;
    }
    if (remake != null
        && containers.stream().noneMatch(c -> c.service().equals(LabContract.MKTORRENT))) {
      throw new BadInputException(
          "lab '" + project + "' has no mktorrent job to make its torrents again" + upInstead);
    }
    // the leechers' downloads of the run before (at most a payload each) are gone before the new
    // run writes its own
    Capacity.checkDisk(
        engine.host(), wanted, layout.bytes(), DiskSpace.needed(leechers, was.payloadBytes()));
    yaml = withShared(yaml, layout, composeFile);
    RateLimits rates =
        new RateLimits(
            rate(changes.seederUp(), compose, LabContract.SEEDER, LabContract.UP_RATE_ENV),
            rate(changes.seederDown(), compose, LabContract.SEEDER, LabContract.DOWN_RATE_ENV),
            rate(changes.leecherUp(), compose, LabContract.LEECHER, LabContract.UP_RATE_ENV),
            rate(changes.leecherDown(), compose, LabContract.LEECHER, LabContract.DOWN_RATE_ENV));
    for (String role : List.of(LabContract.SEEDER, LabContract.LEECHER)) {
      boolean seeder = role.equals(LabContract.SEEDER);
      yaml =
          ComposeFile.withEnvironment(
              yaml,
              role,
              Map.of(
                  LabContract.UP_RATE_ENV,
                  Long.toString(seeder ? rates.seederUp() : rates.leecherUp()),
                  LabContract.DOWN_RATE_ENV,
                  Long.toString(seeder ? rates.seederDown() : rates.leecherDown())),
              composeFile.toString());
    }
    yaml = ComposeFile.withReplicas(yaml, LabContract.LEECHER, wanted, composeFile.toString());
    RunPlan plan =
        new RunPlan(
            (int) seeders,
            wanted,
            changes.payload() == null ? was.payload() : RunPlan.describe(changes.payload()),
            was.debug(),
            layout.bytes(),
            rates.describe(),
            was.clients(),
            was.startOrder());
    return new RerunPlan(
        project,
        previous,
        yaml,
        plan,
        rates,
        wanted,
        leechers,
        labDir.resolve(LabContract.CONTROL_DIR),
        new LabContract.Shared(layout.torrents(), layout.bytes()),
        remake);
  }

  /**
   * The payload a rerun shares: {@code asked}, if it is mounted where the lab's payload is (a
   * generated one of any size, or the lab's own {@code --data} again), else the lab's.
   *
   * @throws BadInputException if {@code asked} would be mounted from elsewhere: that needs new
   *     containers
   */
  private static Payload rerunPayload(
      ComposeProject compose, Path labDir, Payload asked, long wasBytes) {
    ServiceSpec.Mount mounted =
        compose.service(LabContract.MKTORRENT).mounts().stream()
            .filter(m -> m.type() == ServiceSpec.Mount.Type.BIND)
            .filter(
                m ->
                    m.target().equals(LabContract.PAYLOAD_MOUNT)
                        || m.target().startsWith(LabContract.PAYLOAD_MOUNT + "/"))
            .findFirst()
            .orElseThrow(
                () ->
                    new BadInputException(
                        "the lab's compose file mounts no payload into its mktorrent job; run"
                            + " swarmlab down, then swarmlab up"));
    Path generated = labDir.resolve(PayloadLayout.GENERATED_DIR).toAbsolutePath().normalize();
    if (asked == null) {
      if (!Path.of(mounted.source()).equals(generated)) {
        return new Payload.UserData(Path.of(mounted.source()));
      }
      // the compose file's label says the payload as the last up or rerun made it
      long bytes = wasBytes;
      try {
        bytes =
            Long.parseLong(
                compose
                    .service(LabContract.SEEDER)
                    .labels()
                    .getOrDefault(LabContract.PAYLOAD_BYTES_LABEL, Long.toString(wasBytes))
                    .strip());
      } catch (NumberFormatException e) {
        // the run record's size, then
      }
      long size = PayloadLayout.generatedSize(bytes);
      if (size < 1 || size > LabSpec.MAX_PAYLOAD_BYTES) {
        throw new BadInputException(
            "cannot tell the size of the lab's generated payload; give it: --payload-size SIZE");
      }
      return new Payload.Generated(size);
    }
    PayloadLayout layout = PayloadLayout.of(asked, labDir);
    if (!layout.source().toString().equals(mounted.source())
        || !layout.target().equals(mounted.target())) {
      throw new BadInputException(
          "the lab's containers have "
              + (Path.of(mounted.source()).equals(generated)
                  ? "a generated payload"
                  : mounted.source())
              + " mounted, and "
              + RunPlan.describe(asked)
              + " would be mounted from elsewhere; rerun can change a generated payload's size, or"
              + " make the torrents again from the lab's own --data: for another, swarmlab down,"
              + " then swarmlab up with it");
    }
    return asked;
  }

  /** {@code yaml} with each peer service labelled with what {@code layout} shares. */
  private static String withShared(String yaml, PayloadLayout layout, Path composeFile) {
    for (String role : List.of(LabContract.SEEDER, LabContract.LEECHER)) {
      yaml =
          ComposeFile.withLabels(
              yaml,
              role,
              Map.of(
                  LabContract.TORRENTS_LABEL,
                  Integer.toString(layout.torrents()),
                  LabContract.PAYLOAD_BYTES_LABEL,
                  Long.toString(layout.bytes())),
              composeFile.toString());
    }
    return yaml;
  }

  /** The payload the lab's torrents were last made from; empty if unknown. */
  private static String torrentsMade(Path labDir) {
    Path file = labDir.resolve(TORRENTS_MADE);
    try {
      return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          ? Files.readString(file, StandardCharsets.UTF_8).strip()
          : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /**
   * Once the peers of the rerun {@code plan} have stopped: writes the new generated payload, if it
   * is one, and runs the lab's mktorrent job again, so that the torrents, the tracker's whitelist
   * and the manifest are those of the payload the new run shares. Nothing if the torrents stay.
   */
  public void remakePayload(
      LabLock lock, RerunPlan plan, Engine engine, Consumer<String> progress) {
    lock.requireHeldFor(plan.project());
    if (plan.remake() == null) {
      return;
    }
    Path labDir = LabFiles.labDir(stateDir, plan.project());
    Path made = labDir.resolve(TORRENTS_MADE);
    try {
      Files.deleteIfExists(made); // a link planted there: the link goes, nothing it names
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + made, e);
    }
    if (plan.remake() instanceof Payload.Generated g) {
      Path dir = PayloadLayout.of(g, labDir).source();
      if (PayloadLayout.generate(dir, g.sizeBytes())) {
        progress.accept("wrote the payload to " + dir);
      }
    }
    ContainerInfo job =
        engine.list(plan.project()).stream()
            .filter(c -> c.service().equals(LabContract.MKTORRENT))
            .findFirst()
            .orElseThrow(
                () ->
                    new dev.swarmlab.error.LabFailedException(
                        "the lab's mktorrent job is gone; run swarmlab down, then swarmlab up"));
    progress.accept("making the torrents of " + plan.plan().payload() + " again");
    engine.runAgain(job.id(), LabContract.MKTORRENT, java.time.Duration.ofMinutes(30));
    writeAtomically(made, stamp(plan.remake()) + "\n");
  }

  /** A rate the rerun asked for, else the one the compose file gives {@code role}; 0 is none. */
  private static long rate(Long asked, ComposeProject compose, String role, String variable) {
    if (asked != null) {
      return asked;
    }
    String text = compose.service(role).environment().getOrDefault(variable, "0");
    try {
      long r = Long.parseLong(text.strip());
      return r < dev.swarmlab.plan.Quantities.MIN_RATE || r > dev.swarmlab.plan.Quantities.MAX_RATE
          ? 0
          : r;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether the last of {@code runs} was ended by a rerun that began no run after it. */
  private static boolean endedByARerun(List<RunRecord> runs) {
    if (runs.isEmpty()) {
      return false;
    }
    Object how =
        runs.get(runs.size() - 1)
            .last(RunRecord.ENDED)
            .map(e -> e.detail().get("how"))
            .orElse(null);
    return how instanceof String h && h.startsWith("rerun");
  }

  /**
   * Once every peer of the lab has stopped for the rerun {@code plan}: writes the lab's compose
   * file as the rerun leaves it and ends the run the lab was in (its peers' files kept in its
   * record). A lab whose run has ended so cannot be rerun until {@link #beginRerun} begins the
   * next.
   */
  public void endForRerun(LabLock lock, RerunPlan plan) {
    lock.requireHeldFor(plan.project());
    Path composeFile = LabFiles.labDir(stateDir, plan.project()).resolve("docker-compose.yml");
    writeAtomically(composeFile, plan.yaml());
    endOnce(plan.previous(), plan.controlDir(), "rerun");
  }

  /**
   * Ends the run before as {@link #endForRerun} does, unless it has, and begins run {@code runId}'s
   * record, which says again the links the run before shaped.
   */
  public RunRecord beginRerun(LabLock lock, RerunPlan plan, Engine engine, String runId) {
    lock.requireHeldFor(plan.project());
    if (!plan.previous().ended()) {
      endForRerun(lock, plan);
    }
    RunRecord record = runs(plan.project()).begin(runId, plan.plan());
    try {
      record.keepComposeFile(plan.yaml());
      record.event("rerun", Map.of("after", plan.previous().id()));
      // the peers keep their network namespaces, so the links shaped in the run before stay: said
      // again in this run, which a restart or a new leecher reads its link from
      for (RunRecord.Event e : plan.previous().events()) {
        if (e.event().equals("link")) {
          Map<String, Object> detail = new LinkedHashMap<>(e.detail());
          detail.put("carriedFrom", plan.previous().id());
          record.event("link", detail);
        }
      }
      recordStarted(record, engine, plan.project());
    } catch (RuntimeException e) {
      // begun in part: ended as failed, so that no later rerun takes it for the lab's run
      try {
        record.event("failed", Map.of("error", String.valueOf(e.getMessage())));
        endOnce(record, plan.controlDir(), "rerun failed");
      } catch (RuntimeException notEnded) {
        e.addSuppressed(notEnded);
      }
      throw e;
    }
    return record;
  }

  /**
   * What {@link #scale} did.
   *
   * @param added the leechers started, by name
   * @param removed the leechers stopped and removed, by name
   */
  public record Scaled(int from, int to, List<String> added, List<String> removed) {}

  /** How long a leecher removed by {@link #scale} has to stop before it is killed. */
  static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(10);

  /**
   * Adds or removes leechers of lab {@code project}, which is up, until it has {@code leechers}:
   * new ones are the next numbers, started as up started the others (from the lab's compose file,
   * labelled with the lab's run, {@code starts} at a time); removed ones are the highest numbers,
   * stopped (rtorrent tells the tracker it stops) and removed. The compose file is rewritten with
   * the new count and the run's record notes it. If a start fails or {@code cancellation} is
   * cancelled, the leechers this call started are removed.
   */
  public Scaled scale(
      String project,
      Engine engine,
      int leechers,
      java.util.OptionalInt starts,
      Cancellation cancellation,
      Consumer<String> progress) {
    if (leechers < 0 || leechers > LabSpec.MAX_LEECHERS) {
      throw new BadInputException(
          "a lab has from 0 to " + LabSpec.MAX_LEECHERS + " leechers (asked for " + leechers + ")");
    }
    try (LabLock lock = LabLock.takeIfPresent(LabFiles.stateRoot(stateDir), project, "scaled")) {
      if (lock == null) {
        throw notUp(project);
      }
      return scale(lock, project, engine, leechers, starts, cancellation, progress);
    }
  }

  /** {@link #scale}, with the lab's lock held by the caller. */
  public Scaled scale(
      LabLock lock,
      String project,
      Engine engine,
      int leechers,
      java.util.OptionalInt starts,
      Cancellation cancellation,
      Consumer<String> progress) {
    lock.requireHeldFor(project);
    long began = Instant.now().getEpochSecond();
    Path labDir = LabFiles.labDir(stateDir, project);
    Path composeFile = labDir.resolve("docker-compose.yml");
    List<ContainerInfo> containers = engine.list(project);
    if (containers.stream()
        .noneMatch(
            c ->
                (c.service().equals(LabContract.SEEDER)
                    || c.service().equals(LabContract.LEECHER)))) {
      throw notUp(project);
    }
    String yaml = composeFile(project, composeFile, "scale");
    ComposeProject compose = ComposeFile.read(yaml, project, composeFile.toString());
    List<ContainerInfo> current =
        containers.stream().filter(c -> c.service().equals(LabContract.LEECHER)).toList();
    String runId =
        containers.stream()
            .map(c -> c.labels().get(LabContract.RUN_LABEL))
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .orElse(newRunId());
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    if (leechers > current.size()) {
      // a number is never used twice in a run: a leecher removed earlier keeps its name
      int next =
          Math.max(
                  current.stream().mapToInt(ContainerInfo::number).max().orElse(0),
                  highestScaled(project))
              + 1;
      List<Integer> numbers = new ArrayList<>();
      for (int n = next; n < next + leechers - current.size(); n++) {
        numbers.add(n);
        added.add(LabContract.LEECHER + "-" + n);
      }
      progress.accept("starting " + numbers.size() + " × " + LabContract.LEECHER);
      engine.addReplicas(
          compose,
          LabContract.LEECHER,
          numbers,
          composeFile,
          new dev.swarmlab.engine.Run(runId, starts, cancellation));
    } else if (leechers < current.size()) {
      List<ContainerInfo> last =
          current.stream()
              .sorted(Comparator.comparingInt(ContainerInfo::number).reversed())
              .limit(current.size() - leechers)
              .toList();
      progress.accept("stopping " + last.size() + " × " + LabContract.LEECHER);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(Math.min(8, last.size()));
      try {
        List<java.util.concurrent.Future<?>> stops = new ArrayList<>();
        for (ContainerInfo c : last) {
          stops.add(pool.submit(() -> engine.remove(c.id(), STOP_GRACE)));
          removed.add(c.service() + "-" + c.number());
        }
        dev.swarmlab.engine.Futures.awaitAll(stops);
      } finally {
        pool.shutdown();
      }
    }
    writeAtomically(
        composeFile,
        ComposeFile.withReplicas(yaml, LabContract.LEECHER, leechers, composeFile.toString()));
    Scaled scaled = new Scaled(current.size(), leechers, added, removed);
    noteScale(project, scaled, began);
    return scaled;
  }

  /**
   * The highest leecher number an earlier scale of the lab's open run added or removed; 0 if none.
   */
  private int highestScaled(String project) {
    int highest = 0;
    try {
      var open = runs(project).list().stream().filter(r -> !r.ended()).reduce((a, b) -> b);
      if (open.isEmpty()) {
        return 0;
      }
      for (var e : open.get().events()) {
        if (!e.event().equals("scale")) {
          continue;
        }
        for (String key : List.of("added", "removed")) {
          if (e.detail().get(key) instanceof List<?> names) {
            for (Object n : names) {
              String s = String.valueOf(n);
              if (s.matches(LabContract.LEECHER + "-\\d{1,6}")) {
                highest = Math.max(highest, Integer.parseInt(s.substring(s.indexOf('-') + 1)));
              }
            }
          }
        }
      }
    } catch (RuntimeException e) {
      // no record to read: the containers' numbers are all there is
    }
    return highest;
  }

  /** Notes {@code scaled} in the lab's open run, if it has one. */
  private void noteScale(String project, Scaled scaled, long began) {
    try {
      var open = runs(project).list().stream().filter(r -> !r.ended()).reduce((a, b) -> b);
      if (open.isPresent()) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("from", scaled.from());
        detail.put("to", scaled.to());
        detail.put("added", scaled.added());
        detail.put("removed", scaled.removed());
        detail.put("began", began);
        open.get().event("scale", detail);
      }
    } catch (RuntimeException e) {
      // the record is a by-product: the lab has been scaled all the same
    }
  }

  /** A new id for one {@code up}: when it started, and enough randomness to tell two apart. */
  public static String newRunId() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now())
        + "-"
        + HexFormat.of().formatHex(random);
  }

  /**
   * What {@link #down} removed.
   *
   * @param purgedBytes the bytes of the lab's files deleted with {@code purge}; -1 when none were
   */
  public record Removed(Engine.DownResult removed, long purgedBytes, String warning) {}

  /**
   * Removes lab {@code project}: its containers and network, its volumes if asked, its peers'
   * sockets, and with {@code purge} its files under {@code .swarmlab/PROJECT/} (compose file,
   * generated payload, control directory; links deleted, never followed; the user's {@code --data}
   * is never there), all under the lab's lock. Safe to repeat.
   */
  public Removed down(String project, Engine engine, boolean volumes, boolean purge) {
    Path root = LabFiles.stateRoot(stateDir);
    Path labDir = root.resolve(project);
    try (LabLock lock = LabLock.takeIfPresent(root, project, "removed")) {
      recordContainers(project, engine);
      Engine.DownResult removed = engine.down(project, volumes);
      LabFiles.removeSockets(labDir);
      String warning = null;
      try {
        runs(project).settle(labDir.resolve(LabContract.CONTROL_DIR), "down");
      } catch (RuntimeException e) {
        // the lab is gone all the same: its record is what could not be kept
        warning = "could not keep the peers' files in the lab's run: " + e.getMessage();
      }
      long purged = -1;
      if (purge && java.nio.file.Files.exists(labDir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        purged = LabFiles.deleteTreeExcept(labDir, RunStore.RUNS_DIR);
      }
      return new Removed(removed, purged, warning);
    }
  }

  /**
   * Records, in the lab's open run, the state of each of its containers as {@code down} found them
   * (a peer killed during the run shows as {@code exited}).
   */
  private void recordContainers(String project, Engine engine) {
    try {
      var open = runs(project).list().stream().filter(r -> !r.ended()).reduce((a, b) -> b);
      if (open.isEmpty()) {
        return;
      }
      List<Map<String, Object>> states = new ArrayList<>();
      for (var c : engine.list(project)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.service() + "-" + c.number());
        m.put("service", c.service());
        m.put("state", c.state());
        states.add(m);
      }
      open.get().event("down", Map.of("containers", states));
    } catch (RuntimeException e) {
      // the record is a by-product: down goes on
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

  /** Lab {@code project}'s compose file, which {@code command} needs; never through a link. */
  private static String composeFile(String project, Path composeFile, String command) {
    LabFiles.refuseLink(composeFile);
    try {
      return Files.readString(composeFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException(
          "lab '"
              + project
              + "' has no compose file at "
              + composeFile
              + "; "
              + command
              + " needs one");
    }
  }

  private static BadInputException notUp(String project) {
    return new BadInputException(
        "no lab named '" + project + "' is up; start one with 'swarmlab up'");
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
