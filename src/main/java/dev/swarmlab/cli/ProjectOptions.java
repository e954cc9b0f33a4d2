package dev.swarmlab.cli;

import dev.swarmlab.plan.LabSpec;
import picocli.CommandLine.Option;

/** {@code -p/--project}, as in docker compose. */
public final class ProjectOptions {
  @Option(
      names = {"-p", "--project"},
      paramLabel = "NAME",
      description =
          "Project name: the lab's containers are PROJECT-SERVICE-N (default: "
              + LabSpec.DEFAULT_PROJECT
              + "; env SWARMLAB_PROJECT).")
  String project;

  public String name() {
    return LabSpec.requireProjectName(
        Env.orDefault(project, "SWARMLAB_PROJECT", LabSpec.DEFAULT_PROJECT));
  }
}
