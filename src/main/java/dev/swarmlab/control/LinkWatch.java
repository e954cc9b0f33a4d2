package dev.swarmlab.control;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.plan.LinkConditions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * While a lab starts, shapes each peer of a shaped role as soon as it runs: its container waits,
 * before rtorrent starts, until its network namespace is shaped ({@link Links#releaseCommands}), so
 * no byte moves over a link before it has its conditions.
 */
public final class LinkWatch implements AutoCloseable {
  /** How often the lab's containers are listed while it starts. */
  static final long POLL_MILLIS = 200;

  private final Engine engine;
  private final String project;
  private final Map<String, LinkConditions> byRole;
  private final Links links;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final Set<String> seen = new HashSet<>();
  private final List<Future<List<Links.Result>>> asked = new ArrayList<>();
  private final Thread watcher;
  private volatile boolean stopped;

  /** Starts watching lab {@code project} for peers of the roles of {@code byRole}. */
  public LinkWatch(Engine engine, String project, Map<String, LinkConditions> byRole) {
    this.engine = engine;
    this.project = project;
    this.byRole = Map.copyOf(byRole);
    this.links = new Links(engine, project);
    this.watcher =
        new Thread(
            () -> {
              while (!stopped) {
                try {
                  pass();
                  Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the engine did not answer this time: the next pass, or finish, tries again
                }
              }
            },
            "swarmlab-link-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /** Shapes each running peer of a shaped role not asked for yet. */
  private synchronized void pass() {
    for (ContainerInfo c : engine.list(project)) {
      LinkConditions link = byRole.get(c.service());
      if (link != null && c.running() && c.ipAddress() != null && seen.add(c.id())) {
        asked.add(pool.submit(() -> links.apply(List.of(c), link)));
      }
    }
  }

  /**
   * Stops watching, shapes the peers of shaped roles not seen yet, and waits for every one.
   *
   * @return what became of each peer's link
   */
  public List<Links.Result> finish() throws InterruptedException {
    stopped = true;
    watcher.interrupt();
    watcher.join();
    pass();
    List<Links.Result> out = new ArrayList<>();
    for (Future<List<Links.Result>> f : asked) {
      try {
        out.addAll(f.get());
      } catch (ExecutionException e) {
        out.add(new Links.Result("?", null, String.valueOf(e.getCause().getMessage())));
      }
    }
    return out;
  }

  @Override
  public void close() {
    stopped = true;
    watcher.interrupt();
    pool.shutdownNow();
  }
}
