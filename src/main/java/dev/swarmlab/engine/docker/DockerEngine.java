package dev.swarmlab.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.swarmlab.compose.ComposeProject;
import dev.swarmlab.compose.ServiceSpec;
import dev.swarmlab.compose.ServiceSpec.Condition;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.DiskSpace;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.EngineHost;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.engine.Labels;
import dev.swarmlab.engine.NeighbourTable;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.EngineUnavailableException;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.wait.Poller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/** {@link Engine} on the Docker Engine API, through docker-java. */
public final class DockerEngine implements Engine {

  /** Images built and containers removed at once; more only queue up in the engine. */
  private static final int PARALLELISM = 8;

  /**
   * Containers created and started at once unless the user says otherwise: twice this machine's
   * cores. Fewer at once get each one running sooner, so the swarm's transfer
   * overlaps the remaining starts; more at once get them all running sooner. On 2 cores, 100
   * leechers completed in 173 s with 4 at once, 188 s with 8 and 210 s with 64 (docker-compose's
   * limit), though all were running only after 159, 149 and 126 s (see bench/README.md).
   */
  static int startsDefault() {
    return startsDefault(Runtime.getRuntime().availableProcessors());
  }

  static int startsDefault(int cores) {
    return Math.max(2, Math.min(MAX_STARTS_AT_ONCE, 2 * cores));
  }

  private static final Duration HEALTHY_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerHttpClient http;
  private final URI host;
  private final Supplier<DockerClientConfig> config;
  private final ExecutorService pool;
  private DockerClient client; // made on first use: reading a lab needs only the transport

  private DockerEngine(DockerHttpClient http, URI host, Supplier<DockerClientConfig> config) {
    this.http = http;
    this.host = host;
    this.config = config;
    this.pool = Executors.newFixedThreadPool(PARALLELISM, daemon("swarmlab-engine"));
  }

