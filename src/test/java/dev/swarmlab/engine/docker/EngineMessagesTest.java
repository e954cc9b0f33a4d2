package dev.swarmlab.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.exception.DockerException;
import org.junit.jupiter.api.Test;

class EngineMessagesTest {

  @Test
  void theEnginesJsonErrorBodyBecomesItsMessage() {
    DockerException e =
        new DockerException(
            "{\"message\":\"error while removing network: network lab_default id 519e has active endpoints\"}\n",
            403);
    assertEquals(
        "error while removing network: network lab_default id 519e has active endpoints",
        EngineErrors.rootMessage(e));
  }

  @Test
  void aPlainMessageKeepsItsFirstLine() {
    assertEquals(
        "no such image",
        EngineErrors.rootMessage(
            new RuntimeException("wrap", new IllegalStateException("no such image\nmore"))));
    assertEquals("{not json", EngineErrors.rootMessage(new DockerException("{not json", 500)));
  }
}
