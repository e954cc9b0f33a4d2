package dev.swarmlab.cli;

import dev.swarmlab.control.Targets;
import dev.swarmlab.control.Verify;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.LabContract;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab verify}: every file of every peer hashed against the source. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Hash every file of every running peer and compare with the source's SHA-256 (written"
            + " when the torrents were made); exit 1 if any file differs or is missing.")
final class VerifyCommand implements Callable<Integer> {
  /** How long one peer may take to hash its copy of the payload. */
  static final Duration PER_PEER = Duration.ofMinutes(30);

  @Mixin ProjectOptions project;

  @Parameters(
      paramLabel = "PEER|ROLE",
      arity = "0..1",
      defaultValue = "all",
      description = "A peer (leecher-3), a role (seeder, leecher) or all (the default).")
  String target;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() {
    String name = project.name();
    try (Engine engine = root.context().engine()) {
      List<ContainerInfo> containers = engine.list(name);
      if (SwarmMonitor.peers(containers).isEmpty()) {
        throw new BadInputException(
            "no lab named '" + name + "' is up; start one with 'swarmlab up'");
      }
      check(
          engine,
          Targets.select(containers, target),
          downloading(engine, name),
          spec.commandLine().getOut());
    }
    return ExitCodes.OK;
  }

  /**
   * The leechers of lab {@code project} that are running and not complete, with their progress: a
   * file of theirs that differs may only be unfinished. Empty if the lab cannot be polled.
   */
  static Map<String, Double> downloading(Engine engine, String project) {
    try (SwarmMonitor monitor = new SwarmMonitor(engine, Duration.ofSeconds(2))) {
      Map<String, Double> out = new HashMap<>();
      for (PeerStatus p : monitor.poll(project, false).peers()) {
        if (p.role().equals(LabContract.LEECHER) && p.error() == null && !p.complete()) {
          out.put(p.name(), p.progress());
        }
      }
      return out;
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  /**
   * Checks {@code peers}, printing a line for each; {@code downloading} ({@link #downloading}) says
   * which may only be unfinished.
   *
   * @throws LabFailedException if a peer's copy is not the source's, or no peer could be checked
   */
  static void check(
      Engine engine, List<ContainerInfo> peers, Map<String, Double> downloading, PrintWriter out) {
    List<Verify.PeerCheck> checks = new Verify(engine, PER_PEER).check(peers);
    for (Verify.PeerCheck c : checks) {
      Double progress = c.passed() ? null : downloading.get(c.peer());
      out.println(
          Verify.describe(c)
              + (progress == null
                  ? ""
                  : String.format(
                      java.util.Locale.ROOT, " [still downloading: %.1f%%]", progress * 100)));
    }
    out.flush();
    List<String> bad =
        checks.stream()
            .filter(c -> c.skipped() == null && !c.passed())
            .map(Verify.PeerCheck::peer)
            .toList();
    long checked = checks.stream().filter(c -> c.skipped() == null).count();
    if (!bad.isEmpty()) {
      long unfinished = bad.stream().filter(downloading::containsKey).count();
      throw new LabFailedException(
          bad.size()
              + " of "
              + checked
              + " peers checked do not hold the source's files: "
              + String.join(", ", bad)
              + (unfinished == 0
                  ? ""
                  : " (" + unfinished + " still downloading: verify once the swarm is complete)"));
    }
    if (checked == 0) {
      throw new LabFailedException("no peer could be checked: none is running");
    }
  }
}
