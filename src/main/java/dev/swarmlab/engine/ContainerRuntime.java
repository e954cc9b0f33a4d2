package dev.swarmlab.engine;

import dev.swarmlab.compose.ServiceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The few operations on one engine's containers that applying a project needs. An engine implements
 * these; {@link ProjectApplier} does the rest (order, parallel starts, waits, roll back,
 * cancellation), the same for every engine.
 */
public interface ContainerRuntime {

  /** Creates network {@code name} unless it exists; true if this call created it. */
  boolean ensureNetwork(String name, Map<String, String> labels);

  /** Creates volume {@code name} unless it exists; true if this call created it. */
  boolean ensureVolume(String name, Map<String, String> labels);

  /**
   * Creates and starts replica {@code number} of {@code service} in {@code project}, labelled for
   * run {@code runId}; returns its id.
   */
  String start(String project, ServiceSpec service, int number, Path configFile, String runId);

  /** A container's state now. */
  State state(String id);

  /**
   * Waits up to {@code timeout} for a container to exit; its exit code, or empty on timeout.
   *
   * @throws dev.swarmlab.error.LabFailedException saying why, if the engine cannot tell
   */
  OptionalInt awaitExit(String id, Duration timeout);

  /** The last line a container printed, for error messages. */
  String lastLogLine(String id);

  /** Every container carrying all of {@code labels}, ordered by service and number. */
  List<ContainerInfo> list(Map<String, String> labels);

  /**
   * Does {@code action} to container {@code id}.
   *
   * @throws dev.swarmlab.error.LabFailedException if the container is gone, or not in a state the
   *     action applies to (killing one that is not running, pausing one that is paused...)
   */
  void act(String id, ContainerAction action);

  /** See {@link Engine#signal}. */
  void signal(String id, String signal);

  /** See {@link Engine#readFiles}. */
  java.util.Map<String, byte[]> readFiles(String id, String dir, String suffix, long maxBytes);

  /** See {@link Engine#exec}. */
  Helper.Result exec(String id, List<String> command, Duration timeout, int maxOutput);

  /** See {@link Engine#remove}. */
  void stopAndRemove(String id, Duration grace);

  /**
   * Runs {@code helper} to its end, labelled with {@code labels}, and removes it.
   *
   * @throws dev.swarmlab.error.LabFailedException if it cannot be run (the container it joins is
   *     gone or not running, its image is missing) or does not end within its timeout
   */
  Helper.Result runHelper(Helper helper, Map<String, String> labels);

  /** Removes every container and network carrying all of {@code labels}, and volumes if asked. */
  Engine.DownResult remove(Map<String, String> labels, boolean volumes);

  /**
   * A container's state.
   *
   * @param health {@code healthy}, {@code unhealthy}, {@code starting}, or {@code none} without a
   *     health check
   */
  record State(boolean running, long exitCode, String health) {}
}
