package dev.swarmlab.cli;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.web.DashboardServer;
import dev.swarmlab.web.Replay;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** Starting the dashboard, and serving it until Ctrl-C: for {@code dashboard} and {@code up}. */
final class Dashboards {
  private Dashboards() {}

  /**
   * Serves lab {@code project} on 127.0.0.1:{@code port}, polled through {@code monitor}.
   *
   * @throws BadInputException if the port is taken
   */
  static DashboardServer start(SwarmMonitor monitor, String project, Duration every, int port) {
    return serve(() -> DashboardServer.start(monitor, project, every, port), port);
  }

  /**
   * Serves {@code replay} on 127.0.0.1:{@code port}.
   *
   * @throws BadInputException if the port is taken
   */
  static DashboardServer replay(Replay replay, int port) {
    return serve(() -> DashboardServer.replay(replay, port), port);
  }

  /** A server that serves on {@code port}. */
  private interface Serving {
    DashboardServer start() throws IOException;
  }

  private static DashboardServer serve(Serving serving, int port) {
    if (port < 0 || port > 65535) {
      throw new BadInputException("--port must be between 0 and 65535 (got " + port + ")");
    }
    try {
      return serving.start();
    } catch (java.net.BindException e) {
      throw new BadInputException(
          "cannot serve on 127.0.0.1:" + port + " (" + e.getMessage() + "); choose another --port");
    } catch (IOException e) {
      throw new LabFailedException("cannot serve on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  /** Returns when Ctrl-C (or a TERM) ends the process, having closed {@code server}. */
  static void serveUntilStopped(DashboardServer server) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "swarmlab-dashboard-stop");
    Runtime.getRuntime().addShutdownHook(hook);
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
  }
}
