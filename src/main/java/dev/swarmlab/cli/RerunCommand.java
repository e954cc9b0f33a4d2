package dev.swarmlab.cli;

import dev.swarmlab.control.Faults;
import dev.swarmlab.control.PeerReset;
import dev.swarmlab.engine.Cancellation;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.lab.Lab;
import dev.swarmlab.lab.LabLock;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.Client;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.plan.StartOrder;
import dev.swarmlab.runs.RunRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code swarmlab rerun}: a fresh swarm on the lab's running containers. Every peer's rtorrent
 * drops its downloads and their session (a leecher its data too) and loads the torrents again with
 * new peer ids, once the payload and torrents have been made again if they change and the tracker
 * has started afresh; the run before ends and a new run record begins (see {@link PeerReset}).
 */
@Command(
    name = "rerun",
    mixinStandardHelpOptions = true,
    description =
        "Run the lab's swarm again on its running containers: every leecher empty again, new peer"
            + " ids, a tracker that knows no one, a new run record. Leechers, rates and the"
            + " generated payload's size can change; what needs other containers is refused.")
final class RerunCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(
      names = "--leechers",
      paramLabel = "N",
      description = "Leechers in the new run, added or removed as scale does (default: as now).")
  Integer leechers;

  @Option(
      names = "--seeder-up-rate",
      paramLabel = "RATE",
      description = "Seeders' upload limit in the new run (512KiB, 2MiB, none; default: as now).")
  String seederUpRate;

  @Option(
      names = "--seeder-down-rate",
      paramLabel = "RATE",
      description = "Seeders' download limit in the new run (default: as now).")
  String seederDownRate;

  @Option(
      names = "--leecher-up-rate",
      paramLabel = "RATE",
      description = "Leechers' upload limit in the new run (default: as now).")
  String leecherUpRate;

  @Option(
      names = "--leecher-down-rate",
      paramLabel = "RATE",
      description = "Leechers' download limit in the new run (default: as now).")
  String leecherDownRate;

  @Option(
      names = "--stagger",
      paramLabel = "DURATION",
      description =
          "Let the peers start in the lab's start order, the seeders together and then a leecher"
              + " every DURATION, as up's container starts spread them (default: 200ms, less when"
              + " that would take the leechers over 5s to start; 0s: all at once).")
  String stagger;

  /** A leecher every this, by default ... */
  static final Duration STAGGER = Duration.ofMillis(200);

  /** ... but all of them within this: past 25 leechers, a rerun starts them closer together. */
  static final Duration STAGGER_SPAN = Duration.ofSeconds(5);

  /** The default {@code --stagger} for a run of {@code leechers}. */
  static Duration defaultStagger(int leechers) {
    Duration within = STAGGER_SPAN.dividedBy(Math.max(1, leechers));
    return within.compareTo(STAGGER) < 0 ? within : STAGGER;
  }

  @Option(
      names = "--seeders",
      paramLabel = "N",
      description = "Must be the lab's seeders: other seeders need other containers (use up).")
  Integer seeders;

  @Option(
      names = "--payload-size",
      paramLabel = "SIZE",
      description =
          "A generated payload of SIZE for the new run (a lab with a generated payload; default:"
              + " as now). The torrents are made again.")
  String payloadSize;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description =
          "Must be the lab's own --data (another is mounted from elsewhere: use up). Its torrents"
              + " are made again on every rerun, from the data as it is then.")
  Path data;

  @Option(
      names = "--client",
      paramLabel = "CLIENT",
      description = "Must be the client the peers run: another is another image (use up).")
  String client;

  @Option(
      names = "--seeder-client",
      paramLabel = "CLIENT",
      description = "Must be the client the seeders run (use up for another).")
  String seederClient;

  @Option(
      names = "--leecher-client",
      paramLabel = "CLIENT",
      description = "Must be the client the leechers run (use up for another).")
  String leecherClient;

  @Option(
      names = "--debug",
      description = "Must match the lab: Flood is a container of its own (use up).")
  boolean debug;

  @Mixin FollowOptions follow;

  @Mixin PeerTimeoutOption peerTimeout;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  private Lab.RerunChanges changes() {
    Client all = client == null ? null : Client.of(client, "--client");
    Payload payload =
        data != null
            ? new Payload.UserData(data)
            : payloadSize != null
                ? new Payload.Generated(Quantities.parseSize(payloadSize, "--payload-size"))
                : null;
    if (payload != null) {
      LabSpec.requireSharable(payload);
    }
    if (leechers != null && (leechers < 0 || leechers > LabSpec.MAX_LEECHERS)) {
      throw new BadInputException(
          "--leechers must be from 0 to " + LabSpec.MAX_LEECHERS + " (got " + leechers + ")");
    }
    return new Lab.RerunChanges(
        seeders,
        leechers,
        payload,
        seederClient == null ? all : Client.of(seederClient, "--seeder-client"),
        leecherClient == null ? all : Client.of(leecherClient, "--leecher-client"),
        debug,
        rate(seederUpRate, "--seeder-up-rate"),
        rate(seederDownRate, "--seeder-down-rate"),
        rate(leecherUpRate, "--leecher-up-rate"),
        rate(leecherDownRate, "--leecher-down-rate"));
  }

  private static Long rate(String text, String option) {
    return text == null ? null : Quantities.parseRate(text, option);
  }

  /**
   * The peers of {@code containers} in the lab's start order: the seeders together, and each
   * leecher on its own, by number; seeders first unless {@code startOrder} is leechers-first.
   */
  static List<List<ContainerInfo>> waves(List<ContainerInfo> containers, String startOrder) {
    List<ContainerInfo> peers = SwarmMonitor.peers(containers);
    List<ContainerInfo> seeders =
        peers.stream().filter(p -> p.service().equals(LabContract.SEEDER)).toList();
    List<List<ContainerInfo>> leechers =
        peers.stream().filter(p -> p.service().equals(LabContract.LEECHER)).map(List::of).toList();
    List<List<ContainerInfo>> out = new java.util.ArrayList<>();
    boolean leechersFirst = StartOrder.LEECHERS_FIRST.id().equals(startOrder);
    if (!leechersFirst && !seeders.isEmpty()) {
      out.add(seeders);
    }
    out.addAll(leechers);
    if (leechersFirst && !seeders.isEmpty()) {
      out.add(seeders);
    }
    return out;
  }

  /** Where a rerun is, for Ctrl-C: what to tell the peers so that none is left waiting. */
  private enum Phase {
    PLANNING,
    STOPPING,
    /** The run before has ended (its peers' files packed); the new one's record has not begun. */
    ENDED,
    /** The new run's record has begun; its payload and the tracker's restart may be pending. */
    BEGUN,
    /** The tracker has started afresh for the new run. */
    READY,
    GONE
  }

  private volatile Phase phase = Phase.PLANNING;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration perPeer = peerTimeout.value();
    RunFollow.Options following = follow.read(perPeer);
    Duration given =
        stagger == null
            ? null
            : Quantities.parseDuration(stagger, "--stagger", Duration.ZERO, Duration.ofMinutes(1));
    Lab.RerunChanges changes = changes();
    String name = project.name();
    String runId = Lab.newRunId();
    Lab labs = root.context().lab(null);
    Cancellation cancellation = new Cancellation();
    try (Engine engine = root.context().engine()) {
      RunRecord record;
      Lab.RerunPlan plan;
      try (LabLock lock = labs.lockToRerun(name)) {
        plan = labs.planRerun(lock, name, engine, changes);
        PeerReset reset = new PeerReset(engine, name, plan.controlDir());
        java.util.concurrent.atomic.AtomicReference<PeerReset.Go> go =
            new java.util.concurrent.atomic.AtomicReference<>(
                new PeerReset.Go(runId, 0, plan.rates(), plan.shared()));
        // Ctrl-C: no peer is left waiting for a run that will not come. Never while the run
        // before is packed into its record: that moves the peers' files away, and a peer let go
        // meanwhile would lose what it notes in its own
        java.util.concurrent.locks.ReentrantLock packing =
            new java.util.concurrent.locks.ReentrantLock();
        Runnable letGo =
            () -> {
              if (!packing.tryLock()) {
                err.println(
                    "the run before is being packed into its record; the peers go once it is");
                err.flush();
                packing.lock();
              }
              try {
                if (phase == Phase.STOPPING) {
                  reset.release();
                  return;
                }
                if (phase == Phase.ENDED) {
                  // neither run can take them: what they did would be in no record
                  phase = Phase.GONE;
                  err.println(
                      "swarmlab: the run before has ended and the next could not begin, so the"
                          + " peers were not let go: swarmlab down, then swarmlab up");
                  err.flush();
                  return;
                }
                if (phase == Phase.BEGUN) {
                  // the tracker must forget the run before, and know the torrents there are
                  try {
                    reset.restartTracker();
                  } catch (RuntimeException e) {
                    err.println("swarmlab: warning: " + e.getMessage());
                  }
                }
                if (phase == Phase.BEGUN || phase == Phase.READY) {
                  reset.go(go.get());
                }
              } finally {
                packing.unlock();
              }
            };
        cancellation.afterCancel(letGo);
        // the leechers of the new run: fewer before the peers stop, more once they go
        java.util.function.Supplier<Lab.Scaled> scaleTo =
            () ->
                labs.scale(
                    lock,
                    name,
                    engine,
                    plan.leechers(),
                    OptionalInt.empty(),
                    cancellation,
                    err::println);
        try (CtrlC ctrlC = CtrlC.cancels(cancellation, err, "nothing; the peers are let go")) {
          if (plan.leechers() < plan.currentLeechers()) {
            scaleTo.get();
          }
          phase = Phase.STOPPING;
          reset.stop(runId, plan.shared().torrents(), plan.remake() == null, err::println);
          go.set(go.get().startingAt(Instant.now().getEpochSecond()));
          packing.lock();
          try {
            if (cancellation.isCancelled()) {
              // let go already, in the run before: that run stays the latest
              throw new LabFailedException("interrupted");
            }
            labs.endForRerun(lock, plan);
            phase = Phase.ENDED;
            record = labs.beginRerun(lock, plan, engine, runId);
            phase = Phase.BEGUN;
          } finally {
            packing.unlock();
          }
          if (plan.remake() != null) {
            try {
              reset.making(runId);
              labs.remakePayload(lock, plan, engine, err::println);
            } catch (RuntimeException e) {
              record.event("failed", java.util.Map.of("error", String.valueOf(e.getMessage())));
              throw e;
            }
          }
          reset.restartTracker();
          phase = Phase.READY;
          // the run starts when its peers do, whatever making its payload took
          go.set(go.get().startingAt(Instant.now().getEpochSecond()));
          Duration every = given != null ? given : defaultStagger(plan.leechers());
          reset.goInWaves(go.get(), waves(engine.list(name), plan.plan().startOrder()), every);
          phase = Phase.GONE;
          List<String> restarted = reset.restarted();
          if (!restarted.isEmpty()) {
            // a new start is a new network namespace: the link it had is shaped in it again
            for (Faults.Result r :
                FaultCommand.shapeAgain(
                    root.context(),
                    engine,
                    name,
                    restarted.stream()
                        .map(n -> new Faults.Result(n, "started again", null))
                        .toList())) {
              if (r.error() != null) {
                err.println("swarmlab: warning: " + r.peer() + ": " + r.error());
              }
            }
          }
          if (plan.leechers() > plan.currentLeechers()) {
            ScaleCommand.shapeNew(root.context(), engine, name, scaleTo.get().added(), out);
          }
          if (ctrlC.fired()) {
            return ExitCodes.FAILURE;
          }
        } catch (RuntimeException e) {
          letGo.run();
          throw e;
        }
      }
      long zero = System.nanoTime();
      out.printf(
          "lab '%s' runs again: %s%n  run:          %s (after %s; swarmlab report%s)%n",
          name,
          plan.plan().describe(),
          runId,
          plan.previous().id(),
          name.equals(LabSpec.DEFAULT_PROJECT) ? "" : " -p " + name);
      out.flush();
      return RunFollow.follow(root.context(), engine, name, record, following, zero, out, err);
    }
  }
}
