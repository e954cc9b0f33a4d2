package dev.swarmlab.cli;

import dev.swarmlab.control.LinkWatch;
import dev.swarmlab.control.Links;
import dev.swarmlab.engine.Cancellation;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.Run;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.lab.Lab;
import dev.swarmlab.lab.LabLock;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.LinkConditions;
import dev.swarmlab.plan.Quantities;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab up}: build what is missing and start a lab. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Build the images if needed and start a lab: tracker, seeders, leechers.")
final class UpCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;
  @Mixin LabOptions options;
  @Mixin LinkOptions links;

  @Mixin FollowOptions follow;

  @Mixin PeerTimeoutOption peerTimeout;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description =
          "Containers created and started at once, 1-"
              + Engine.MAX_PARALLEL_STARTS
              + " (default: twice this machine's cores; env SWARMLAB_PARALLEL_LIMIT).")
  String parallel;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  /** {@code --parallel}, or {@code SWARMLAB_PARALLEL_LIMIT} when the option is not given. */
  private OptionalInt parallelStarts() {
    String value = Env.orDefault(parallel, "SWARMLAB_PARALLEL_LIMIT", "");
    if (value.isBlank()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(
        Quantities.parseWholeNumber(
            value,
            "--parallel",
            1,
            Engine.MAX_PARALLEL_STARTS,
            parallel == null ? " from SWARMLAB_PARALLEL_LIMIT" : ""));
  }

  /** {@code file} relative to {@code dir} when it is below it, absolute otherwise. */
  private static Path shortest(Path dir, Path file) {
    return file.startsWith(dir) ? dir.relativize(file) : file;
  }

  /**
   * Notes in the run what became of each shaped peer's link, a {@code link} event per role; if a
   * peer could not be shaped, removes the lab (through its run's cancellation) and fails.
   */
  private static void noteShaping(
      Run run,
      Lab.Started started,
      Map<String, LinkConditions> shaped,
      List<Links.Result> results) {
    for (Map.Entry<String, LinkConditions> e : shaped.entrySet()) {
      Map<String, Object> detail =
          ActionNotes.link(
              e.getKey(),
              e.getValue(),
              results.stream()
                  .filter(r -> r.error() == null && r.peer().startsWith(e.getKey() + "-"))
                  .map(Links.Result::peer)
                  .sorted(
                      java.util.Comparator.comparingInt((String n) -> n.length())
                          .thenComparing(n -> n))
                  .toList());
      started.record().event("link", detail);
    }
    List<String> failed =
        results.stream()
            .filter(r -> r.error() != null)
            .map(r -> r.peer() + ": " + r.error())
            .toList();
    if (!failed.isEmpty()) {
      run.cancellation().cancel();
      throw new LabFailedException(
          "could not shape the links of "
              + failed.size()
              + " of "
              + results.size()
              + " peers, so the lab was removed: "
              + String.join("; ", failed));
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, LinkConditions> shaped = links.byRole();
    LabSpec lab = options.spec(project.name()).withShapedRoles(shaped.keySet());
    Duration perPeer = peerTimeout.value();
    RunFollow.Options following = follow.read(perPeer);
    Run run = new Run(Lab.newRunId(), parallelStarts(), new Cancellation());
    Lab labs = root.context().lab(options.build());
    try (Engine engine = root.context().engine()) {
      Lab.Started started;
      // The lock is held until the lab is up, or until Ctrl-C's cancellation has removed what an
      // interrupted up created: no other up of this lab can start while that is going on.
      try (LabLock lock = labs.lockToStart(lab.project());
          CtrlC ctrlC = CtrlC.cancels(run.cancellation(), err)) {
        Links shaper = new Links(engine, lab.project());
        if (shaped.values().stream().anyMatch(LinkConditions::needsNetem)) {
          // refused before the lab exists when the kernel cannot give them
          shaper.requireNetem(labs.peerImage(engine, m -> err.println(m)));
        }
        // the peers of a shaped role wait to start until their link is shaped: each is, as soon
        // as it runs
        try (LinkWatch watch =
            shaped.isEmpty() ? null : new LinkWatch(engine, lab.project(), shaped)) {
          started = labs.up(lock, lab, engine, run, m -> err.println(m));
          if (watch != null) {
            noteShaping(run, started, shaped, watch.finish());
          }
        }
        if (ctrlC.fired()) {
          return ExitCodes.FAILURE;
        }
      }
      long zero = System.nanoTime(); // a scenario's time zero: the lab is up
      Path here = Path.of("").toAbsolutePath();
      out.printf(
          "lab '%s' is up: 1 tracker, %d seeders, %d leechers%n  compose file: %s%n  watch it:     swarmlab status%s%n  run:          %s (swarmlab report%s)%n",
          lab.project(),
          lab.seeders(),
          lab.leechers(),
          shortest(here, started.rendered().composeFile()),
          lab.project().equals(LabSpec.DEFAULT_PROJECT) ? "" : " -p " + lab.project(),
          run.id(),
          lab.project().equals(LabSpec.DEFAULT_PROJECT) ? "" : " -p " + lab.project());
      shaped.forEach(
          (role, link) -> out.printf("  link:         every %s's: %s%n", role, link.describe()));
      if (started.floodPassword() != null) {
        out.printf(
            "  Flood:        " + LabContract.FLOOD_URL + "  user %s  password %s%n",
            LabContract.FLOOD_USER,
            started.floodPassword());
      }
      out.flush();
      return RunFollow.follow(
          root.context(), engine, lab.project(), started.record(), following, zero, out, err);
    }
  }
}
