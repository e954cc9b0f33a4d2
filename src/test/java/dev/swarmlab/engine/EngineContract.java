package dev.swarmlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.compose.ComposeProject;
import dev.swarmlab.error.LabFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Engine} must do, stated once and run against each implementation: the Docker
 * engine ({@code DockerEngineContractIT}) and the in-memory fake ({@link FakeEngineContractTest}).
 * Services run {@link #image()} with commands from a small vocabulary every implementation
 * understands: {@code sleep infinity}, {@code sleep S; exit N}, health checks {@code true}/{@code
 * false}.
 */
public abstract class EngineContract {
  private final List<String> projects = new ArrayList<>();

  /** The engine under test, the same one for the whole test. */
  protected abstract Engine engine();

  /** An image every service runs; it has {@code sh} and {@code sleep}. */
  protected String image() {
    return "debian:bookworm-slim";
  }

  /** Before cancelling, lets each start take long enough to be interrupted (a fake's knob). */
  protected void slowStarts() {}

  @AfterEach
  void removeProjects() {
    for (String p : projects) {
      engine().down(p, true);
    }
  }

  private String newProject() {
    String p =
        "contract-"
            + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt()})
            + Long.toString(System.nanoTime() % 100000);
    projects.add(p);
    return p;
  }

  private static Run run(String id) {
    return new Run(id, OptionalInt.empty(), new Cancellation());
  }

  private static final Path FILE = Path.of("/tmp/contract/docker-compose.yml");

  private Map<String, Object> service(String shell) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("image", image());
    s.put("command", List.of("sh", "-c", shell));
    s.put("stop_signal", "SIGKILL");
    return s;
  }

  private Map<String, Object> running() {
    return service("sleep infinity");
  }

  private static Map<String, Object> dependsOn(
      Map<String, Object> service, String on, String condition) {
    service.put("depends_on", Map.of(on, Map.of("condition", condition)));
    return service;
  }

  private static Map<String, Object> health(Map<String, Object> service, String test) {
    service.put(
        "healthcheck",
        Map.of("test", List.of("CMD", test), "interval", "1s", "timeout", "5s", "retries", 1));
    return service;
  }

  private static Map<String, Object> replicas(Map<String, Object> service, int n) {
    service.put("deploy", Map.of("replicas", n));
    return service;
  }

  private static ComposeProject project(String name, Map<String, Object> services) {
    return ComposeProject.parse(Map.of("services", services), name, "contract");
  }

  @Test
  void appliesServicesInDependencyOrder() {
    String p = newProject();
    Map<String, Object> services = new LinkedHashMap<>();
    services.put("web", replicas(dependsOn(running(), "app", "service_healthy"), 2));
    services.put(
        "app", health(dependsOn(running(), "job", "service_completed_successfully"), "true"));
    services.put("job", service("sleep 1.5; exit 0"));
    engine().up(project(p, services), Set.of(), FILE, run("r1"), m -> {});

    List<ContainerInfo> c = engine().list(p);
    assertEquals(
        List.of("app-1", "job-1", "web-1", "web-2"),
        c.stream().map(i -> i.service() + "-" + i.number()).toList());
    ContainerInfo app = c.get(0), job = c.get(1), web = c.get(2);
    assertFalse(job.running(), "the job ran to completion");
    assertTrue(app.running() && web.running() && c.get(3).running());
    // Each was created only once what it depends on was done: the job ran 1.5 s, and the first
    // health check comes an interval (1 s) after start.
    assertTrue(app.createdAt() > job.createdAt(), "app created after the job completed: " + c);
    assertTrue(web.createdAt() > app.createdAt(), "web created after app was healthy: " + c);
  }

  @Test
  void reportsExactlyTheProjectsContainersByLabel() {
    String a = newProject();
    String b = newProject();
    engine()
        .up(project(a, Map.of("one", replicas(running(), 2))), Set.of(), FILE, run("ra"), m -> {});
    engine().up(project(b, Map.of("two", running())), Set.of(), FILE, run("rb"), m -> {});

    List<ContainerInfo> inA = engine().list(a);
    assertEquals(2, inA.size());
    for (ContainerInfo c : inA) {
      assertEquals(a, c.labels().get(Labels.PROJECT));
      assertEquals(a, c.labels().get(Labels.SWARMLAB_PROJECT));
      assertEquals("one", c.labels().get(Labels.SERVICE));
      assertEquals("ra", c.labels().get(Labels.SWARMLAB_RUN));
      assertTrue(c.running());
    }
    assertEquals(List.of(1, 2), inA.stream().map(ContainerInfo::number).toList());
    assertEquals(List.of("two"), engine().list(b).stream().map(ContainerInfo::service).toList());
    assertEquals(List.of(), engine().list(a + "-none"));
  }

  @Test
  void aFailedApplyRemovesWhatItsRunCreatedAndNothingElse() {
    String p = newProject();
    engine().up(project(p, Map.of("keep", running())), Set.of(), FILE, run("first"), m -> {});
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("job", service("exit 3"));
    second.put("after", dependsOn(running(), "job", "service_completed_successfully"));
    second.put("beside", replicas(running(), 2));
    List<String> progress = new ArrayList<>();

    LabFailedException e =
        assertThrows(
            LabFailedException.class,
            () -> engine().up(project(p, second), Set.of(), FILE, run("second"), progress::add));

    assertTrue(e.getMessage().contains("service job exited with code 3"), e.getMessage());
    assertTrue(progress.contains("up failed; removing what it created"), progress.toString());
    List<ContainerInfo> left = engine().list(p);
    assertEquals(List.of("keep"), left.stream().map(ContainerInfo::service).toList());
    assertTrue(left.get(0).running());
    // the first run's network stays: the failed run did not create it
    assertEquals(new Engine.DownResult(1, 1, 0), engine().down(p, true));
  }

  @Test
  void anUnhealthyDependencyFailsTheApply() {
    String p = newProject();
    Map<String, Object> services = new LinkedHashMap<>();
    services.put("sick", health(running(), "false"));
    services.put("after", dependsOn(running(), "sick", "service_healthy"));

    LabFailedException e =
        assertThrows(
            LabFailedException.class,
            () -> engine().up(project(p, services), Set.of(), FILE, run("r"), m -> {}));

    assertTrue(e.getMessage().contains("service sick is unhealthy"), e.getMessage());
    assertTrue(engine().down(p, true).nothing(), "nothing left after a failed apply");
  }

  @Test
  void aContainerCanBeKilledRestartedPausedAndUnpausedOnPurpose() {
    String p = newProject();
    engine().up(project(p, Map.of("one", running())), Set.of(), FILE, run("r"), m -> {});
    String id = engine().list(p).get(0).id();

    engine().act(id, ContainerAction.PAUSE);
    assertEquals("paused", engine().list(p).get(0).state());
    assertThrows(LabFailedException.class, () -> engine().act(id, ContainerAction.PAUSE));
    engine().act(id, ContainerAction.UNPAUSE);
    assertEquals("running", engine().list(p).get(0).state());
    assertThrows(LabFailedException.class, () -> engine().act(id, ContainerAction.UNPAUSE));

    engine().act(id, ContainerAction.KILL);
    assertEquals("exited", engine().list(p).get(0).state());
    assertThrows(LabFailedException.class, () -> engine().act(id, ContainerAction.KILL));
    engine().act(id, ContainerAction.RESTART);
    ContainerInfo again = engine().list(p).get(0);
    assertEquals("running", again.state());
    assertEquals(id, again.id(), "the same container, started again");

    engine().down(p, true);
    assertThrows(LabFailedException.class, () -> engine().act(id, ContainerAction.KILL));
  }

  @Test
  void aJobThatHasExitedRunsAgainToItsEnd() {
    String p = newProject();
    Map<String, Object> services = new LinkedHashMap<>();
    services.put("job", service("sleep 0.5; exit 0"));
    services.put("broken", service("exit 3"));
    services.put("app", dependsOn(running(), "job", "service_completed_successfully"));
    engine().up(project(p, services), Set.of(), FILE, run("r"), m -> {});
    ContainerInfo job =
        engine().list(p).stream().filter(c -> c.service().equals("job")).findFirst().orElseThrow();

    engine().runAgain(job.id(), "job", Duration.ofSeconds(30));
    ContainerInfo after =
        engine().list(p).stream().filter(c -> c.service().equals("job")).findFirst().orElseThrow();
    assertEquals(job.id(), after.id(), "the same container, run again");
    assertEquals("exited", after.state());

    ContainerInfo broken =
        engine().list(p).stream()
            .filter(c -> c.service().equals("broken"))
            .findFirst()
            .orElseThrow();
    LabFailedException e =
        assertThrows(
            LabFailedException.class,
            () -> engine().runAgain(broken.id(), "broken", Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
  }

  @Test
  void aHelperRunsBesideARunningContainerAndACommandInItToTheirEnds() {
    String p = newProject();
    engine().up(project(p, Map.of("one", running())), Set.of(), FILE, run("r"), m -> {});
    String id = engine().list(p).get(0).id();
    Helper helper =
        new Helper(
            image(),
            id,
            List.of("NET_ADMIN"),
            List.of("sh", "-c", "echo joined; exit 3"),
            Duration.ofMinutes(1));

    Helper.Result r = engine().runHelper(p, helper);
    assertEquals(new Helper.Result(3, "joined"), r);
    assertEquals(1, engine().list(p).size(), "a helper is never listed as the lab's");

    Helper.Result ran =
        engine().exec(id, List.of("sh", "-c", "echo ran; exit 4"), Duration.ofMinutes(1), 1024);
    assertEquals(4, ran.exitCode());
    assertEquals("ran", ran.output().strip());

    engine().act(id, ContainerAction.KILL);
    assertThrows(LabFailedException.class, () -> engine().runHelper(p, helper));
    assertThrows(
        LabFailedException.class,
        () -> engine().exec(id, List.of("sh", "-c", "echo ran; exit 4"), Duration.ofMinutes(1), 9));
    assertEquals(new Engine.DownResult(1, 1, 0), engine().down(p, true));
  }

  @Test
  void replicasAreAddedToARunningProjectAndRemovedOneByOne() {
    String p = newProject();
    ComposeProject project = project(p, Map.of("one", replicas(running(), 2)));
    engine().up(project, Set.of(), FILE, run("r"), m -> {});

    List<String> added = engine().addReplicas(project, "one", List.of(3, 4), FILE, run("r"));
    assertEquals(2, added.size());
    assertEquals(List.of(1, 2, 3, 4), numbers(p));
    assertTrue(engine().list(p).stream().allMatch(ContainerInfo::running));

    engine().remove(added.get(0), Duration.ofSeconds(2));
    assertEquals(List.of(1, 2, 4), numbers(p));
    engine().remove(added.get(0), Duration.ofSeconds(2)); // gone already: nothing to do
    assertEquals(new Engine.DownResult(3, 1, 0), engine().down(p, true));
  }

  @Test
  void aCancelledAddRemovesTheReplicasItAddedAndNoOther() {
    String p = newProject();
    ComposeProject project = project(p, Map.of("one", running()));
    engine().up(project, Set.of(), FILE, run("r"), m -> {});
    Run add = new Run("r", OptionalInt.of(1), new Cancellation()); // the same run's label

    engine().addReplicas(project, "one", List.of(2, 3), FILE, add);
    assertEquals(List.of(1, 2, 3), numbers(p));
    add.cancellation().cancel();
    assertEquals(List.of(1), numbers(p));
  }

  private List<Integer> numbers(String p) {
    return engine().list(p).stream().map(ContainerInfo::number).toList();
  }

  @Test
  void downRemovesEverythingAndIsIdempotent() {
    String p = newProject();
    engine()
        .up(project(p, Map.of("one", replicas(running(), 3))), Set.of(), FILE, run("r"), m -> {});

    assertEquals(new Engine.DownResult(3, 1, 0), engine().down(p, true));
    assertTrue(engine().down(p, true).nothing());
    assertTrue(engine().down(p, false).nothing());
    assertEquals(List.of(), engine().list(p));
  }

  @Test
  void aCancelledApplyCreatesNothingMoreAndRemovesWhatItCreated() throws Exception {
    String p = newProject();
    slowStarts();
    Run run = new Run("cancelled", OptionalInt.of(1), new Cancellation());
    CompletableFuture<Void> up =
        CompletableFuture.runAsync(
            () ->
                engine()
                    .up(
                        project(p, Map.of("many", replicas(running(), 20))),
                        Set.of(),
                        FILE,
                        run,
                        m -> {}));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (engine().list(p).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(engine().list(p).isEmpty(), "a container was started");

    run.cancellation().cancel(); // returns once what the run created is gone

    assertEquals(List.of(), engine().list(p));
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> up.get(2, TimeUnit.MINUTES));
    assertTrue(failed.getCause() instanceof LabFailedException, String.valueOf(failed.getCause()));
    assertTrue(engine().down(p, true).nothing(), "nothing was created after the cancellation");
  }

  @Test
  void aCancellationJustAfterTheApplyReturnedRemovesTheRunToo() {
    // Ctrl-C as up returns: the run is removed before cancel() returns, as during the apply
    String p = newProject();
    Run run = run("late");
    engine().up(project(p, Map.of("one", running())), Set.of(), FILE, run, m -> {});
    assertEquals(1, engine().list(p).size());

    run.cancellation().cancel();

    assertEquals(List.of(), engine().list(p));
    assertTrue(engine().down(p, true).nothing(), "its network went with it");
  }

  @Test
  void anApplyCancelledBeforeItStartsCreatesNothing() {
    String p = newProject();
    Run run = run("early");
    run.cancellation().cancel();

    assertThrows(
        LabFailedException.class,
        () -> engine().up(project(p, Map.of("one", running())), Set.of(), FILE, run, m -> {}));
    assertTrue(engine().down(p, true).nothing());
  }
}
