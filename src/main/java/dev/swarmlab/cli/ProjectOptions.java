package dev.swarmlab.cli;

import dev.swarmlab.plan.LabSpec;
import picocli.CommandLine.Option;

/** {@code -p/--project}, as in docker compose. */
public final class ProjectOptions {
  @Option(
      names = {"-p", "--project"},
      paramLabel = "NAME",
      defaultValue = "${env:SWARMLAB_PROJECT:-" + LabSpec.DEFAULT_PROJECT + "}",
      description = "Project name: the lab's containers are PROJECT-SERVICE-N (default: ${DEFAULT-VALUE}; env SWARMLAB_PROJECT).")
  String project;

  public String name() {
    return LabSpec.requireProjectName(project);
  }
}
