package dev.swarmlab.engine.docker;

import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.ContainerRuntime;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.EngineHost;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.engine.RuntimeEngine;
import dev.swarmlab.error.EngineUnavailableException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@link Engine} on the Docker Engine API, through docker-java: a façade over its parts — {@link
 * DockerHosts} finds the engine, {@link DockerApi} talks to it, {@link ImageBuilder} builds images,
 * {@link DockerContainers} (with {@link ContainerRequest} and {@link ContainerListing}) handles
 * containers; applying, listing and removing a project are {@link RuntimeEngine}'s.
 */
public final class DockerEngine extends RuntimeEngine {

  /** Images built and containers removed at once; more only queue up in the engine. */
  private static final int BUILDS_AND_REMOVALS_AT_ONCE = 8;

  private final DockerApi api;
  private final ExecutorService pool;
  private final ImageBuilder images;
  private final DockerContainers containers;
  private EngineHost host; // asked once: up checks it and the capacity from it

  private DockerEngine(DockerApi api) {
    this.api = api;
    this.pool =
        Executors.newFixedThreadPool(
            BUILDS_AND_REMOVALS_AT_ONCE,
            r -> {
              Thread t = new Thread(r, "swarmlab-engine");
              t.setDaemon(true);
              return t;
            });
    this.images = new ImageBuilder(api, pool);
    this.containers = new DockerContainers(api, pool);
  }

  /**
   * Connects to the engine that {@code DOCKER_HOST}, docker-java's settings, the docker context or
   * the default socket names (see {@link DockerHosts}) and checks that it answers.
   *
   * @throws EngineUnavailableException naming every place it looked, if no engine answers
   */
  public static DockerEngine connect() {
    return new DockerEngine(
        DockerApi.connect(
            DockerHosts.Environment.current(), BUILDS_AND_REMOVALS_AT_ONCE + MAX_PARALLEL_STARTS));
  }

  /**
   * Loads and initialises what {@link #connect} needs without contacting the engine, so that a
   * command can have it done on another thread while it reads its arguments (see {@link
   * DockerApi#preload}).
   */
  public static void preload() {
    DockerApi.preload();
  }

  @Override
  public boolean onThisMachine() {
    return "unix".equals(api.host().getScheme());
  }

  @Override
  public synchronized EngineHost host() {
    if (host == null) {
      host = api.hostFacts();
    }
    return host;
  }

  @Override
  public void prepareImages(
      List<ImageSource> sources, BuildOptions options, Consumer<String> progress) {
    images.prepare(sources, options, progress);
  }

  @Override
  protected ContainerRuntime runtime() {
    return containers;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    api.close();
  }
}
