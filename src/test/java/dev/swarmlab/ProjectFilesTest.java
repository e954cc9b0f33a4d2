package dev.swarmlab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The ways into the project agree: README's test command is what CI and the workflow run. */
class ProjectFilesTest {

  @Test
  void ciAndTheWorkflowRunTheReadmesTestCommand() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(
        readme.contains("\nscripts/test.sh "),
        "README's quick start runs the tests with scripts/test.sh");
    String ci = Files.readString(Path.of(".ci/run"));
    assertTrue(
        ci.lines().anyMatch(l -> l.equals("exec bash scripts/test.sh")),
        ".ci/run runs scripts/test.sh:\n" + ci);
    String workflow = Files.readString(Path.of(".github/workflows/ci.yml"));
    assertTrue(workflow.contains("bash .ci/run"), "the workflow runs .ci/run:\n" + workflow);
    String test = Files.readString(Path.of("scripts/test.sh"));
    assertTrue(test.contains("scripts/setup-engine.sh") && test.contains("mvn -B verify"), test);
  }
}
