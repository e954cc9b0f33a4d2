package dev.swarmlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab render}: print the compose file {@code up} would run. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Print the compose file 'up' would run, like 'docker compose config'.")
final class RenderCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;
  @Mixin LabOptions options;
  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() {
    var lab = root.context().lab(options.build());
    spec.commandLine().getOut().print(lab.render(options.spec(project.name())).yaml());
    return ExitCodes.OK;
  }
}
