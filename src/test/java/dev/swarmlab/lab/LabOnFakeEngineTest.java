package dev.swarmlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.compose.TemplateSource;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.Cancellation;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.FakeEngine;
import dev.swarmlab.engine.Run;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lab's life on the in-memory engine: the real templates, ordering, roll back, Ctrl-C. */
class LabOnFakeEngineTest {
  @TempDir Path dir;

  /** The one-shot job completes, as the real one does once it has made the torrents. */
  private final FakeEngine engine = new FakeEngine().exitsWith("mktorrent", 0);

  private Lab lab() {
    return new Lab(
        dir.resolve(".swarmlab"),
        TemplateSource.packaged(),
        new BuildOptions(BuildOptions.DEFAULT_BASE_IMAGE, new byte[0]),
        LabUser.current());
  }

  private static LabSpec spec(int leechers) {
    return new LabSpec("fake", 1, leechers, new Payload.Generated(4096), false);
  }

  private static Run run() {
    return new Run(Lab.newRunId(), OptionalInt.empty(), new Cancellation());
  }

  private Lab.Started up(Lab lab, LabSpec spec, Run run) {
    try (LabLock lock = lab.lockToStart(spec.project())) {
      return lab.up(lock, spec, engine, run, m -> {});
    }
  }

  @Test
  void startsEveryServiceInOrderAndRefusesASecondUp() {
    Lab lab = lab();
    Lab.Started started = up(lab, spec(3), run());

    List<ContainerInfo> c = engine.list("fake");
    assertEquals(
        List.of("leecher", "leecher", "leecher", "mktorrent", "seeder", "tracker"),
        c.stream().map(ContainerInfo::service).toList());
    long job = c.get(3).createdAt();
    assertTrue(
        c.stream().filter(i -> !i.service().equals("mktorrent")).allMatch(i -> i.createdAt() > job),
        "nothing starts before the torrents are made: " + c);
    assertTrue(Files.isRegularFile(started.rendered().composeFile()));

    BadInputException again = assertThrows(BadInputException.class, () -> up(lab, spec(3), run()));
    assertTrue(again.getMessage().contains("is already up"), again.getMessage());
    assertEquals(6, lab.down("fake", engine, true, false).removed().containers());
    assertTrue(lab.down("fake", engine, true, false).removed().nothing(), "down is idempotent");
  }

  @Test
  void aFailedJobLeavesNothingRunning() {
    engine.exitsWith("mktorrent", 2);

    LabFailedException e = assertThrows(LabFailedException.class, () -> up(lab(), spec(2), run()));

    assertTrue(e.getMessage().startsWith("service mktorrent exited with code 2"), e.getMessage());
    assertEquals(List.of(), engine.list("fake"));
    assertTrue(engine.down("fake", true).nothing(), "network and volumes removed too");
  }

