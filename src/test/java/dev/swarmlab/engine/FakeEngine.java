package dev.swarmlab.engine;

import dev.swarmlab.compose.ServiceSpec;
import dev.swarmlab.error.LabFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link Engine} in memory: the shared {@link ProjectApplier} over a {@link ContainerRuntime}
 * that keeps containers, networks and volumes in maps. Containers "run" their command in a small
 * vocabulary: {@code sleep infinity} runs until removed; {@code sleep S; exit N} exits with N, S
 * seconds of the fake's clock after it started; a health check whose test contains {@code false} is
 * unhealthy, any other is healthy one interval after start. The clock moves only when someone
 * waits, so tests run in milliseconds.
 */
public final class FakeEngine extends RuntimeEngine {
  private static final Pattern HELPER = Pattern.compile("echo (\\S+); exit (\\d+)");

  /** What every helper ends with, if set; else as its command says ({@code echo X; exit N}). */
  public volatile Helper.Result helperResult;

  /** Every helper run, in order. */
  public final List<Helper> helpers = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Every signal sent to a container ({@code ID SIGNAL}), in order. */
  public final List<String> signals = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static final Pattern EXIT = Pattern.compile("(?:sleep ([0-9.]+); )?exit (\\d+)");

  final Runtime runtime = new Runtime();

  /** How long each start takes, to give a cancellation something to interrupt. */
  public volatile Duration startDelay = Duration.ZERO;

  /** Services whose containers exit after a second with the given code, whatever their command. */
  private final Map<String, Integer> exitCodes = new java.util.concurrent.ConcurrentHashMap<>();

  /** Makes every container of {@code service} exit a second after it started with {@code code}. */
  public FakeEngine exitsWith(String service, int code) {
    exitCodes.put(service, code);
    return this;
  }

  private record Container(
      String id,
      String name,
      String service,
      int number,
      Map<String, String> labels,
      long createdAt,
      OptionalInt exitCode,
      double runsFor,
      Duration healthInterval,
      boolean healthy) {}

  private record Labelled(String name, Map<String, String> labels) {}

  final class Runtime implements ContainerRuntime {
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, String> states = new HashMap<>(); // id -> state an action left
    private final Map<String, Labelled> networks = new LinkedHashMap<>();
    private final Map<String, Labelled> volumes = new LinkedHashMap<>();
    private long clock = 1_000_000;
    private int ids;

    @Override
    public synchronized boolean ensureNetwork(String name, Map<String, String> labels) {
      return networks.putIfAbsent(name, new Labelled(name, labels)) == null;
    }

    @Override
    public synchronized boolean ensureVolume(String name, Map<String, String> labels) {
      return volumes.putIfAbsent(name, new Labelled(name, labels)) == null;
    }

