package dev.swarmlab.cli;

import dev.swarmlab.control.Targets;
import dev.swarmlab.control.Throttles;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.Quantities;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab throttle}: rtorrent's own rate limits, set live on a peer or a role. */
@Command(
    name = "throttle",
    mixinStandardHelpOptions = true,
    description =
        "Set rtorrent's own upload and download limits, live, on a peer or every peer of a role"
            + " (for all its torrents together); prints each peer's limits as it reports them"
            + " (without --up or --down: only prints them).")
final class ThrottleCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(
      paramLabel = "PEER|ROLE",
      description = "A peer as status names it (leecher-3), a role (seeder, leecher) or all.")
  String target;

  @Option(
      names = "--up",
      paramLabel = "RATE",
      description = "Upload limit: bytes a second (512KiB, 2MiB, 1MB) or none.")
  String up;

  @Option(
      names = "--down",
      paramLabel = "RATE",
      description = "Download limit: bytes a second (512KiB, 2MiB, 1MB) or none.")
  String down;

  @Mixin PeerTimeoutOption peerTimeout;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() {
    Throttles.Limits limits =
        new Throttles.Limits(
            up == null ? null : Throttles.parseRate(up, "--up"),
            down == null ? null : Throttles.parseRate(down, "--down"));
    Duration perPeer = peerTimeout.value();
    String name = project.name();
    PrintWriter out = spec.commandLine().getOut();
    List<Throttles.Result> results;
    try (Engine engine = root.context().engine();
        SwarmMonitor monitor = new SwarmMonitor(engine, perPeer)) {
      List<ContainerInfo> containers = RunningLab.containers(monitor, name);
      results = new Throttles(perPeer).apply(Targets.select(containers, target), limits);
    }
    if (up != null || down != null) {
      record(name, limits, results);
    }
    List<String> failed = new ArrayList<>();
    out.printf("%-14s %14s %14s%n", "PEER", "UP LIMIT", "DOWN LIMIT");
    for (Throttles.Result r : results) {
      if (r.error() != null) {
        failed.add(r.peer() + ": " + r.error());
        continue;
      }
      out.printf("%-14s %14s %14s%n", r.peer(), rate(r.up()), rate(r.down()));
    }
    out.flush();
    RunningLab.failIfAny(
        up != null || down != null ? "not set on" : "not read from", failed, results.size());
    return ExitCodes.OK;
  }

  /** Notes the change in the lab's running run, so its record says when the limits changed. */
  private void record(String name, Throttles.Limits limits, List<Throttles.Result> results) {
    Map<String, Object> detail =
        ActionNotes.throttle(
            target,
            limits.up(),
            limits.down(),
            results.stream().filter(r -> r.error() == null).map(Throttles.Result::peer).toList());
    RunNotes.note(root.context(), name, "throttle", detail, spec.commandLine().getErr());
  }

  private static String rate(long bytesPerSecond) {
    return bytesPerSecond == 0 ? "none" : Quantities.formatSize(bytesPerSecond) + "/s";
  }
}
