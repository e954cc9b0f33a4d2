package dev.swarmlab.cli;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.PeerDetail;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.monitor.SwarmWatch;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.rtorrent.RtorrentException;
import dev.swarmlab.view.LiveView;
import dev.swarmlab.view.StatusViews;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab status}: every peer's progress, and the swarm's; or one peer in detail. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show each peer's progress and the swarm's, polled from every rtorrent; or one PEER in detail.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(
      arity = "0..1",
      paramLabel = "PEER",
      description =
          "Show this peer (e.g. leecher-3) in detail: its torrents and whom it is connected to.")
  String peer;

  @Option(
      names = "--json",
      description = "Print JSON (with --watch: one snapshot per line, JSON Lines).")
  boolean json;

  @Option(names = "--torrents", description = "Also show every peer's torrents.")
  boolean torrents;

  @Option(
      names = "--tracker",
      description =
          "Show what the tracker knows: seeders, leechers and completed downloads per torrent.")
  boolean tracker;

  @Option(
      names = {"-w", "--watch"},
      description =
          "Poll again every --interval: redraw in place on a terminal (q or Ctrl-C quits), a line per poll otherwise.")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      description = "Time between polls with --watch (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "With --watch: stop after N polls (default: until quit, or until the lab is gone).")
  int count;

  @Mixin PeerTimeoutOption peerTimeout;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() {
    String name = project.name();
    Duration perPeer = peerTimeout.value();
    Duration every =
        Quantities.parseDuration(interval, "--interval", Limits.INTERVAL_MIN, Limits.INTERVAL_MAX);
    if (count < 0) {
      throw new BadInputException("--count must be 0 or more (got " + count + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Engine engine = root.context().engine();
        SwarmMonitor monitor = new SwarmMonitor(engine, perPeer)) {
      List<ContainerInfo> containers = RunningLab.containers(monitor, name);
      Startup.awaitCodec();
      if (peer != null) {
        return detail(monitor, containers, name, out);
      }
      if (tracker) {
        try {
          var torrents = monitor.tracker(containers);
          out.print(
              json
                  ? StatusViews.json(torrents) + System.lineSeparator()
                  : StatusViews.tracker(torrents));
          return ExitCodes.OK;
        } catch (java.io.IOException e) {
          throw new LabFailedException("cannot read the tracker: " + e.getMessage(), e);
        }
      }
      if (!watch) {
        SwarmSnapshot s = monitor.poll(name, containers, torrents);
        if (json) {
          s = monitor.withReceivedFrom(s, containers);
        }
        out.print(json ? StatusViews.json(s) + System.lineSeparator() : StatusViews.table(s));
        return ExitCodes.OK;
      }
      if (!json && LiveView.available()) {
        int[] polls = {0};
        LiveView.run(
            () -> monitor.poll(name, torrents),
            every,
            s -> count > 0 && ++polls[0] >= count,
            Duration.ofDays(365));
        return ExitCodes.OK;
      }
      new SwarmWatch(monitor, every, count)
          .run(
              name,
              torrents,
              s -> {
                out.println(
                    json
                        ? StatusViews.jsonLine(s)
                        : java.time.LocalTime.now().withNano(0) + " " + StatusViews.line(s));
                out.flush();
              });
      return ExitCodes.OK;
    }
  }

  private int detail(
      SwarmMonitor monitor, List<ContainerInfo> containers, String name, PrintWriter out) {
    try {
      PeerDetail d =
          monitor
              .detail(containers, peer)
              .orElseThrow(
                  () ->
                      new BadInputException(
                          "no peer '"
                              + peer
                              + "' in lab '"
                              + name
                              + "'; peers are "
                              + String.join(
                                  ", ",
                                  SwarmMonitor.peers(containers).stream()
                                      .map(SwarmMonitor::peerName)
                                      .toList())));
      out.print(json ? StatusViews.json(d) + System.lineSeparator() : StatusViews.detail(d));
      return ExitCodes.OK;
    } catch (RtorrentException e) {
      throw new LabFailedException(peer + " is unreachable: " + e.getMessage(), e);
    }
  }
}
