package dev.swarmlab.cli;

import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.view.StatusViews;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code swarmlab status}: every peer's progress, and the swarm's. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show each peer's progress and the swarm's, polled from every rtorrent.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--json", description = "Print JSON: {project, peers: [...], summary: {...}}.")
  boolean json;

  @Option(names = "--peer-timeout", paramLabel = "DURATION", defaultValue = "2s", description = "How long to wait for one rtorrent's answer (default: ${DEFAULT-VALUE}).")
  String peerTimeout;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String name = project.name();
    var perPeer = Quantities.parseDuration(peerTimeout, "--peer-timeout");
    try (Engine engine = Commands.engine();
        SwarmMonitor monitor = new SwarmMonitor(engine, perPeer)) {
      var peers = monitor.peers(name);
      if (peers.isEmpty()) {
        throw new BadInputException("no lab named '" + name + "' is up; start one with 'swarmlab up'");
      }
      SwarmSnapshot snapshot = monitor.poll(name, peers);
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? StatusViews.json(snapshot) + System.lineSeparator() : StatusViews.table(snapshot));
      return ExitCodes.OK;
    }
  }
}
