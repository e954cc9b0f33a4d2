package dev.swarmlab.it;

import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.EngineContract;
import dev.swarmlab.engine.docker.DockerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The engine contract on the real Docker engine. */
class DockerEngineContractIT extends EngineContract {
  private static DockerEngine engine;

  @BeforeAll
  static void connect() {
    engine = DockerEngine.connect();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Override
  protected Engine engine() {
    return engine;
  }
}
