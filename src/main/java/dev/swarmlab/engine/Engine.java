package dev.swarmlab.engine;

import dev.swarmlab.compose.ComposeProject;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/** A container engine that runs labs. Implementations find everything they made by label. */
public interface Engine extends AutoCloseable {

  /** The most containers {@link #up} creates and starts at once. */
  int MAX_STARTS_AT_ONCE = 64;

  /** Builds each image whose tag is missing; an image that is already there is left alone. */
  void prepareImages(List<ImageSource> images, BuildOptions options, Consumer<String> progress);

  /**
   * Refuses, before anything is created, a lab of {@code seeders} and {@code leechers} that this
   * engine's host cannot network (see {@link NeighbourTable}) or whose downloads of
   * {@code payloadBytes} each do not fit its disk (see {@link DiskSpace}). Engines that cannot see
   * their host's limits accept every size.
   */
  void checkCapacity(int seeders, int leechers, long payloadBytes);

  /**
   * Whether the engine is reached on a unix socket of this machine, so that the host paths it
   * bind-mounts are this machine's paths (known without asking the engine).
   */
  boolean onThisMachine();

  /** What the engine says about the machine it runs on (one request to the engine). */
  EngineHost host();

  /**
   * Creates and starts the services of {@code project} enabled by {@code profiles}, in dependency
   * order, and returns once every dependency condition has been met and every container started.
   * If anything fails, everything this call created is removed before the exception propagates.
   *
   * @param configFile the compose file {@code project} was read from, recorded in labels
   * @param startsAtOnce how many containers to create and start at once; empty for the engine's
   *     default
   * @param runId labels everything this call creates, so that exactly that can be removed
   */
  void up(
      ComposeProject project, Set<String> profiles, Path configFile, OptionalInt startsAtOnce, String runId,
      Consumer<String> progress);

  /**
   * Ends an {@link #up} of run {@code runId} that is still going (on another thread, as when the
   * user presses Ctrl-C): nothing more is created, the requests already sent are waited for, then
   * everything labelled with the run is removed, volumes included. Objects of other runs, of this
   * project or any other, are left alone.
   */
  DownResult abandon(String project, String runId);

  /** Every container of {@code project}, running or not, ordered by service and number. */
  List<ContainerInfo> list(String project);

  /** Removes every container and network of {@code project}, and its volumes if asked. */
  DownResult down(String project, boolean volumes);

  @Override
  void close();

  /** What {@link #down} removed. */
  record DownResult(int containers, int networks, int volumes) {
    public boolean nothing() {
      return containers + networks + volumes == 0;
    }
  }
}
