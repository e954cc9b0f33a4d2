package dev.swarmlab.cli;

import dev.swarmlab.control.Faults;
import dev.swarmlab.control.Links;
import dev.swarmlab.control.Targets;
import dev.swarmlab.engine.ContainerAction;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.LinkConditions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code swarmlab kill|restart|pause|unpause PEER|ROLE}: a fault on purpose, through the engine;
 * noted in the running run's record.
 */
abstract class FaultCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(
      paramLabel = "PEER|ROLE",
      description = "A peer as status names it (leecher-3), a role (seeder, leecher) or all.")
  String target;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  private final ContainerAction action;

  FaultCommand(ContainerAction action) {
    this.action = action;
  }

  @Override
  public Integer call() {
    String name = project.name();
    PrintWriter out = spec.commandLine().getOut();
    List<Faults.Result> results;
    try (Engine engine = root.context().engine()) {
      List<ContainerInfo> containers = engine.list(name);
      if (SwarmMonitor.peers(containers).isEmpty()) {
        throw new BadInputException(
            "no lab named '" + name + "' is up; start one with 'swarmlab up'");
      }
      results = Faults.apply(engine, name, Targets.select(containers, target), action);
      if (action == ContainerAction.RESTART) {
        results = shapeAgain(root.context(), engine, name, results);
      }
    }
    RunNotes.note(
        root.context(),
        name,
        action.word(),
        ActionNotes.fault(
            target,
            results.stream().filter(r -> r.error() == null).map(Faults.Result::peer).toList()),
        spec.commandLine().getErr());
    List<String> failed = new ArrayList<>();
    for (Faults.Result r : results) {
      if (r.error() != null) {
        failed.add(r.peer() + ": " + r.error());
      } else {
        out.println(r.peer() + ": " + r.state());
      }
    }
    out.flush();
    RunningLab.failIfAny("could not " + action.word(), failed, results.size());
    return ExitCodes.OK;
  }

  /**
   * Gives each peer started again the link it had been given (a new start has a new network
   * namespace, with none of the old shaping); says so in its state.
   */
  static List<Faults.Result> shapeAgain(
      LabContext context, Engine engine, String name, List<Faults.Result> results) {
    LinkMemory memory = LinkMemory.of(context, name);
    List<ContainerInfo> now = engine.list(name);
    List<Faults.Result> out = new ArrayList<>();
    for (Faults.Result r : results) {
      ContainerInfo c =
          now.stream()
              .filter(x -> SwarmMonitor.peerName(x).equals(r.peer()))
              .findFirst()
              .orElse(null);
      LinkConditions link =
          c == null ? LinkConditions.NONE : memory.conditionsFor(r.peer(), c.service());
      // a peer that waits to start until its link is shaped is told so even with no conditions
      if (r.error() != null || c == null || !c.running() || (link.none() && !Links.waits(c))) {
        out.add(r);
        continue;
      }
      Links.Result shaped = new Links(engine, name).apply(List.of(c), link).get(0);
      out.add(
          shaped.error() == null
              ? new Faults.Result(
                  r.peer(),
                  link.none() ? r.state() : r.state() + " (link " + shaped.conditions() + " again)",
                  null)
              : new Faults.Result(r.peer(), r.state(), "started, but its link: " + shaped.error()));
    }
    return out;
  }

  @Command(
      name = "kill",
      mixinStandardHelpOptions = true,
      description =
          "Kill a peer or every peer of a role at once, as a crash would (SIGKILL); it stays,"
              + " exited, until restart or down.")
  static final class Kill extends FaultCommand {
    Kill() {
      super(ContainerAction.KILL);
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description =
          "Restart a peer or a role: the same container, so a leecher keeps what it had,"
              + " checks it and downloads only the rest.")
  static final class Restart extends FaultCommand {
    Restart() {
      super(ContainerAction.RESTART);
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Freeze a peer or a role: it keeps its connections but does nothing.")
  static final class Pause extends FaultCommand {
    Pause() {
      super(ContainerAction.PAUSE);
    }
  }

  @Command(
      name = "unpause",
      mixinStandardHelpOptions = true,
      description = "Thaw a peer or a role that was paused.")
  static final class Unpause extends FaultCommand {
    Unpause() {
      super(ContainerAction.UNPAUSE);
    }
  }
}