  @Test
  void cancellingMidwayRemovesWhatTheRunCreated() throws Exception {
    engine.startDelay = Duration.ofMillis(30);
    Run run = new Run(Lab.newRunId(), OptionalInt.of(1), new Cancellation());
    Lab lab = lab();
    CompletableFuture<Lab.Started> up = CompletableFuture.supplyAsync(() -> up(lab, spec(40), run));
    while (engine.list("fake").stream().noneMatch(c -> c.service().equals("leecher"))
        && !up.isDone()) {
      Thread.sleep(5);
    }
    assertFalse(up.isDone(), "still starting leechers");

    run.cancellation().cancel();

    assertEquals(List.of(), engine.list("fake"));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> up.get(1, TimeUnit.MINUTES));
    assertTrue(e.getCause() instanceof LabFailedException, String.valueOf(e.getCause()));
    assertTrue(engine.down("fake", true).nothing());
  }

  @Test
  void aRerunIsPlannedFromTheLabAsItIsAndRefusesWhatNeedsOtherContainers() throws Exception {
    Lab lab = lab();
    LabSpec spec =
        new LabSpec(
                "fake",
                1,
                2,
                new Payload.Generated(4096),
                false,
                new dev.swarmlab.plan.RateLimits(2 << 20, 0, 0, 0))
            .withClients(
                new dev.swarmlab.plan.Clients(
                    dev.swarmlab.plan.Client.RTORRENT, dev.swarmlab.plan.Client.RTORRENT_HAVE_NOW));
    Lab.Started started = up(lab, spec, run());
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(other.resolve("a.txt"), "a");
    try (LabLock lock = lab.lockToRerun("fake")) {
      Lab.RerunPlan same = lab.planRerun(lock, "fake", engine, Lab.RerunChanges.NONE);
      assertNull(same.remake(), "a generated payload whose torrents were made stays as it is");
      assertEquals(
          new dev.swarmlab.plan.LabContract.Shared(2, started.rendered().payload().bytes()),
          same.shared());
      assertEquals(started.record().id(), same.previous().id());
      assertEquals(2, same.leechers());
      assertEquals(2, same.currentLeechers());
      assertEquals(new dev.swarmlab.plan.RateLimits(2 << 20, 0, 0, 0), same.rates());
      assertEquals(started.record().info().plan(), same.plan(), "nothing asked, nothing changes");

      Lab.RerunPlan changed =
          lab.planRerun(
              lock,
              "fake",
              engine,
              new Lab.RerunChanges(
                  1, 5, new Payload.Generated(4096), null, null, false, 0L, null, 1L << 20, null));
      assertEquals(5, changed.plan().leechers());
      assertEquals(new dev.swarmlab.plan.RateLimits(0, 0, 1 << 20, 0), changed.rates());
      assertEquals(List.of("leechers up 1.0 MiB/s"), changed.plan().limits());
      var compose = dev.swarmlab.compose.ComposeFile.read(changed.yaml(), "fake", "test");
      assertEquals("0", compose.service("seeder").environment().get("SWARMLAB_UP_RATE"));
      assertEquals("1048576", compose.service("leecher").environment().get("SWARMLAB_UP_RATE"));
      assertEquals(5, compose.service("leecher").replicas());
      assertEquals(List.of(changed.plan().clients().get("leecher")), List.of("rtorrent-have-now"));

      for (Lab.RerunChanges refused :
          List.of(
              new Lab.RerunChanges(2, null, null, null, null, false, null, null, null, null),
              new Lab.RerunChanges(
                  null,
                  null,
                  new Payload.UserData(other),
                  null,
                  null,
                  false,
                  null,
                  null,
                  null,
                  null),
              new Lab.RerunChanges(
                  null,
                  null,
                  null,
                  null,
                  dev.swarmlab.plan.Client.RTORRENT,
                  false,
                  null,
                  null,
                  null,
                  null),
              new Lab.RerunChanges(null, null, null, null, null, true, null, null, null, null))) {
        BadInputException e =
            assertThrows(
                BadInputException.class, () -> lab.planRerun(lock, "fake", engine, refused));
        assertTrue(e.getMessage().contains("swarmlab up"), e.getMessage());
      }
      String composeBefore = Files.readString(started.rendered().composeFile());

      started.record().event("link", Map.of("target", "leecher", "link", Map.of("rate", 1000)));
      int runsBefore = lab.runs("fake").list().size();
      var record = lab.beginRerun(lock, changed, engine, Lab.newRunId());
      assertTrue(started.record().ended(), "the run before has ended");
      assertEquals("rerun", started.record().last("ended").orElseThrow().detail().get("how"));
      assertEquals(runsBefore + 1, lab.runs("fake").list().size());
      assertEquals(changed.plan(), record.info().plan());
      assertEquals(started.record().id(), record.last("rerun").orElseThrow().detail().get("after"));
      assertTrue(record.last("started").isPresent(), "the containers it runs on are recorded");
      assertEquals(
          "leecher",
          record.last("link").orElseThrow().detail().get("target"),
          "the links the peers keep are said again");
      assertFalse(
          composeBefore.equals(Files.readString(started.rendered().composeFile())),
          "the compose file says the new rates");
    }
    lab.down("fake", engine, true, false);
    try (LabLock lock = lab.lockToRerun("fake")) {
      BadInputException e =
          assertThrows(
              BadInputException.class,
              () -> lab.planRerun(lock, "fake", engine, Lab.RerunChanges.NONE));
      assertTrue(e.getMessage().contains("no lab named 'fake' is up"), e.getMessage());
    }
  }

  @Test
  void aRerunRefusesALabAnotherVersionOfSwarmlabStarted() throws Exception {
    Lab lab = lab();
    Lab.Started started = up(lab, spec(2), run());
    Path composeFile = started.rendered().composeFile();
    String yaml = Files.readString(composeFile);
    // a leecher added by scale from the compose file of a lab an older swarmlab started
    String older = yaml.replace("swarmlab.rerun-protocol: '4'", "swarmlab.rerun-protocol: '3'");
    assertFalse(older.equals(yaml), "the compose file says its peers' rerun protocol");
    Files.writeString(composeFile, older);
    try (LabLock lock = lab.lockToRerun("fake")) {
      assertNotNull(lab.planRerun(lock, "fake", engine, Lab.RerunChanges.NONE), "as it was up");
      lab.scale(lock, "fake", engine, 3, OptionalInt.empty(), new Cancellation(), m -> {});
      String before = Files.readString(composeFile);
      BadInputException e =
          assertThrows(
              BadInputException.class,
              () -> lab.planRerun(lock, "fake", engine, Lab.RerunChanges.NONE));
      assertEquals(
          "lab 'fake' was started by another version of swarmlab, whose peers this one cannot"
              + " rerun; swarmlab down, then swarmlab up",
          e.getMessage());
      assertEquals(before, Files.readString(composeFile), "the lab is left as it was");
      assertEquals(
          3, engine.list("fake").stream().filter(c -> c.service().equals("leecher")).count());
    }
  }

  @Test
  void aRunEndedForARerunThatDidNotBeginLeavesALabToBringDownAndUp() throws Exception {
    Lab lab = lab();
    Lab.Started started = up(lab, spec(2), run());
    try (LabLock lock = lab.lockToRerun("fake")) {
      Lab.RerunPlan plan = lab.planRerun(lock, "fake", engine, Lab.RerunChanges.NONE);
      int runs = lab.runs("fake").list().size();
      lab.endForRerun(lock, plan);
      assertTrue(started.record().ended(), "the run before has ended");
      assertEquals(runs, lab.runs("fake").list().size(), "no run has begun");
      // rerun then says what happened and what to do, as it says when the peers are left stopped
      BadInputException e =
          assertThrows(
              BadInputException.class,
              () -> lab.planRerun(lock, "fake", engine, Lab.RerunChanges.NONE));
      assertEquals(
          "lab 'fake' has no run in progress (a rerun ended it and could not begin the next);"
              + " rerun needs one: swarmlab down, then swarmlab up",
          e.getMessage());
      // and a rerun begun after all ends nothing twice
      var record = lab.beginRerun(lock, plan, engine, Lab.newRunId());
      assertEquals(runs + 1, lab.runs("fake").list().size());
      assertEquals(
          1, started.record().events().stream().filter(ev -> ev.event().equals("ended")).count());
      assertFalse(record.ended());
    }
  }

  @Test
  void aRerunRecordBegunInPartIsEndedAsFailed() throws Exception {
    Lab lab = lab();
    up(lab, spec(2), run());
    // an engine that cannot list the lab's containers once the record has begun
    Engine failing =
        (Engine)
            java.lang.reflect.Proxy.newProxyInstance(
                Engine.class.getClassLoader(),
                new Class<?>[] {Engine.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("list")) {
                    throw new LabFailedException("the engine went away");
                  }
                  try {
                    return method.invoke(engine, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    try (LabLock lock = lab.lockToRerun("fake")) {
      Lab.RerunPlan plan = lab.planRerun(lock, "fake", engine, Lab.RerunChanges.NONE);
      String runId = Lab.newRunId();
      LabFailedException e =
          assertThrows(LabFailedException.class, () -> lab.beginRerun(lock, plan, failing, runId));
      assertEquals("the engine went away", e.getMessage());
      var begun = lab.runs("fake").find(runId);
      assertTrue(begun.ended(), "not left for a later rerun to take for the lab's run");
      assertEquals("rerun failed", begun.last("ended").orElseThrow().detail().get("how"));
      assertEquals(
          "the engine went away", begun.last("failed").orElseThrow().detail().get("error"));
      assertThrows(
          BadInputException.class,
          () -> lab.planRerun(lock, "fake", engine, Lab.RerunChanges.NONE));
    }
  }

  @Test
  void aRerunMakesAnotherGeneratedPayloadAndItsTorrents() throws Exception {
    Lab lab = lab();
    Lab.Started started = up(lab, spec(2), run());
    Path payload = started.rendered().payload().source();
    Path made = started.rendered().labDir().resolve(Lab.TORRENTS_MADE);
    assertEquals("generated 4096", Files.readString(made).strip(), "up says what it made");
    try (LabLock lock = lab.lockToRerun("fake")) {
      Lab.RerunPlan bigger =
          lab.planRerun(
              lock,
              "fake",
              engine,
              new Lab.RerunChanges(
                  null,
                  null,
                  new Payload.Generated(8192),
                  null,
                  null,
                  false,
                  null,
                  null,
                  null,
                  null));
      assertEquals(new Payload.Generated(8192), bigger.remake());
      long bytes = 8192 + (576L << 10);
      assertEquals(new dev.swarmlab.plan.LabContract.Shared(2, bytes), bigger.shared());
      assertEquals(bytes, bigger.plan().payloadBytes());
      assertEquals("generated 8.0 KiB", bigger.plan().payload());
      var compose = dev.swarmlab.compose.ComposeFile.read(bigger.yaml(), "fake", "test");
      for (String role : List.of("seeder", "leecher")) {
        assertEquals(
            Long.toString(bytes),
            compose.service(role).labels().get("swarmlab.payload-bytes"),
            "a leecher scale adds later says the new size: " + role);
      }
      assertEquals(4096, Files.size(payload.resolve("disk.img")), "planning changes nothing");

      lab.beginRerun(lock, bigger, engine, Lab.newRunId());
      lab.remakePayload(lock, bigger, engine, m -> {});
      assertEquals(8192, Files.size(payload.resolve("disk.img")));
      assertEquals("generated 8192", Files.readString(made).strip());

      Files.delete(made);
      Lab.RerunPlan unknown = lab.planRerun(lock, "fake", engine, Lab.RerunChanges.NONE);
      assertEquals(
          new Payload.Generated(8192),
          unknown.remake(),
          "torrents not known to be made from the payload are made again");
    }
  }
}
