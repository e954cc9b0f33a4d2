package dev.swarmlab.cli;

import dev.swarmlab.control.Links;
import dev.swarmlab.engine.Cancellation;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.lab.Lab;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.LinkConditions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab scale leechers=N|+N|-N}: leechers join or leave a running lab. */
@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description =
        "Add or remove leechers while the lab runs: new ones start empty and join the swarm;"
            + " removed ones (the highest numbers) stop cleanly and are gone.")
final class ScaleCommand implements Callable<Integer> {
  private static final Pattern REQUEST = Pattern.compile("leechers?=([+-]?)(\\d{1,6})");

  @Mixin ProjectOptions project;

  @Parameters(
      paramLabel = "leechers=N|+N|-N",
      description = "How many leechers the lab is to have, or how many more or fewer.")
  String request;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  /**
   * Gives the leechers just added the link their role was given (by up or link), as up gives it.
   *
   * @throws LabFailedException if a new leecher's link cannot be set (they stay up, and say so)
   */
  static void shapeNew(
      LabContext context, Engine engine, String name, List<String> added, PrintWriter out) {
    LinkConditions link = LinkMemory.of(context, name).conditionsFor("", LabContract.LEECHER);
    List<ContainerInfo> fresh =
        engine.list(name).stream().filter(c -> added.contains(SwarmMonitor.peerName(c))).toList();
    // new leechers of a shaped role wait to start until their link is shaped: told so even when
    // their role's link has been cleared since
    if (link.none() && fresh.stream().noneMatch(Links::waits)) {
      return;
    }
    List<Links.Result> results = new Links(engine, name).apply(fresh, link);
    List<String> failed = new ArrayList<>();
    for (Links.Result r : results) {
      if (r.error() != null) {
        failed.add(r.peer() + ": " + r.error());
      }
    }
    if (!link.none()) {
      out.println("  link:    " + link.describe() + ", as every leecher's");
    }
    out.flush();
    RunningLab.failIfAny("added, but not shaped", failed, results.size());
  }

  @Override
  public Integer call() {
    Matcher m = REQUEST.matcher(request.strip());
    if (!m.matches()) {
      throw new BadInputException(
          "not a scale: '" + request + "' (leechers=30, leechers=+5 or leechers=-3)");
    }
    int n = Integer.parseInt(m.group(2));
    if (n > LabSpec.MAX_LEECHERS) {
      throw new BadInputException(
          "a lab has from 0 to " + LabSpec.MAX_LEECHERS + " leechers (asked for " + n + ")");
    }
    String name = project.name();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Lab labs = root.context().lab(null);
    Cancellation cancellation = new Cancellation();
    try (Engine engine = root.context().engine();
        CtrlC ctrlC = CtrlC.cancels(cancellation, err, "the leechers scale started")) {
      int target = n;
      if (!m.group(1).isEmpty()) {
        long now =
            engine.list(name).stream().filter(c -> c.service().equals(LabContract.LEECHER)).count();
        target = (int) (m.group(1).equals("+") ? now + n : now - n);
      }
      Lab.Scaled s =
          labs.scale(name, engine, target, OptionalInt.empty(), cancellation, err::println);
      if (ctrlC.fired()) {
        return ExitCodes.FAILURE;
      }
      out.printf("lab '%s': %d → %d leechers%n", name, s.from(), s.to());
      if (!s.added().isEmpty()) {
        out.println("  started: " + String.join(", ", s.added()));
      }
      if (!s.removed().isEmpty()) {
        out.println("  removed: " + String.join(", ", s.removed()));
      }
      if (!s.added().isEmpty()) {
        shapeNew(root.context(), engine, name, s.added(), out);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