  /**
   * Connects to the engine that {@code DOCKER_HOST} (or the default unix socket) names and checks
   * that it answers.
   *
   * @throws EngineUnavailableException naming where it looked, if no engine answers
   */
  public static DockerEngine connect() {
    // docker-java's configuration reader costs a third of a second (it builds its object mapper to
    // read ~/.docker/config.json). Where nothing but DOCKER_HOST or the default socket can apply,
    // the host is known without it, and the reader runs only if a command needs the full client.
    URI plain = plainHost();
    Supplier<DockerClientConfig> config =
        memoize(() -> DefaultDockerClientConfig.createDefaultConfigBuilder().build());
    URI host = plain != null ? plain : config.get().getDockerHost();
    SSLConfig ssl = plain != null ? null : config.get().getSSLConfig();
    if (!Set.of("unix", "tcp").contains(host.getScheme())) {
      // ssh:// (and npipe://): not a transport docker-java has, and not a machine whose sockets
      // swarmlab could open anyway
      throw new BadInputException(
          "DOCKER_HOST " + host + " is not supported: swarmlab drives its peers through unix sockets on the engine's"
              + " machine, so it needs an engine on this machine (unset DOCKER_HOST); labs on other machines are not"
              + " supported yet");
    }
    DockerHttpClient http =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(host)
            .sslConfig(tls(ssl, host))
            .maxConnections(PARALLELISM + MAX_STARTS_AT_ONCE)
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofMinutes(30))
            .build();
    DockerEngine engine = new DockerEngine(http, host, config);
    try {
      engine.get("/_ping");
    } catch (RuntimeException e) {
      engine.close();
      throw new EngineUnavailableException(
          "no Docker engine at "
              + host
              + " ("
              + rootMessage(e)
              + "); start one with scripts/setup-engine.sh (as root), or set DOCKER_HOST",
          e);
    }
    return engine;
  }

  /**
   * Loads and initialises what {@link #connect} needs (the HTTP transport, the JSON reader)
   * without contacting the engine, so that a command can have it done on another thread while it
   * reads its arguments. Does nothing when docker-java's configuration reader must pick the host.
   */
  public static void preload() {
    URI plain = plainHost();
    if (plain == null) {
      return;
    }
    try {
      new ZerodepDockerHttpClient.Builder().dockerHost(plain).sslConfig(tls(null, plain)).build().close();
      info(JSON.readTree("{\"Labels\":{},\"Ports\":[],\"Names\":[\"/x\"],\"NetworkSettings\":{\"Networks\":{}}}"));
    } catch (IOException e) {
      // nothing was connected; connect() reports real problems
    }
  }

  /**
   * The engine's address when only {@code DOCKER_HOST} or the default socket can apply: a unix
   * socket, no docker context, no docker-java settings file. Null when docker-java's reader must
   * decide.
   */
  private static URI plainHost() {
    Path home = Path.of(System.getProperty("user.home", "/"));
    if (System.getenv("DOCKER_CONTEXT") != null
        || System.getProperty("DOCKER_HOST") != null
        || Files.exists(home.resolve(".docker-java.properties"))) {
      return null;
    }
    String configured = System.getenv("DOCKER_HOST");
    if (configured == null) {
      String dir = System.getenv("DOCKER_CONFIG");
      Path file = (dir != null ? Path.of(dir) : home.resolve(".docker")).resolve("config.json");
      if (Files.exists(file) && usesContext(file)) {
        return null;
      }
      configured = "unix:///var/run/docker.sock";
    }
    URI uri = URI.create(configured);
    return "unix".equals(uri.getScheme()) ? uri : null;
  }

  private static boolean usesContext(Path configJson) {
    try {
      JsonNode context = JSON.readTree(configJson.toFile()).get("currentContext");
      return context != null && !context.asText().isEmpty() && !context.asText().equals("default");
    } catch (IOException | RuntimeException e) {
      return true; // unreadable: let docker-java's reader have its say
    }
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }

  /** The full docker-java client, made on first use. */
  private synchronized DockerClient client() {
    if (client == null) {
      client = DockerClientImpl.getInstance(config.get(), http);
    }
    return client;
  }

  /** A GET on the Engine API through the transport, its body read as JSON. */
  private JsonNode get(String path) {
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET).path(path).build();
    try (DockerHttpClient.Response response = http.execute(request)) {
      String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (response.getStatusCode() != 200) {
        throw new LabFailedException("the engine answered " + response.getStatusCode() + " to GET " + path + ": " + body.strip());
      }
      return path.equals("/_ping") ? JSON.getNodeFactory().textNode(body) : JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    }
  }

  /**
   * A socket on this machine never speaks TLS, but without a context of its own the HTTP client
   * loads the JDK's default trust store anyway, and even an empty context from the JDK loads every
   * security provider: a fifth of a second of every command's start-up.
   */
  private static SSLConfig tls(SSLConfig configured, URI host) {
    if (configured != null || "tcp".equals(host.getScheme())) {
      return configured;
    }
    return NoTls::new;
  }

  /** The TLS context of a local socket, which never speaks TLS: any use of it fails. */
  private static final class NoTls extends SSLContext {
    NoTls() {
      super(new Refusing(), null, "none");
    }

    private static final class Refusing extends SSLContextSpi {
      private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException("TLS on a local Docker socket");
      }

      @Override
      protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
        throw refused();
      }

      @Override
      protected SSLSocketFactory engineGetSocketFactory() {
        throw refused();
      }

      @Override
      protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw refused();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine() {
        throw refused();
      }

      @Override
      protected SSLEngine engineCreateSSLEngine(String host, int port) {
        throw refused();
      }

      @Override
      protected SSLSessionContext engineGetServerSessionContext() {
        throw refused();
      }

      @Override
      protected SSLSessionContext engineGetClientSessionContext() {
        throw refused();
      }
    }
  }

  @Override
  public boolean onThisMachine() {
    return "unix".equals(host.getScheme());
  }

  private EngineHost hostInfo; // asked once: up checks it and the capacity from it

  @Override
  public synchronized EngineHost host() {
    if (hostInfo == null) {
      hostInfo = readHost();
    }
    return hostInfo;
  }

  private EngineHost readHost() {
    JsonNode info = get("/info");
    boolean rootless = false;
    for (JsonNode option : info.path("SecurityOptions")) {
      rootless |= option.asText().contains("name=rootless");
    }
    return new EngineHost(
        host.toString(),
        onThisMachine(),
        rootless,
        info.path("OperatingSystem").asText("").contains("Docker Desktop"),
        info.path("DockerRootDir").asText(""));
  }

  @Override
  public void checkCapacity(int seeders, int leechers, long payloadBytes) {
    // Only a local engine's host is this machine; a remote host's limits cannot be read. An engine
    // in a VM (Docker Desktop) has a data root that is not a directory here: not checked either.
    if ("unix".equals(host.getScheme())) {
      NeighbourTable.readLimit(NeighbourTable.GC_THRESH3)
          .ifPresent(limit -> NeighbourTable.check(seeders + leechers, limit));
      if (leechers > 0) {
        String dataRoot = host().dataRoot();
        Path root = Path.of(dataRoot.isEmpty() ? "/nonexistent" : dataRoot);
        DiskSpace.usable(root).ifPresent(free -> DiskSpace.check(leechers, payloadBytes, root, free));
      }
    }
  }

  @Override
  public void prepareImages(List<ImageSource> images, BuildOptions options, Consumer<String> progress) {
    List<ImageSource> missing = images.stream().filter(i -> !imageExists(i.tag(options))).toList();
    if (missing.isEmpty()) {
      return;
    }
    if (!imageExists(options.baseImage())) {
      throw new LabFailedException(
          "base image "
              + options.baseImage()
              + " is missing; pull it, or build it offline with scripts/setup-engine.sh");
    }
    List<Future<?>> builds = new ArrayList<>();
    for (ImageSource image : missing) {
      progress.accept("building image " + image.tag(options));
      builds.add(pool.submit(() -> build(image, options)));
    }
    awaitAll(builds);
  }

  private void build(ImageSource image, BuildOptions options) {
    Path dir = null;
    LayerRecorder recorder = new LayerRecorder();
    try {
      dir = Files.createTempDirectory("swarmlab-build-" + image.name());
      for (Map.Entry<String, byte[]> f : image.context(options).entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
      String tag = image.tag(options);
      client()
          .buildImageCmd(dir.toFile())
          .withTags(Set.of(tag))
          .withBuildArg("BASE_IMAGE", options.baseImage())
          .withLabels(Map.of(Labels.SWARMLAB_IMAGE, image.name()))
          .withPull(false)
          .withRemove(true)
          .withForcerm(true) // the container of a failed step too
          .exec(recorder)
          .awaitImageId();
    } catch (DockerClientException | DockerException e) {
      removeLayers(recorder.layers());
      String reason = rootMessage(e);
      if (BuildFailures.isCertificateProblem(reason + "\n" + recorder.tail())) {
        throw new LabFailedException(
            "building image " + image.name() + " failed on a TLS certificate (" + BuildFailures.cut(reason)
                + "): HTTPS goes through a proxy the build does not trust; pass its CA certificates with"
                + " --ca-certs FILE (or SWARMLAB_BUILD_CA_CERTS)", e);
      }
      throw new LabFailedException("building image " + image.name() + " failed: " + BuildFailures.cut(reason), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Records the images a build made step by step (not those it took from its cache), and the last
   * lines it printed.
   */
  private static final class LayerRecorder extends BuildImageResultCallback {
    private static final java.util.regex.Pattern LAYER = java.util.regex.Pattern.compile("^ ---> ([0-9a-f]{12,64})\\s*$");
    private static final int TAIL_LINES = 40;
    private final List<String> layers = new ArrayList<>();
    private final java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>();
    private boolean cached;

    synchronized List<String> layers() {
      return List.copyOf(layers);
    }

    synchronized String tail() {
      return String.join("\n", tail);
    }

    @Override
    public synchronized void onNext(BuildResponseItem item) {
      String stream = item.getStream();
      if (stream != null) {
        for (String line : stream.split("\\n")) {
          tail.addLast(line.length() > 500 ? line.substring(0, 500) : line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
          if (line.contains("Using cache")) {
            cached = true;
          }
          var m = LAYER.matcher(line);
          if (m.matches()) {
            if (!cached) {
              layers.add(m.group(1));
            }
            cached = false;
          }
        }
      }
      super.onNext(item);
    }
  }

  /** Removes the images a failed build made, newest first; each one still used elsewhere stays. */
  private void removeLayers(List<String> layers) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      try {
        client().removeImageCmd(layers.get(i)).exec();
      } catch (DockerException e) {
        // gone with a child, or used by another image: not this build's to remove
      }
    }
  }

  private boolean imageExists(String ref) {
    try {
      client().inspectImageCmd(ref).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** Set once an up is abandoned: no request of it that changes the engine starts after that. */
  private volatile boolean abandoned;
  /** Requests of an up that change the engine, in flight now. */
  private int changesInFlight;

  /**
   * Runs {@code change} (a request that creates something in the engine) unless the up it belongs
   * to has been abandoned, counted so that {@link #abandon} can wait for it to finish.
   */
  private <T> T change(Supplier<T> change) {
    synchronized (this) {
      if (abandoned) {
        throw new LabFailedException("interrupted");
      }
      changesInFlight++;
    }
    try {
      return change.get();
    } finally {
      synchronized (this) {
        changesInFlight--;
        notifyAll();
      }
    }
  }

  @Override
  public DownResult abandon(String project, String runId) {
    synchronized (this) {
      abandoned = true;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (changesInFlight > 0 && System.nanoTime() < deadline) {
        try {
          wait(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return remove(Map.of(Labels.SWARMLAB_PROJECT, project, Labels.SWARMLAB_RUN, runId), true);
  }

  @Override
  public void up(
      ComposeProject project, Set<String> profiles, Path configFile, OptionalInt startsAtOnce, String runId,
      Consumer<String> progress) {
    String name = project.name();
    int starts = Math.max(1, Math.min(MAX_STARTS_AT_ONCE, startsAtOnce.orElseGet(DockerEngine::startsDefault)));
    try {
      change(() -> ensureNetwork(name, runId));
      for (String volume : project.volumes()) {
        change(() -> ensureVolume(name, volume, runId));
      }
      Map<String, List<String>> started = new HashMap<>();
      for (ServiceSpec service : startOrder(project, profiles)) {
        for (Map.Entry<String, Condition> dep : service.dependsOn().entrySet()) {
          awaitCondition(dep.getKey(), started.getOrDefault(dep.getKey(), List.of()), dep.getValue());
        }
        if (service.replicas() > 0) {
          progress.accept("starting " + service.replicas() + " × " + service.name());
        }
        started.put(service.name(), startReplicas(name, service, configFile, starts, runId));
      }
    } catch (RuntimeException e) {
      if (!abandoned) {
        progress.accept("up failed; removing what it created");
        removeQuietly(name, runId);
      }
      throw e;
    }
  }

  /** Services enabled by {@code profiles}, each after the services it depends on. */
  static List<ServiceSpec> startOrder(ComposeProject project, Set<String> profiles) {
    List<ServiceSpec> enabled = project.services().stream().filter(s -> s.enabledFor(profiles)).toList();
    List<ServiceSpec> order = new ArrayList<>();
    List<ServiceSpec> left = new ArrayList<>(enabled);
    while (!left.isEmpty()) {
      ServiceSpec next =
          left.stream()
              .filter(s -> s.dependsOn().keySet().stream().allMatch(d -> order.stream().anyMatch(o -> o.name().equals(d))))
              .findFirst()
              .orElseThrow(() -> new LabFailedException(
                  "cannot order services " + left.stream().map(ServiceSpec::name).toList()
                      + ": a dependency is missing, disabled by profile, or circular"));
      order.add(next);
      left.remove(next);
    }
    return order;
  }

  private List<String> startReplicas(String project, ServiceSpec service, Path configFile, int starts, String runId) {
    ExecutorService startPool =
        Executors.newFixedThreadPool(Math.min(starts, Math.max(1, service.replicas())), daemon("swarmlab-start"));
    List<Future<String>> futures = new ArrayList<>();
    try {
      for (int i = 1; i <= service.replicas(); i++) {
        int number = i;
        futures.add(startPool.submit(() -> change(() -> createAndStart(project, service, number, configFile, runId))));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : futures) {
        ids.add(await(f));
      }
      return ids;
    } catch (RuntimeException e) {
      // Starts still queued would create containers after the caller's clean-up has listed what
      // to remove: cancel them, and let those in flight finish (not interrupted: an abandoned
      // request can still leave the engine creating its container) so the clean-up sees them.
      futures.forEach(f -> f.cancel(false));
      startPool.shutdown();
      awaitQuietly(startPool);
      throw e;
    } finally {
      startPool.shutdown();
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String createAndStart(String project, ServiceSpec service, int number, Path configFile, String runId) {
    String containerName = project + "-" + service.name() + "-" + number;
    Map<String, String> labels = new LinkedHashMap<>(service.labels());
    labels.put(Labels.PROJECT, project);
    labels.put(Labels.SERVICE, service.name());
    labels.put(Labels.NUMBER, Integer.toString(number));
    labels.put(Labels.ONEOFF, "False");
    labels.put(Labels.CONFIG_HASH, service.configHash());
    labels.put(Labels.WORKING_DIR, configFile.toAbsolutePath().getParent().toString());
    labels.put(Labels.CONFIG_FILES, configFile.toAbsolutePath().toString());
    labels.put(Labels.SWARMLAB_PROJECT, project);
    labels.put(Labels.SWARMLAB_RUN, runId);

    List<Mount> mounts = new ArrayList<>();
    for (ServiceSpec.Mount m : service.mounts()) {
      boolean bind = m.type() == ServiceSpec.Mount.Type.BIND;
      mounts.add(
          new Mount()
              .withType(bind ? MountType.BIND : MountType.VOLUME)
              .withSource(bind ? m.source() : volume(project, m.source()))
              .withTarget(m.target())
              .withReadOnly(m.readOnly()));
    }
    Ports bindings = new Ports();
    List<ExposedPort> exposed = new ArrayList<>();
    for (ServiceSpec.Port p : service.ports()) {
      ExposedPort port = "udp".equals(p.protocol()) ? ExposedPort.udp(p.containerPort()) : ExposedPort.tcp(p.containerPort());
      exposed.add(port);
      bindings.bind(
          port,
          p.hostPort() == null
              ? Ports.Binding.bindIp(p.hostIp())
              : Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()));
    }
    ServiceSpec.Privileges privileges = service.privileges();
    HostConfig hostConfig =
        HostConfig.newHostConfig()
            .withNetworkMode(network(project))
            .withMounts(mounts)
            .withPortBindings(bindings)
            .withCapDrop(privileges.capDrop().stream().map(Capability::valueOf).toArray(Capability[]::new))
            .withSecurityOpts(privileges.securityOpt())
            .withPidsLimit(privileges.pidsLimit());
    CreateContainerCmd create =
        client()
            .createContainerCmd(service.image())
            .withName(containerName)
            .withHostName(service.name() + "-" + number)
            .withLabels(labels)
            .withEnv(service.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
            .withExposedPorts(exposed)
            .withAliases(service.name())
            .withHostConfig(hostConfig);
    if (privileges.user() != null) {
      create.withUser(privileges.user());
    }
    if (!service.command().isEmpty()) {
      create.withCmd(service.command());
    }
    if (service.stopSignal() != null) {
      create.withStopSignal(service.stopSignal());
    }
    ServiceSpec.Health h = service.healthcheck();
    if (h != null) {
      create.withHealthcheck(
          new HealthCheck()
              .withTest(h.test())
              .withInterval(h.interval().toNanos())
              .withTimeout(h.timeout().toNanos())
              .withRetries(h.retries())
              .withStartPeriod(h.startPeriod().toNanos()));
    }
    try {
      String id = create.exec().getId();
      client().startContainerCmd(id).exec();
      return id;
    } catch (DockerException e) {
      throw new LabFailedException("cannot start " + containerName + ": " + rootMessage(e), e);
    }
  }

  private void awaitCondition(String service, List<String> ids, Condition condition) {
    switch (condition) {
      case STARTED -> { }
      case COMPLETED_SUCCESSFULLY -> {
        for (String id : ids) {
          Integer code;
          try {
            code = client().waitContainerCmd(id).start().awaitStatusCode(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          } catch (DockerClientException e) {
            throw new LabFailedException("service " + service + " did not finish: " + rootMessage(e), e);
          }
          if (code == null || code != 0) {
            throw new LabFailedException(
                "service " + service + " exited with code " + code + ": " + lastLogLine(id));
          }
        }
      }
      case HEALTHY -> {
        Optional<Boolean> healthy =
            Poller.every(Duration.ofMillis(200), HEALTHY_TIMEOUT).until(() -> allHealthy(service, ids));
        if (healthy.isEmpty()) {
          throw new LabFailedException(
              "service " + service + " did not become healthy within " + HEALTHY_TIMEOUT.toMinutes() + " minutes");
        }
      }
    }
  }

  private Optional<Boolean> allHealthy(String service, List<String> ids) {
    for (String id : ids) {
      InspectContainerResponse.ContainerState state = client().inspectContainerCmd(id).exec().getState();
      if (!Boolean.TRUE.equals(state.getRunning())) {
        throw new LabFailedException(
            "service " + service + " stopped (exit code " + state.getExitCodeLong() + "): " + lastLogLine(id));
      }
      String health = state.getHealth() == null ? "none" : state.getHealth().getStatus();
      if ("unhealthy".equals(health)) {
        throw new LabFailedException("service " + service + " is unhealthy: " + lastLogLine(id));
      }
      if (!"healthy".equals(health)) {
        return Optional.empty();
      }
    }
    return Optional.of(true);
  }

  private String lastLogLine(String id) {
    List<String> lines = new CopyOnWriteArrayList<>();
    try {
      client()
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(5)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8)
                      .lines()
                      .filter(l -> !l.isBlank())
                      .forEach(lines::add);
                }
              })
          .awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      return "(no logs: " + rootMessage(e) + ")";
    }
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
  }

  /** Creates the lab's network unless it exists; true if it was created. */
  private boolean ensureNetwork(String project, String runId) {
    String name = network(project);
    if (client().listNetworksCmd().withNameFilter(name).exec().stream().anyMatch(n -> n.getName().equals(name))) {
      return false;
    }
    client()
        .createNetworkCmd()
        .withName(name)
        .withDriver("bridge")
        .withCheckDuplicate(true)
        .withLabels(Map.of(
            Labels.PROJECT, project, Labels.NETWORK, "default", Labels.SWARMLAB_PROJECT, project, Labels.SWARMLAB_RUN, runId))
        .exec();
    return true;
  }

  /** Creates the volume unless it exists (a lab's volumes outlive a down without --volumes); true if it was created. */
  private boolean ensureVolume(String project, String volume, String runId) {
    String name = volume(project, volume);
    try {
      client().inspectVolumeCmd(name).exec();
      return false;
    } catch (NotFoundException e) {
      client()
          .createVolumeCmd()
          .withName(name)
          .withLabels(Map.of(
              Labels.PROJECT, project, Labels.VOLUME, volume, Labels.SWARMLAB_PROJECT, project, Labels.SWARMLAB_RUN, runId))
          .exec();
      return true;
    }
  }

  @Override
  public List<ContainerInfo> list(String project) {
    return list(Map.of(Labels.SWARMLAB_PROJECT, project));
  }

  /** Every container carrying all of {@code labels}. */
  private List<ContainerInfo> list(Map<String, String> labels) {
    // Through the transport and a JSON tree: docker-java's typed list costs every status a
    // third of a second of set-up.
    String filters;
    try {
      filters = JSON.writeValueAsString(Map.of("label", labelFilter(labels)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonNode containers =
        get("/containers/json?all=1&filters=" + URLEncoder.encode(filters, StandardCharsets.UTF_8));
    List<ContainerInfo> out = new ArrayList<>();
    containers.forEach(c -> out.add(info(c)));
    out.sort(Comparator.comparing(ContainerInfo::service).thenComparingInt(ContainerInfo::number));
    return out;
  }


  /** One entry of the Engine API's container list. */
  static ContainerInfo info(JsonNode c) {
    Map<String, String> labels = new HashMap<>();
    c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    Map<Integer, Integer> published = new HashMap<>();
    for (JsonNode p : c.path("Ports")) {
      if (p.hasNonNull("PublicPort") && p.hasNonNull("PrivatePort") && "tcp".equals(p.path("Type").asText())) {
        published.putIfAbsent(p.get("PrivatePort").asInt(), p.get("PublicPort").asInt());
      }
    }
    String id = c.path("Id").asText();
    JsonNode names = c.path("Names");
    String name = names.size() == 0 ? id : names.get(0).asText().replaceFirst("^/", "");
    int number;
    try {
      number = Integer.parseInt(labels.getOrDefault(Labels.NUMBER, "0"));
    } catch (NumberFormatException e) {
      number = 0;
    }
    Map<String, String> mounts = new HashMap<>();
    for (JsonNode m : c.path("Mounts")) {
      if ("bind".equals(m.path("Type").asText()) && m.hasNonNull("Destination") && m.hasNonNull("Source")) {
        mounts.put(m.get("Destination").asText(), m.get("Source").asText());
      }
    }
    String ip = null;
    for (JsonNode n : c.path("NetworkSettings").path("Networks")) {
      String a = n.path("IPAddress").asText("");
      if (!a.isEmpty()) {
        ip = a;
        break;
      }
    }
    return new ContainerInfo(
        id, name, labels.getOrDefault(Labels.SERVICE, ""), number, c.path("State").asText(), labels, published,
        mounts, ip, c.path("Created").asLong(0));
  }


  private static List<String> labelFilter(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
  }

  @Override
  public DownResult down(String project, boolean volumes) {
    return remove(Map.of(Labels.SWARMLAB_PROJECT, project), volumes);
  }

  /** Removes every container and network carrying all of {@code labels}, and volumes if asked. */
  private DownResult remove(Map<String, String> labels, boolean volumes) {
    List<ContainerInfo> containers = list(labels);
    List<Future<?>> removals = new ArrayList<>();
    for (ContainerInfo c : containers) {
      removals.add(pool.submit(() -> removeContainer(c.id())));
    }
    awaitAll(removals);
    int networks = 0;
    LabFailedException left = null;
    for (Network n : client().listNetworksCmd().withFilter("label", labelFilter(labels)).exec()) {
      try {
        client().removeNetworkCmd(n.getId()).exec();
        networks++;
      } catch (NotFoundException e) {
        // already gone
      } catch (DockerException e) {
        // e.g. "has active endpoints": the engine still counts a container on it that it failed
        // to remove cleanly. Remove the rest, then say which network is left and why.
        left = new LabFailedException(
            "could not remove network " + n.getName() + ": " + rootMessage(e)
                + "; run down again, or restart the Docker engine if it persists", e);
      }
    }
    int removedVolumes = 0;
    if (volumes) {
      var list = client().listVolumesCmd().withFilter("label", labelFilter(labels)).exec().getVolumes();
      for (var v : list == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : list) {
        try {
          client().removeVolumeCmd(v.getName()).exec();
          removedVolumes++;
        } catch (NotFoundException e) {
          // already gone
        } catch (DockerException e) {
          left = new LabFailedException("could not remove volume " + v.getName() + ": " + rootMessage(e), e);
        }
      }
    }
    if (left != null) {
      throw left;
    }
    return new DownResult(containers.size(), networks, removedVolumes);
  }

  private void removeContainer(String id) {
    try {
      client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already gone
    }
  }

  /** Removes what run {@code runId} of {@code project} created, volumes included. */
  private void removeQuietly(String project, String runId) {
    try {
      remove(Map.of(Labels.SWARMLAB_PROJECT, project, Labels.SWARMLAB_RUN, runId), true);
    } catch (RuntimeException ignored) {
      // the original failure is the one to report
    }
  }

  static String network(String project) {
    return project + "_default";
  }

  static String volume(String project, String volume) {
    return project + "_" + volume;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabFailedException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new LabFailedException(rootMessage(e), e);
    }
  }

  private static void awaitAll(List<? extends Future<?>> futures) {
    RuntimeException first = null;
    for (Future<?> f : futures) {
      try {
        await(f);
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    String first = m.strip().lines().findFirst().orElse(m).replaceFirst("^Status \\d+: ", "");
    if (first.startsWith("{")) { // the engine's error body: {"message": "..."}
      try {
        JsonNode body = JSON.readTree(first);
        if (body.hasNonNull("message")) {
          return body.get("message").asText();
        }
      } catch (IOException notJson) {
        // keep it as it is
      }
    }
    return first;
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans it eventually
    }
  }

  @Override
  public synchronized void close() {
    pool.shutdownNow();
    try {
      if (client != null) {
        client.close(); // closes the transport too
      } else {
        http.close();
      }
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
