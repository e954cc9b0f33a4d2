package dev.swarmlab.cli;

import dev.swarmlab.engine.Engine;
import dev.swarmlab.lab.Lab;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.report.Reports;
import dev.swarmlab.runs.RunRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab down}: remove a lab. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description =
        "Remove the lab's containers and network (and volumes with --volumes). Safe to repeat.")
final class DownCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(
      names = {"-v", "--volumes"},
      description = "Also remove the lab's volumes.")
  boolean volumes;

  @Option(
      names = "--purge",
      description =
          "Also delete the lab's files in .swarmlab/PROJECT/: its compose file and generated payload (never your --data; its runs stay).")
  boolean purge;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() {
    String name = project.name();
    PrintWriter out = spec.commandLine().getOut();
    try (Engine engine = root.context().engine()) {
      Lab lab = root.context().lab(null);
      Lab.Removed removed = lab.down(name, engine, volumes, purge);
      Engine.DownResult r = removed.removed();
      if (r.nothing()) {
        out.println("no lab named '" + name + "': nothing to remove");
      } else {
        out.printf(
            "removed lab '%s': %d containers, %d networks, %d volumes%n",
            name, r.containers(), r.networks(), r.volumes());
      }
      if (removed.warning() != null) {
        spec.commandLine().getErr().println("swarmlab: warning: " + removed.warning());
      }
      for (RunRecord run : lab.runs(name).list()) {
        if (run.ended() && run.summaryFile().isEmpty()) {
          try {
            Reports.summary(run); // kept as summary.json
          } catch (RuntimeException e) {
            spec.commandLine()
                .getErr()
                .println(
                    "swarmlab: warning: cannot summarize run " + run.id() + ": " + e.getMessage());
            continue;
          }
          out.printf(
              "run %s is kept in %s: swarmlab report%s %s%n",
              run.id(),
              shown(run.dir()),
              name.equals(dev.swarmlab.plan.LabSpec.DEFAULT_PROJECT) ? "" : " -p " + name,
              run.id());
        }
      }
      if (removed.purgedBytes() >= 0) {
        out.printf(
            "deleted %s (%s)%n",
            shown(lab.labDir(name)), Quantities.formatSize(removed.purgedBytes()));
      } else if (volumes && !purge) {
        long payload = lab.generatedPayloadBytes(name);
        if (payload > 0) {
          out.printf(
              "the generated payload stays in %s (%s) for the next up; 'down --purge' deletes it%n",
              shown(lab.labDir(name).resolve("payload")), Quantities.formatSize(payload));
        }
      }
      return ExitCodes.OK;
    }
  }

  private static Path shown(Path p) {
    Path here = Path.of("").toAbsolutePath();
    return p.startsWith(here) ? here.relativize(p) : p;
  }
}
