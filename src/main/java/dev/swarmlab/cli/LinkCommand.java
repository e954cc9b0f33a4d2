package dev.swarmlab.cli;

import dev.swarmlab.control.Links;
import dev.swarmlab.control.Targets;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab link}: link conditions, live, on a peer or a role. */
@Command(
    name = "link",
    mixinStandardHelpOptions = true,
    description =
        "Shape the link of a peer or of every peer of a role, live: bandwidth both ways, and"
            + " latency, jitter and loss where the kernel has netem. The conditions given replace"
            + " what the link had; a restarted peer comes back with a link as the engine made it.")
final class LinkCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(
      paramLabel = "PEER|ROLE",
      description = "A peer as status names it (leecher-3), a role (seeder, leecher) or all.")
  String target;

  @Option(
      names = "--bandwidth",
      paramLabel = "RATE",
      description = "The link's capacity each way, bits a second: 512kbit, 20mbit, 1gbit.")
  String bandwidth;

  @Option(
      names = "--latency",
      paramLabel = "DURATION",
      description = "Added to every packet the peer sends: 50ms (needs netem).")
  String latency;

  @Option(
      names = "--jitter",
      paramLabel = "DURATION",
      description = "How much the added latency varies: 10ms (needs netem).")
  String jitter;

  @Option(
      names = "--loss",
      paramLabel = "PERCENT",
      description = "Packets the peer sends that are dropped: 1%% (needs netem).")
  String loss;

  @Option(names = "--clear", description = "Give the link back as the engine made it.")
  boolean clear;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() {
    LinkConditions conditions = conditions();
    String name = project.name();
    PrintWriter out = spec.commandLine().getOut();
    List<Links.Result> results;
    try (Engine engine = root.context().engine()) {
      List<ContainerInfo> containers = engine.list(name);
      if (SwarmMonitor.peers(containers).isEmpty()) {
        throw new BadInputException(
            "no lab named '" + name + "' is up; start one with 'swarmlab up'");
      }
      results = new Links(engine, name).apply(Targets.select(containers, target), conditions);
    }
    RunNotes.note(
        root.context(),
        name,
        "link",
        ActionNotes.link(
            target,
            conditions,
            results.stream().filter(r -> r.error() == null).map(Links.Result::peer).toList()),
        spec.commandLine().getErr());
    List<String> failed = new ArrayList<>();
    out.printf("%-14s %s%n", "PEER", "LINK");
    for (Links.Result r : results) {
      if (r.error() != null) {
        failed.add(r.peer() + ": " + r.error());
      } else {
        out.printf("%-14s %s%n", r.peer(), r.conditions());
      }
    }
    out.flush();
    RunningLab.failIfAny("not shaped", failed, results.size());
    return ExitCodes.OK;
  }

  private LinkConditions conditions() {
    boolean any = bandwidth != null || latency != null || jitter != null || loss != null;
    if (clear == any) {
      throw new BadInputException(
          clear
              ? "--clear takes no other condition"
              : "say what to shape: --bandwidth, --latency, --jitter, --loss, or --clear");
    }
    if (clear) {
      return LinkConditions.NONE;
    }
    return new LinkConditions(
        bandwidth == null ? 0 : LinkConditions.parseBandwidth(bandwidth, "--bandwidth"),
        latency == null ? null : LinkConditions.parseLatency(latency, "--latency"),
        jitter == null ? null : LinkConditions.parseLatency(jitter, "--jitter"),
        loss == null ? 0 : LinkConditions.parseLoss(loss, "--loss"));
  }
}
