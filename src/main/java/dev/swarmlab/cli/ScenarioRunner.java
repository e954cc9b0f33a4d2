package dev.swarmlab.cli;

import dev.swarmlab.control.Faults;
import dev.swarmlab.control.Links;
import dev.swarmlab.control.Targets;
import dev.swarmlab.control.Throttles;
import dev.swarmlab.engine.Cancellation;
import dev.swarmlab.engine.ContainerAction;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.lab.Lab;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.scenario.Action;
import dev.swarmlab.scenario.Scenario;
import dev.swarmlab.scenario.Step;
import dev.swarmlab.scenario.Trigger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plays a scenario on a running lab: its steps in the file's order, each once its trigger is met (a
 * time since the lab came up, or the swarm's progress, polled every second; a complete swarm has
 * reached every progress) and the step before it has run, in the same way as the command of the
 * same name, and noted in the run's record with the step it came from. A step that fails is
 * reported, and the next one goes on.
 */
final class ScenarioRunner {
  /** How often the swarm's progress is polled. */
  static final Duration POLL = Duration.ofSeconds(1);

  /**
   * How a scenario ended.
   *
   * @param failed the steps that ran and failed, in words
   */
  record Outcome(int ran, List<String> failed) {}

  private final LabContext context;
  private final Engine engine;
  private final SwarmMonitor monitor;
  private final String project;
  private final Duration peerTimeout;
  private final PrintWriter out;

  ScenarioRunner(
      LabContext context,
      Engine engine,
      SwarmMonitor monitor,
      String project,
      Duration peerTimeout,
      PrintWriter out) {
    this.context = context;
    this.engine = engine;
    this.monitor = monitor;
    this.project = project;
    this.peerTimeout = peerTimeout;
    this.out = out;
  }

  /**
   * Plays {@code scenario}, its time zero {@code zeroNanos} ({@link System#nanoTime}), until every
   * step has run.
   *
   * @throws LabFailedException if steps are left after {@code timeout}
   */
  Outcome play(Scenario scenario, long zeroNanos, Duration timeout) throws InterruptedException {
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("file", scenario.source());
    started.put("steps", scenario.steps().size());
    RunNotes.note(context, project, "scenario", started, out);
    List<Step> pending = new ArrayList<>(scenario.steps());
    List<String> failed = new ArrayList<>();
    long deadline = zeroNanos + timeout.toNanos();
    while (!pending.isEmpty()) {
      Step next = pending.get(0);
      SwarmSnapshot snapshot = monitor.poll(project, monitor.containers(project), false);
      if (!due(
          next.trigger(),
          System.nanoTime() - zeroNanos,
          snapshot.summary().progress(),
          snapshot.summary().allComplete())) {
        if (System.nanoTime() > deadline) {
          throw new LabFailedException(
              "the scenario's last "
                  + pending.size()
                  + " steps were not reached within --timeout (the lab is still up): "
                  + pending.stream().map(Step::describe).collect(Collectors.joining("; ")));
        }
        Thread.sleep(sleepMillis(next, System.nanoTime() - zeroNanos));
        continue;
      }
      pending.remove(0);
      long began = System.nanoTime();
      String outcome;
      try {
        outcome = run(next);
      } catch (RuntimeException e) {
        outcome = "failed: " + e.getMessage();
        failed.add(next.describe() + ": " + e.getMessage());
      }
      double took = (System.nanoTime() - began) / 1e9;
      out.printf(
          Locale.ROOT,
          "%7.1fs  step %d, %s → %s%s%n",
          (began - zeroNanos) / 1e9,
          next.index() + 1,
          next.describe(),
          outcome,
          took >= 1 ? String.format(Locale.ROOT, " (took %.1f s)", took) : "");
      out.flush();
    }
    return new Outcome(scenario.steps().size(), failed);
  }

  /** Until the next poll, or sooner when {@code next} is a timed step due before that. */
  private static long sleepMillis(Step next, long elapsedNanos) {
    long sleep = POLL.toMillis();
    if (next.trigger() instanceof Trigger.At at) {
      sleep = Math.min(sleep, Math.max(10, (at.after().toNanos() - elapsedNanos) / 1_000_000));
    }
    return sleep;
  }

  static boolean due(Trigger t, long elapsedNanos, double progress, boolean complete) {
    if (t instanceof Trigger.At at) {
      return elapsedNanos >= at.after().toNanos();
    }
    return complete || progress >= ((Trigger.WhenProgress) t).fraction();
  }

