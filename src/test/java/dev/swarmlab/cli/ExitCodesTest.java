package dev.swarmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.EngineUnavailableException;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.error.SwarmlabException;
import dev.swarmlab.error.TemplateException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every type of the sealed error hierarchy has its exit code. */
class ExitCodesTest {
  @Test
  void eachErrorTypeMapsToItsExitCode() {
    assertEquals(ExitCodes.USAGE, ExitCodes.of(new BadInputException("x")));
    assertEquals(ExitCodes.NO_ENGINE, ExitCodes.of(new EngineUnavailableException("x", null)));
    assertEquals(ExitCodes.FAILURE, ExitCodes.of(new LabFailedException("x")));
    assertEquals(
        ExitCodes.FAILURE,
        ExitCodes.of(new TemplateException("x")),
        "a packaged template is swarmlab's failure");
    assertEquals(ExitCodes.FAILURE, ExitCodes.of(new IllegalStateException("x")));
    assertEquals(
        Set.of(
            BadInputException.class,
            EngineUnavailableException.class,
            LabFailedException.class,
            TemplateException.class),
        Set.of(SwarmlabException.class.getPermittedSubclasses()),
        "a new error type gets its exit code checked here");
  }
}
