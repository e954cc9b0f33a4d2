package dev.swarmlab.engine;

import dev.swarmlab.compose.ComposeProject;
import dev.swarmlab.compose.ServiceSpec;
import dev.swarmlab.error.LabFailedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Applies a compose project to a {@link ContainerRuntime}: the network and volumes, then each
 * service in {@link ComposeProject#startOrder start order} once its dependencies' {@link
 * ServiceWait waits} are met, its replicas {@link Run#starts} at a time. On failure it removes what
 * the run created (found by the run's label); on {@link Cancellation} it creates nothing more,
 * waits for the requests already sent, and removes the same.
 */
public final class ProjectApplier {
  private final ContainerRuntime runtime;

  public ProjectApplier(ContainerRuntime runtime) {
    this.runtime = runtime;
  }

  /** Labels of a network or volume that run {@code runId} of {@code project} creates. */
  public static Map<String, String> labels(
      String project, String runId, String kindLabel, String kindValue) {
    return Map.of(
        Labels.PROJECT,
        project,
        kindLabel,
        kindValue,
        Labels.SWARMLAB_PROJECT,
        project,
        Labels.SWARMLAB_RUN,
        runId);
  }

  /** The labels of everything run {@code runId} of {@code project} created. */
  public static Map<String, String> runLabels(String project, String runId) {
    return Map.of(Labels.SWARMLAB_PROJECT, project, Labels.SWARMLAB_RUN, runId);
  }

  public static String network(String project) {
    return project + "_default";
  }

  public static String volume(String project, String volume) {
    return project + "_" + volume;
  }

  /** See {@link Engine#up}. */
  public void up(
      ComposeProject project,
      Set<String> profiles,
      Path configFile,
      Run run,
      Consumer<String> progress) {
    Changes changes = new Changes();
    String name = project.name();
    Object removing = new Object(); // one removal at a time: a roll back, then a cancellation's
    // Registered for good, not only while this call runs: a cancellation that comes during the
    // roll back waits for it, and one that comes just after the lab is up (Ctrl-C as up returns)
    // removes the run too, before cancel() returns.
    run.cancellation()
        .onCancel(
            () -> {
              changes.stop();
              synchronized (removing) {
                runtime.remove(runLabels(name, run.id()), true);
              }
            });
    try {
      changes.make(
          () ->
              runtime.ensureNetwork(
                  network(name), labels(name, run.id(), Labels.NETWORK, "default")));
      for (String volume : project.volumes()) {
        changes.make(
            () ->
                runtime.ensureVolume(
                    volume(name, volume), labels(name, run.id(), Labels.VOLUME, volume)));
      }
      Map<String, List<String>> started = new HashMap<>();
      for (ServiceSpec service : project.startOrder(profiles)) {
        for (Map.Entry<String, ServiceSpec.Condition> dep : service.dependsOn().entrySet()) {
          changes.check();
          ServiceWait.of(dep.getValue())
              .await(runtime, dep.getKey(), started.getOrDefault(dep.getKey(), List.of()));
        }
        if (service.replicas() > 0) {
          progress.accept("starting " + service.replicas() + " × " + service.name());
        }
        started.put(service.name(), startReplicas(changes, name, service, configFile, run));
      }
      changes.check();
    } catch (RuntimeException e) {
      if (!run.cancellation().isCancelled()) {
        progress.accept("up failed; removing what it created");
        try {
          synchronized (removing) {
            runtime.remove(runLabels(name, run.id()), true);
          }
        } catch (RuntimeException ignored) {
          // the original failure is the one to report
        }
      }
      throw e;
    }
  }

  /** See {@link Engine#addReplicas}. */
  public List<String> addReplicas(
      ComposeProject project, String serviceName, List<Integer> numbers, Path configFile, Run run) {
    ServiceSpec service = project.service(serviceName);
    String name = project.name();
    Changes changes = new Changes();
    Object removing = new Object();
    Runnable removeThem =
        () -> {
          synchronized (removing) {
            for (int n : numbers) {
              runtime.remove(
                  Map.of(
                      Labels.SWARMLAB_PROJECT,
                      name,
                      Labels.SERVICE,
                      serviceName,
                      Labels.NUMBER,
                      Integer.toString(n)),
                  false);
            }
          }
        };
    run.cancellation()
        .onCancel(
            () -> {
              changes.stop();
              removeThem.run();
            });
    try {
      List<String> ids = startReplicas(changes, name, service, numbers, configFile, run);
      changes.check();
      return ids;
    } catch (RuntimeException e) {
      if (!run.cancellation().isCancelled()) {
        try {
          removeThem.run();
        } catch (RuntimeException ignored) {
          // the original failure is the one to report
        }
      }
      throw e;
    }
  }

  private List<String> startReplicas(
      Changes changes, String project, ServiceSpec service, Path configFile, Run run) {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i <= service.replicas(); i++) {
      numbers.add(i);
    }
    return startReplicas(changes, project, service, numbers, configFile, run);
  }

  private List<String> startReplicas(
      Changes changes,
      String project,
      ServiceSpec service,
      List<Integer> numbers,
      Path configFile,
      Run run) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(run.starts(), Math.max(1, numbers.size())), daemon("swarmlab-start"));
    List<Future<String>> futures = new ArrayList<>();
    try {
      for (int number : numbers) {
        futures.add(
            pool.submit(
                () ->
                    changes.make(
                        () -> runtime.start(project, service, number, configFile, run.id()))));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : futures) {
        ids.add(Futures.await(f));
      }
      return ids;
    } catch (RuntimeException e) {
      // Starts still queued would create containers after the clean-up has listed what to remove:
      // cancel them, and let those in flight finish (not interrupted: an abandoned request can
      // still leave the engine creating its container) so the clean-up sees them.
      futures.forEach(f -> f.cancel(false));
      pool.shutdown();
      try {
        pool.awaitTermination(2, TimeUnit.MINUTES);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw e;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The requests of one up that change the engine: counted while in flight, and refused once {@link
   * #stop} has been called, which waits for those in flight.
   */
  private static final class Changes {
    private boolean stopped;
    private int inFlight;

    synchronized void check() {
      if (stopped) {
        throw new LabFailedException("interrupted");
      }
    }

    <T> T make(java.util.function.Supplier<T> change) {
      synchronized (this) {
        check();
        inFlight++;
      }
      try {
        return change.get();
      } finally {
        synchronized (this) {
          inFlight--;
          notifyAll();
        }
      }
    }

    synchronized void stop() {
      stopped = true;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (inFlight > 0 && System.nanoTime() < deadline) {
        try {
          wait(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
