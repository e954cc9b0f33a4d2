package dev.swarmlab.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lab's run records: made, listed, found and settled. */
class RunStoreTest {
  private static final RunPlan PLAN = new RunPlan(1, 2, "generated 64 MiB", false);
  private static final String A = "20261126T065755Z-60f76a84";
  private static final String B = "20261126T070102Z-0b1c2d3e";
  private static final String C = "20261127T000000Z-60f76a85";

  @TempDir Path tmp;
  private Path labDir;
  private Path control;
  private RunStore store;

  @BeforeEach
  void lab() throws Exception {
    labDir = Files.createDirectories(tmp.resolve("lab"));
    control = Files.createDirectories(labDir.resolve(LabContract.CONTROL_DIR));
    store = new RunStore(labDir, "demo");
  }

  @Test
  void runIdsHaveOneShape() {
    assertTrue(RunStore.isRunId(A));
    for (String id :
        List.of(
            "",
            "20261126T065755Z",
            "20261126T065755Z-60F76A84",
            "20261126T065755Z-60f76a8",
            "20261126T065755Z-60f76a845",
            "20261126T065755-60f76a84",
            "2026112T065755Z-60f76a84",
            "../20261126T065755Z-60f76a84",
            A + "\n")) {
      assertFalse(RunStore.isRunId(id), id);
    }
  }

  @Test
  void beginKeepsThePlanAndRecordsUp() throws Exception {
    Instant before = Instant.now();
    RunRecord r = store.begin(A, PLAN);
    Instant after = Instant.now();

    assertEquals(labDir.resolve("runs").resolve(A), r.dir());
    assertEquals(store.dir().resolve(A), r.dir());
    assertEquals(A, r.id());
    assertEquals(A, r.toString());
    RunRecord.Info info = r.info();
    assertEquals(A, info.id());
    assertEquals("demo", info.project());
    assertEquals(PLAN, info.plan());
    assertFalse(info.startedAt().isBefore(before) || info.startedAt().isAfter(after));
    List<RunRecord.Event> events = r.events();
    assertEquals(1, events.size());
    assertEquals("up", events.get(0).event());
    Map<String, Object> plan = new java.util.HashMap<>();
    plan.put("seeders", 1);
    plan.put("leechers", 2);
    plan.put("payload", "generated 64 MiB");
    plan.put("debug", false);
    plan.put("payloadBytes", 0);
    plan.put("limits", List.of());
    plan.put("clients", Map.of());
    plan.put("startOrder", null); // a plan made without one: seeders first
    assertEquals(plan, events.get(0).detail().get("plan"));
    assertFalse(r.ended());
    assertEquals(Optional.empty(), r.summaryFile());
  }

  @Test
  void beginRefusesWhatIsNotARunIdAndARunThatIsThere() {
    assertThrows(IllegalArgumentException.class, () -> store.begin("../escape", PLAN));
    assertFalse(Files.exists(labDir.resolve("escape")));
    store.begin(A, PLAN);
    assertThrows(RuntimeException.class, () -> store.begin(A, PLAN));
    assertEquals(1, store.find(A).events().size(), "the first record untouched");
  }

  @Test
  void beginDoesNotWriteThroughALinkedRunsDirectory() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(store.dir(), elsewhere);
    BadInputException e = assertThrows(BadInputException.class, () -> store.begin(A, PLAN));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    try (var files = Files.list(elsewhere)) {
      assertEquals(0, files.count());
    }
    assertEquals(List.of(), store.list(), "a linked runs directory is not read either");
  }

  @Test
  void listIsOldestFirstAndOnlyRuns() throws Exception {
    assertEquals(List.of(), store.list());
    assertEquals(Optional.empty(), store.latest());
    store.begin(C, PLAN);
    store.begin(A, PLAN);
    store.begin(B, PLAN);
    Files.createDirectories(store.dir().resolve("not-a-run"));
    Files.createDirectories(store.dir().resolve("20261128T000000Z-00000000")); // no run.json
    Files.writeString(store.dir().resolve("20261129T000000Z-00000000"), "a file");
    Path other = Files.createDirectories(tmp.resolve("other"));
    Files.writeString(other.resolve("run.json"), "{}");
    Files.createSymbolicLink(store.dir().resolve("20261130T000000Z-00000000"), other);

    assertEquals(List.of(A, B, C), store.list().stream().map(RunRecord::id).toList());
    assertEquals(C, store.latest().orElseThrow().id());
  }

  @Test
  void findTakesAnIdOrAUniquePrefix() {
    store.begin(A, PLAN);
    store.begin(B, PLAN);
    store.begin(C, PLAN);

    assertEquals(A, store.find(A).id());
    assertEquals(C, store.find("20261127").id());
    assertEquals(B, store.find("20261126T07").id());
    BadInputException ambiguous =
        assertThrows(BadInputException.class, () -> store.find("20261126"));
    assertTrue(ambiguous.getMessage().contains("names 2 runs"), ambiguous.getMessage());
    BadInputException unknown = assertThrows(BadInputException.class, () -> store.find("20250101"));
    assertTrue(unknown.getMessage().contains("no run '20250101'"), unknown.getMessage());
    assertThrows(BadInputException.class, () -> store.find(A + "0"));
    assertThrows(BadInputException.class, () -> store.find("60f76a84"), "a prefix, not a part");
  }

  @Test
  void settleEndsEveryOpenRunAndGivesTheControlFilesToTheLatestOnly() throws Exception {
    RunRecord old = store.begin(A, PLAN);
    old.end(control, "down");
    RunRecord crashed = store.begin(B, PLAN);
    RunRecord latest = store.begin(C, PLAN);
    Files.writeString(control.resolve("10.0.0.3.blocks.log"), "log\n");
    Files.writeString(control.resolve("10.0.0.3.peer"), "peer 1 leecher-1 leecher\n");

    store.settle(control, "found ended by the next up");

    assertEquals(2, old.events().size(), "up and its one end");
    for (RunRecord r : List.of(crashed, latest)) {
      assertTrue(r.ended(), r.id());
      assertEquals(
          "found ended by the next up", r.last(RunRecord.ENDED).orElseThrow().detail().get("how"));
    }
    assertEquals(0, crashed.last(RunRecord.ENDED).orElseThrow().detail().get("peerFiles"));
    assertEquals(2, latest.last(RunRecord.ENDED).orElseThrow().detail().get("peerFiles"));
    assertEquals(Map.of(), crashed.peerFiles());
    assertEquals(List.of("10.0.0.3"), List.copyOf(latest.peerFiles().keySet()));
    try (var left = Files.list(control)) {
      assertEquals(0, left.count());
    }

    store.settle(control, "down");
    assertEquals(
        1,
        latest.events().stream().filter(e -> e.event().equals(RunRecord.ENDED)).count(),
        "an ended run is not ended again");
  }
}
