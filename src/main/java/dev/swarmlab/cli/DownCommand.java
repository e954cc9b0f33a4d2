package dev.swarmlab.cli;

import dev.swarmlab.engine.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swarmlab down}: remove a lab. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Remove the lab's containers and network (and volumes with --volumes). Safe to repeat.")
final class DownCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;
  @Option(names = {"-v", "--volumes"}, description = "Also remove the lab's volumes.")
  boolean volumes;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String name = project.name();
    try (Engine engine = Commands.engine()) {
      Engine.DownResult r = engine.down(name, volumes);
      var out = spec.commandLine().getOut();
      if (r.nothing()) {
        out.println("no lab named '" + name + "': nothing to remove");
      } else {
        out.printf("removed lab '%s': %d containers, %d networks, %d volumes%n", name, r.containers(), r.networks(), r.volumes());
      }
      return ExitCodes.OK;
    }
  }
}
