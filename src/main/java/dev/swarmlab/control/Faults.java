package dev.swarmlab.control;

import dev.swarmlab.engine.ContainerAction;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.SwarmMonitor;
import java.util.ArrayList;
import java.util.List;

/**
 * Faults on purpose: peers killed (as on a crash), restarted (the same container, so a leecher
 * keeps what it had downloaded and checks it again), paused or unpaused, through the engine.
 */
public final class Faults {
  private Faults() {}

  /** What became of one peer: its state after, or why the action failed. */
  public record Result(String peer, String state, String error) {}

  /** Does {@code action} to each of {@code peers} in turn; then lists their states. */
  public static List<Result> apply(
      Engine engine, String project, List<ContainerInfo> peers, ContainerAction action) {
    List<String> errors = new ArrayList<>();
    for (ContainerInfo c : peers) {
      try {
        engine.act(c.id(), action);
        errors.add(null);
      } catch (LabFailedException e) {
        errors.add(e.getMessage());
      }
    }
    List<ContainerInfo> after = engine.list(project);
    List<Result> out = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      ContainerInfo before = peers.get(i);
      String state =
          after.stream()
              .filter(c -> c.id().equals(before.id()))
              .map(ContainerInfo::state)
              .findFirst()
              .orElse("gone");
      out.add(new Result(SwarmMonitor.peerName(before), state, errors.get(i)));
    }
    return out;
  }
}