  /** Does step {@code s} as its command would; returns what became of it, in words. */
  private String run(Step s) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("step", s.index() + 1);
    detail.put("trigger", s.trigger().describe());
    Action a = s.action();
    if (a instanceof Action.Fault f) {
      return fault(f, detail);
    } else if (a instanceof Action.Throttle t) {
      return throttle(t, detail);
    } else if (a instanceof Action.Link l) {
      return link(l, detail);
    } else if (a instanceof Action.Scale sc) {
      return scale(sc);
    }
    return verify((Action.Verify) a, detail);
  }

  private List<ContainerInfo> targets(String target) {
    return Targets.select(engine.list(project), target);
  }

  private String fault(Action.Fault f, Map<String, Object> detail) {
    ContainerAction action = ContainerAction.valueOf(f.verb().toUpperCase(Locale.ROOT));
    List<Faults.Result> results = Faults.apply(engine, project, targets(f.target()), action);
    if (action == ContainerAction.RESTART) {
      results = FaultCommand.shapeAgain(context, engine, project, results);
    }
    detail.putAll(
        ActionNotes.fault(
            f.target(),
            results.stream().filter(r -> r.error() == null).map(Faults.Result::peer).toList()));
    RunNotes.note(context, project, f.verb(), detail, out);
    return outcome(
        results,
        r -> r.error() == null ? r.state() : null,
        Faults.Result::peer,
        Faults.Result::error);
  }

  private String throttle(Action.Throttle t, Map<String, Object> detail) {
    List<Throttles.Result> results =
        new Throttles(peerTimeout)
            .apply(targets(t.target()), new Throttles.Limits(t.up(), t.down()));
    detail.putAll(
        ActionNotes.throttle(
            t.target(),
            t.up(),
            t.down(),
            results.stream().filter(r -> r.error() == null).map(Throttles.Result::peer).toList()));
    RunNotes.note(context, project, "throttle", detail, out);
    return outcome(
        results,
        r -> r.error() == null ? "set" : null,
        Throttles.Result::peer,
        Throttles.Result::error);
  }

  private String link(Action.Link l, Map<String, Object> detail) {
    List<Links.Result> results =
        new Links(engine, project).apply(targets(l.target()), l.conditions());
    detail.putAll(
        ActionNotes.link(
            l.target(),
            l.conditions(),
            results.stream().filter(r -> r.error() == null).map(Links.Result::peer).toList()));
    RunNotes.note(context, project, "link", detail, out);
    return outcome(
        results,
        r -> r.error() == null ? r.conditions() : null,
        Links.Result::peer,
        Links.Result::error);
  }

  private String scale(Action.Scale sc) {
    long now =
        engine.list(project).stream().filter(c -> c.service().equals(LabContract.LEECHER)).count();
    int target =
        (int)
            switch (sc.sign()) {
              case "+" -> now + sc.n();
              case "-" -> now - sc.n();
              default -> sc.n();
            };
    Lab.Scaled s =
        context
            .lab(null)
            .scale(project, engine, target, OptionalInt.empty(), new Cancellation(), m -> {});
    StringWriter shaped = new StringWriter();
    if (!s.added().isEmpty()) {
      ScaleCommand.shapeNew(context, engine, project, s.added(), new PrintWriter(shaped));
    }
    return s.from()
        + " → "
        + s.to()
        + " leechers"
        + (shaped.toString().isBlank() ? "" : ", with their role's link");
  }

  private String verify(Action.Verify v, Map<String, Object> detail) {
    StringWriter lines = new StringWriter();
    detail.put("action", v.describe());
    detail.put("began", java.time.Instant.now().getEpochSecond());
    try {
      VerifyCommand.check(
          engine,
          targets(v.target()),
          VerifyCommand.downloading(engine, project),
          new PrintWriter(lines));
      detail.put("passed", true);
      return "every file the same (" + lines.toString().lines().count() + " peers)";
    } catch (LabFailedException e) {
      detail.put("passed", false);
      throw new LabFailedException(
          e.getMessage() + " [" + String.join("; ", lines.toString().lines().toList()) + "]", e);
    } finally {
      RunNotes.note(context, project, "step", detail, out);
    }
  }

  /** {@code seeder-1: exited, seeder-2: exited}; fails naming every peer it failed on. */
  private static <R> String outcome(
      List<R> results,
      Function<R, String> good,
      Function<R, String> peer,
      Function<R, String> error) {
    List<String> ok = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    for (R r : results) {
      String g = good.apply(r);
      if (g != null) {
        ok.add(peer.apply(r) + ": " + g);
      } else {
        bad.add(peer.apply(r) + ": " + error.apply(r));
      }
    }
    if (!bad.isEmpty()) {
      throw new LabFailedException(String.join("; ", bad));
    }
    return String.join(", ", ok);
  }
}
