package dev.swarmlab.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.scenario.Trigger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {
  private static final long S = 1_000_000_000L;

  @Test
  void aTimedStepIsDueFromItsSecondOn() {
    Trigger at = new Trigger.At(Duration.ofSeconds(5));
    assertFalse(ScenarioRunner.due(at, 4 * S, 1.0, true), "time, not progress");
    assertTrue(ScenarioRunner.due(at, 5 * S, 0.0, false));
  }

  @Test
  void aProgressStepIsDueAtItsProgressOrOnceTheSwarmIsComplete() {
    Trigger p = new Trigger.WhenProgress(0.3);
    assertFalse(ScenarioRunner.due(p, 100 * S, 0.29, false));
    assertTrue(ScenarioRunner.due(p, 0, 0.3, false));
    assertTrue(ScenarioRunner.due(new Trigger.WhenProgress(1.0), 0, 0.999, true));
  }
}
