package dev.swarmlab.cli;

import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.monitor.SwarmWait;
import dev.swarmlab.runs.RunRecord;
import dev.swarmlab.scenario.Scenario;
import dev.swarmlab.view.LiveView;
import dev.swarmlab.view.StatusViews;
import dev.swarmlab.web.DashboardServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code up} and {@code rerun} do once a run of a lab has begun: play a scenario, serve the
 * dashboard, wait for the swarm to complete, verify it.
 */
final class RunFollow {
  private RunFollow() {}

  /**
   * @param timeoutText {@code --timeout} as typed, for the message when it runs out
   * @param scenarioFile where {@code scenario} was read from; null without one
   */
  record Options(
      boolean waitForSwarm,
      boolean verify,
      Scenario scenario,
      Path scenarioFile,
      boolean dashboard,
      int dashboardPort,
      Duration waitTimeout,
      String timeoutText,
      Duration perPeer) {}

  /** Fails, in one line, if a step of the scenario played failed. */
  static void failIfStepsFailed(ScenarioRunner.Outcome played, Scenario scenario) {
    if (played != null && !played.failed().isEmpty()) {
      throw new LabFailedException(
          played.failed().size()
              + " of "
              + scenario.steps().size()
              + " scenario steps failed (the lab is still up): "
              + String.join("; ", played.failed()));
    }
  }

  /**
   * Follows run {@code record} of lab {@code project} as {@code o} asks, from {@code zero} (a
   * scenario's time zero, {@link System#nanoTime()}); returns the exit code.
   */
  static int follow(
      LabContext context,
      Engine engine,
      String project,
      RunRecord record,
      Options o,
      long zero,
      PrintWriter out,
      PrintWriter err)
      throws InterruptedException {
    if (!o.waitForSwarm() && !o.dashboard() && o.scenario() == null) {
      return ExitCodes.OK;
    }
    Startup.awaitCodec();
    try (SwarmMonitor monitor = new SwarmMonitor(engine, o.perPeer());
        DashboardServer server =
            o.dashboard()
                ? Dashboards.start(monitor, project, Duration.ofSeconds(1), o.dashboardPort())
                : null) {
      if (server != null) {
        out.println("  dashboard:    " + server.url() + " (Ctrl-C stops it; the lab stays up)");
        out.flush();
      }
      ScenarioRunner.Outcome played = null;
      if (o.scenario() != null) {
        out.printf("  scenario:     %s, %d steps%n", o.scenarioFile(), o.scenario().steps().size());
        out.flush();
        played =
            new ScenarioRunner(context, engine, monitor, project, o.perPeer(), out)
                .play(o.scenario(), zero, o.waitTimeout());
      }
      if (!o.waitForSwarm()) {
        failIfStepsFailed(played, o.scenario());
        if (server != null) {
          Dashboards.serveUntilStopped(server);
        }
        return ExitCodes.OK;
      }
      SwarmWait.Outcome w;
      if (LiveView.available()) {
        // after a scenario, peers may have come or gone: they are listed at every poll
        var containers = o.scenario() == null ? monitor.containers(project) : null;
        LiveView.Result r =
            LiveView.run(
                () ->
                    containers == null
                        ? monitor.poll(project, false)
                        : monitor.poll(project, containers, false),
                Duration.ofSeconds(1),
                s -> s.summary().allComplete(),
                o.waitTimeout());
        if (r.end() == LiveView.End.QUIT) {
          err.println("swarmlab: stopped waiting; the lab is still up (swarmlab down removes it)");
          return ExitCodes.FAILURE;
        }
        w = new SwarmWait.Outcome(r.last(), r.end() == LiveView.End.DONE);
      } else {
        w =
            new SwarmWait(monitor, o.waitTimeout())
                .await(project, s -> err.println("waiting: " + StatusViews.line(s)));
      }
      out.print(StatusViews.table(w.last()));
      record.event(
          w.complete() ? "complete" : "timeout", Map.of("summary", StatusViews.line(w.last())));
      if (!w.complete()) {
        throw new LabFailedException(
            "--wait timed out after " + o.timeoutText() + ": " + StatusViews.line(w.last()));
      }
      if (o.verify()) {
        VerifyCommand.check(engine, SwarmMonitor.peers(engine.list(project)), Map.of(), out);
      }
      failIfStepsFailed(played, o.scenario());
      if (server != null) {
        Dashboards.serveUntilStopped(server);
      }
      return ExitCodes.OK;
    }
  }
}
