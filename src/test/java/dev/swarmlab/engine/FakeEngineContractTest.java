package dev.swarmlab.engine;

import java.time.Duration;

/** The engine contract on the in-memory engine: the shared applier's logic, in milliseconds. */
class FakeEngineContractTest extends EngineContract {
  private final FakeEngine engine = new FakeEngine();

  @Override
  protected Engine engine() {
    return engine;
  }

  @Override
  protected void slowStarts() {
    engine.startDelay = Duration.ofMillis(20);
  }
}
