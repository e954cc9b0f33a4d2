package dev.swarmlab.cli;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.web.DashboardServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
    description =
        "Serve a live page of every peer of the running lab on http://127.0.0.1:PORT (Ctrl-C stops it).")
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

  @Option(
      names = "--peer-timeout",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description = "How long to wait for one rtorrent's answer (default: ${DEFAULT-VALUE}).")
  String peerTimeout;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() throws InterruptedException {
    String name = project.name();
    Duration every =
        Quantities.parseDuration(interval, "--interval", Limits.INTERVAL_MIN, Limits.INTERVAL_MAX);
    Duration perPeer =
        Quantities.parseDuration(
            peerTimeout, "--peer-timeout", Limits.PEER_TIMEOUT_MIN, Limits.PEER_TIMEOUT_MAX);
    if (port < 0 || port > 65535) {
      throw new BadInputException("--port must be between 0 and 65535 (got " + port + ")");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Engine engine = root.context().engine();
        SwarmMonitor monitor = new SwarmMonitor(engine, perPeer)) {
      List<ContainerInfo> containers = monitor.containers(name);
      if (SwarmMonitor.peers(containers).isEmpty()) {
        throw new BadInputException(
            "no lab named '" + name + "' is up; start one with 'swarmlab up'");
      }
      monitor.controlDir(containers); // refuses a lab whose sockets this machine cannot open
      Startup.awaitCodec();
      DashboardServer server;
      try {
        server = DashboardServer.start(monitor, name, every, port);
      } catch (java.net.BindException e) {
        throw new BadInputException(
            "cannot serve on 127.0.0.1:"
                + port
                + " ("
                + e.getMessage()
                + "); choose another --port");
      } catch (IOException e) {
        throw new LabFailedException(
            "cannot serve on 127.0.0.1:" + port + ": " + e.getMessage(), e);
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                server.close();
                stopped.countDown();
              },
              "swarmlab-dashboard-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println("dashboard of lab '" + name + "': " + server.url() + " (Ctrl-C stops it)");
      out.flush();
      try {
        stopped.await();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook has closed the server
        }
        server.close();
      }
      return ExitCodes.OK;
    }
  }
}
