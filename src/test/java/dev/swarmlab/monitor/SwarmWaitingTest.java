package dev.swarmlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.plan.LabContract;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SwarmWatch} and {@link SwarmWait}: when they stop, and what they hand on. */
class SwarmWaitingTest {
  private static final Duration PEER_TIMEOUT = Duration.ofMillis(300);

  @TempDir Path control;

  /** A leecher whose control socket does not answer: every poll reports it unreachable. */
  private ContainerInfo leecher() {
    return new ContainerInfo(
        "id",
        "lab-leecher-1",
        "leecher",
        1,
        "running",
        Map.of(),
        Map.of(),
        Map.of(LabContract.CONTROL_MOUNT, control.toString()),
        "172.20.0.11",
        1);
  }

  /** An engine that lists each of {@code lists} in turn, then the last one forever. */
  private static Engine listing(List<List<ContainerInfo>> lists) {
    Deque<List<ContainerInfo>> left = new ArrayDeque<>(lists);
    return (Engine)
        Proxy.newProxyInstance(
            Engine.class.getClassLoader(),
            new Class<?>[] {Engine.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "list" -> left.size() > 1 ? left.poll() : left.peek();
                  case "onThisMachine" -> true;
                  case "close" -> null;
                  case "toString" -> "listing engine";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  @Test
  void aWatchStopsAfterItsCount() {
    List<SwarmSnapshot> seen = new ArrayList<>();
    try (SwarmMonitor monitor =
        new SwarmMonitor(listing(List.of(List.of(leecher()))), PEER_TIMEOUT)) {
      int polls = new SwarmWatch(monitor, Duration.ofMillis(10), 3).run("lab", false, seen::add);
      assertEquals(3, polls);
    }
    assertEquals(3, seen.size());
    assertEquals("lab", seen.get(0).project());
  }

  @Test
  void aWatchStopsWhenTheLabIsGone() {
    List<SwarmSnapshot> seen = new ArrayList<>();
    List<List<ContainerInfo>> lists = List.of(List.of(leecher()), List.of(leecher()), List.of());
    try (SwarmMonitor monitor = new SwarmMonitor(listing(lists), PEER_TIMEOUT)) {
      assertEquals(
          2, new SwarmWatch(monitor, Duration.ofMillis(10), 0).run("lab", false, seen::add));
    }
    assertEquals(2, seen.size());
  }

  @Test
  void aWaitThatTimesOutGivesTheLastSnapshotAndReportedTheFirst() {
    List<SwarmSnapshot> reported = new ArrayList<>();
    SwarmWait.Outcome o;
    try (SwarmMonitor monitor =
        new SwarmMonitor(listing(List.of(List.of(leecher()))), PEER_TIMEOUT)) {
      o = new SwarmWait(monitor, Duration.ofMillis(50)).await("lab", reported::add);
    }
    assertFalse(o.complete());
    assertNotNull(o.last());
    assertFalse(o.last().summary().allComplete());
    assertEquals(1, reported.size(), "the first snapshot at once, the next only after seconds");
    assertEquals("lab", reported.get(0).project());
  }
}