    @Override
    public String start(
        String project, ServiceSpec service, int number, Path configFile, String runId) {
      try {
        Thread.sleep(startDelay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LabFailedException("interrupted", e);
      }
      synchronized (this) {
        if (!networks.containsKey(ProjectApplier.network(project))) {
          throw new LabFailedException("cannot start " + service.name() + ": network missing");
        }
        Map<String, String> labels = new HashMap<>(service.labels());
        labels.put(Labels.PROJECT, project);
        labels.put(Labels.SERVICE, service.name());
        labels.put(Labels.NUMBER, Integer.toString(number));
        labels.put(Labels.SWARMLAB_PROJECT, project);
        labels.put(Labels.SWARMLAB_RUN, runId);
        Matcher m = EXIT.matcher(String.join(" ", service.command()));
        OptionalInt exit = OptionalInt.empty();
        double runsFor = Double.POSITIVE_INFINITY;
        if (exitCodes.containsKey(service.name())) {
          exit = OptionalInt.of(exitCodes.get(service.name()));
          runsFor = 1;
        } else if (m.find()) {
          exit = OptionalInt.of(Integer.parseInt(m.group(2)));
          runsFor = m.group(1) == null ? 0 : Double.parseDouble(m.group(1));
        }
        ServiceSpec.Health h = service.healthcheck();
        String id = "fake" + (++ids);
        containers.put(
            id,
            new Container(
                id,
                project + "-" + service.name() + "-" + number,
                service.name(),
                number,
                labels,
                clock,
                exit,
                runsFor,
                h == null ? null : h.interval(),
                h != null && !String.join(" ", h.test()).contains("false")));
        return id;
      }
    }

    private Container get(String id) {
      Container c = containers.get(id);
      if (c == null) {
        throw new LabFailedException("no such container: " + id);
      }
      return c;
    }

    private boolean exited(Container c) {
      return c.exitCode().isPresent() && clock >= c.createdAt() + Math.ceil(c.runsFor());
    }

    @Override
    public synchronized State state(String id) {
      Container c = get(id);
      if (exited(c)) {
        return new State(false, c.exitCode().getAsInt(), "none");
      }
      if (c.healthInterval() == null) {
        return new State(true, 0, "none");
      }
      if (clock < c.createdAt() + c.healthInterval().toSeconds()) {
        clock = c.createdAt() + c.healthInterval().toSeconds(); // time passes while one polls
        return new State(true, 0, "starting");
      }
      return new State(true, 0, c.healthy() ? "healthy" : "unhealthy");
    }

    @Override
    public synchronized OptionalInt awaitExit(String id, Duration timeout) {
      Container c = get(id);
      if (c.exitCode().isEmpty() || c.runsFor() > timeout.toSeconds()) {
        clock += timeout.toSeconds();
        return OptionalInt.empty();
      }
      clock = Math.max(clock, c.createdAt() + (long) Math.ceil(c.runsFor()));
      return c.exitCode();
    }

    @Override
    public String lastLogLine(String id) {
      return "(no output)";
    }

    @Override
    public synchronized List<ContainerInfo> list(Map<String, String> labels) {
      List<ContainerInfo> out = new ArrayList<>();
      for (Container c : containers.values()) {
        if (c.labels().entrySet().containsAll(labels.entrySet())) {
          out.add(
              new ContainerInfo(
                  c.id(),
                  c.name(),
                  c.service(),
                  c.number(),
                  stateOf(c),
                  c.labels(),
                  Map.of(),
                  Map.of(),
                  stateOf(c).equals("exited") ? null : "10.0.0." + c.id().substring(4),
                  c.createdAt()));
        }
      }
      out.sort(
          Comparator.comparing(ContainerInfo::service).thenComparingInt(ContainerInfo::number));
      return out;
    }

    /** The state of {@code c}: as an action left it, else from its clock. */
    private String stateOf(Container c) {
      return states.getOrDefault(c.id(), exited(c) ? "exited" : "running");
    }

    @Override
    public synchronized void act(String id, ContainerAction action) {
      Container c = containers.get(id);
      if (c == null) {
        throw new LabFailedException("it is gone (no such container: " + id + ")");
      }
      String state = stateOf(c);
      if (action == ContainerAction.RESTART && c.exitCode().isPresent()) {
        // a job runs its command again, from now
        containers.put(
            id,
            new Container(
                c.id(),
                c.name(),
                c.service(),
                c.number(),
                c.labels(),
                clock,
                c.exitCode(),
                c.runsFor(),
                c.healthInterval(),
                c.healthy()));
        states.remove(id);
        return;
      }
      String after =
          switch (action) {
            case KILL -> state.equals("running") ? "exited" : null;
            case RESTART -> "running";
            case PAUSE -> state.equals("running") ? "paused" : null;
            case UNPAUSE -> state.equals("paused") ? "running" : null;
          };
      if (after == null) {
        throw new LabFailedException(
            "Container " + id + " is " + state + ": cannot " + action.word() + " it");
      }
      states.put(id, after);
    }

    @Override
    public synchronized void signal(String id, String signal) {
      Container c = containers.get(id);
      if (c == null || !stateOf(c).equals("running")) {
        throw new LabFailedException("cannot signal " + id + ": it is not running");
      }
      signals.add(id + " " + signal);
    }

    @Override
    public synchronized Map<String, byte[]> readFiles(
        String id, String dir, String suffix, long maxBytes) {
      if (!containers.containsKey(id)) {
        throw new LabFailedException("no container " + id);
      }
      return Map.of(); // its containers hold no files
    }

    @Override
    public synchronized Helper.Result exec(
        String id, List<String> command, Duration timeout, int maxOutput) {
      Container c = containers.get(id);
      if (c == null || !stateOf(c).equals("running")) {
        throw new LabFailedException("cannot run in " + id + ": it is not running");
      }
      Matcher m = HELPER.matcher(String.join(" ", command));
      return m.find()
          ? new Helper.Result(Integer.parseInt(m.group(2)), m.group(1))
          : new Helper.Result(0, "");
    }

    @Override
    public synchronized void stopAndRemove(String id, Duration grace) {
      containers.remove(id);
      states.remove(id);
    }

    @Override
    public synchronized Helper.Result runHelper(Helper helper, Map<String, String> labels) {
      if (helper.networkOf() != null) {
        Container c = containers.get(helper.networkOf());
        if (c == null || !stateOf(c).equals("running")) {
          throw new LabFailedException(
              "cannot join the network of " + helper.networkOf() + ": it is not running");
        }
      }
      helpers.add(helper);
      if (helperResult != null) {
        return helperResult;
      }
      Matcher m = HELPER.matcher(String.join(" ", helper.command()));
      return m.find()
          ? new Helper.Result(Integer.parseInt(m.group(2)), m.group(1))
          : new Helper.Result(0, "");
    }

    @Override
    public synchronized DownResult remove(Map<String, String> labels, boolean withVolumes) {
      int c = removeMatching(containers, labels, Container::labels);
      int n = removeMatching(networks, labels, Labelled::labels);
      int v = withVolumes ? removeMatching(volumes, labels, Labelled::labels) : 0;
      return new DownResult(c, n, v);
    }

    private <T> int removeMatching(
        Map<String, T> from,
        Map<String, String> labels,
        java.util.function.Function<T, Map<String, String>> labelsOf) {
      int before = from.size();
      from.values().removeIf(t -> labelsOf.apply(t).entrySet().containsAll(labels.entrySet()));
      return before - from.size();
    }

    synchronized int networks() {
      return networks.size();
    }
  }

  @Override
  public void prepareImages(
      List<ImageSource> images, BuildOptions options, Consumer<String> progress) {}

  @Override
  public boolean onThisMachine() {
    return true;
  }

  @Override
  public EngineHost host() {
    return new EngineHost("fake://", true, false, false, "");
  }

  @Override
  protected ContainerRuntime runtime() {
    return runtime;
  }

  @Override
  public void close() {}
}
