package dev.swarmlab.engine;

import java.util.Map;
import java.util.Optional;

/**
 * One container of a lab, as the engine reports it.
 *
 * @param state the engine's word: {@code running}, {@code exited}, {@code created}...
 * @param published host port per published container port (TCP), on 127.0.0.1
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
    String ipAddress,
    long createdAt) {

  public ContainerInfo {
    labels = Map.copyOf(labels);
    published = Map.copyOf(published);
  }

  public boolean running() {
    return "running".equals(state);
  }

  /** The host port that {@code containerPort} is published on, if it is. */
  public Optional<Integer> hostPort(int containerPort) {
    return Optional.ofNullable(published.get(containerPort));
  }
}
