package dev.swarmlab.plan;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabSpecTest {
  private static final Payload SMALL = new Payload.Generated(1024);

  @Test
  void aSensibleLabIsAccepted() {
    assertDoesNotThrow(() -> new LabSpec("swarmlab", 2, 10, SMALL, false));
    assertDoesNotThrow(() -> new LabSpec("lab_2-a", 1, 0, SMALL, true));
    assertDoesNotThrow(() -> new LabSpec("x", 50, 500, SMALL, false));
  }

  @Test
  void leechersOutOfRangeAreRejectedWithTheValue() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> new LabSpec("swarmlab", 2, -1, SMALL, false));
    assertTrue(
        e.getMessage().contains("--leechers") && e.getMessage().contains("-1"), e.getMessage());
    assertThrows(BadInputException.class, () -> new LabSpec("swarmlab", 2, 501, SMALL, false));
  }

  @Test
  void aLabNeedsASeeder() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> new LabSpec("swarmlab", 0, 3, SMALL, false));
    assertTrue(e.getMessage().contains("--seeders"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bad_Name", "-x", "_x", "", "a b", "lab.1", "ünï"})
  void projectNamesDockerWouldRejectAreRejected(String name) {
    BadInputException e =
        assertThrows(BadInputException.class, () -> new LabSpec(name, 2, 3, SMALL, false));
    assertTrue(e.getMessage().contains("project name"), e.getMessage());
  }

  @Test
  void missingDataIsRejectedWithItsPath() {
    Path missing = Path.of("/does/not/exist");
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> new LabSpec("swarmlab", 2, 3, new Payload.UserData(missing), false));
    assertTrue(e.getMessage().contains("/does/not/exist"), e.getMessage());
  }

  @Test
  void anEmptyPayloadIsRejected() {
    assertThrows(
        BadInputException.class,
        () -> new LabSpec("swarmlab", 2, 3, new Payload.Generated(0), false));
  }
}
