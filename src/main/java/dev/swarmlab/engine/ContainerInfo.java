package dev.swarmlab.engine;

import java.util.Map;
import java.util.Optional;

/**
 * One container of a lab, as the engine reports it.
 *
 * @param state the engine's word: {@code running}, {@code exited}, {@code created}...
 * @param published host port per published container port (TCP), on 127.0.0.1
 * @param mounts host path per container path, for its bind mounts
 * @param ipAddress its address on the lab's network; null when it has none (not running)
 * @param createdAt when it was created, in seconds since the epoch
 */
public record ContainerInfo(
    String id,
    String name,
    String service,
    int number,
    String state,
    Map<String, String> labels,
    Map<Integer, Integer> published,
    Map<String, String> mounts,
    String ipAddress,
    long createdAt) {

  public ContainerInfo {
    labels = Map.copyOf(labels);
    published = Map.copyOf(published);
    mounts = Map.copyOf(mounts);
  }

  public boolean running() {
    return "running".equals(state);
  }

  /** The host port that {@code containerPort} is published on, if it is. */
  public Optional<Integer> hostPort(int containerPort) {
    return Optional.ofNullable(published.get(containerPort));
  }

  /** The host path bind-mounted at {@code containerPath}, if one is. */
  public Optional<String> mountSource(String containerPath) {
    return Optional.ofNullable(mounts.get(containerPath));
  }
}
