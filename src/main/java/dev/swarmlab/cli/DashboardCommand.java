package dev.swarmlab.cli;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.report.Reports;
import dev.swarmlab.report.RunReplay;
import dev.swarmlab.runs.RunRecord;
import dev.swarmlab.runs.RunStore;
import dev.swarmlab.web.DashboardServer;
import dev.swarmlab.web.Replay;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab dashboard}: the running lab, live, in a browser, until Ctrl-C. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a live page of every peer of the running lab on http://127.0.0.1:PORT (Ctrl-C stops"
          + " it);",
      "with --run, the same page over a recorded run, with a time slider."
    })
final class DashboardCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "7070",
      description = "Port on 127.0.0.1 (0: any free port; default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      description =
          "Time between polls, however many browsers are open (default: ${DEFAULT-VALUE}).")
  String interval;

  @Mixin PeerTimeoutOption peerTimeout;

  @Option(
      names = "--run",
      paramLabel = "RUN",
      description =
          "Replay this recorded run instead (a run id or its start, see 'swarmlab runs'; 'latest'"
              + " for the latest); needs no engine.")
  String run;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() throws InterruptedException {
    String name = project.name();
    Duration every =
        Quantities.parseDuration(interval, "--interval", Limits.INTERVAL_MIN, Limits.INTERVAL_MAX);
    Duration perPeer = peerTimeout.value();
    PrintWriter out = spec.commandLine().getOut();
    if (run != null) {
      return replay(name, out);
    }
    try (Engine engine = root.context().engine();
        SwarmMonitor monitor = new SwarmMonitor(engine, perPeer)) {
      List<ContainerInfo> containers = RunningLab.containers(monitor, name);
      Startup.awaitCodec();
      DashboardServer server = Dashboards.start(monitor, name, every, port);
      out.println("dashboard of lab '" + name + "': " + server.url() + " (Ctrl-C stops it)");
      out.flush();
      Dashboards.serveUntilStopped(server);
      return ExitCodes.OK;
    }
  }

  private int replay(String name, PrintWriter out) throws InterruptedException {
    RunStore runs = root.context().lab(null).runs(name);
    RunRecord record =
        run.equals("latest")
            ? runs.latest()
                .orElseThrow(
                    () ->
                        new BadInputException(
                            "lab '" + name + "' has no runs yet ('swarmlab up' makes one)"))
            : runs.find(run);
    Replay replay = new Replay(RunReplay.load(record), Reports.summary(record));
    DashboardServer server = Dashboards.replay(replay, port);
    out.println(
        "replay of run "
            + record.id()
            + " of lab '"
            + name
            + "': "
            + server.url()
            + " (Ctrl-C stops it)");
    out.flush();
    Dashboards.serveUntilStopped(server);
    return ExitCodes.OK;
  }
}
