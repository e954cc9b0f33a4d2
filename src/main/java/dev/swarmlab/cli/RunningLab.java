package dev.swarmlab.cli;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.monitor.SwarmMonitor;
import java.util.List;

/**
 * Finding a lab that runs, for the commands that talk to or act on its peers, and their failures.
 */
final class RunningLab {
  private RunningLab() {}

  /**
   * The containers of lab {@code name}, once it has peers and their sockets are on this machine.
   *
   * @throws BadInputException if no such lab is up, or its sockets cannot be opened from here
   */
  static List<ContainerInfo> containers(SwarmMonitor monitor, String name) {
    List<ContainerInfo> containers = monitor.containers(name);
    if (SwarmMonitor.peers(containers).isEmpty()) {
      throw new BadInputException(
          "no lab named '" + name + "' is up; start one with 'swarmlab up'");
    }
    monitor.controlDir(containers); // refuses a lab whose sockets this machine cannot open
    return containers;
  }

  /**
   * Fails, in one line, when any of {@code of} peers acted on failed.
   *
   * @param what what did not happen, e.g. "could not kill"
   * @param failed "PEER: why" of each peer it failed on
   * @throws dev.swarmlab.error.LabFailedException if {@code failed} is not empty
   */
  static void failIfAny(String what, List<String> failed, int of) {
    if (!failed.isEmpty()) {
      throw new dev.swarmlab.error.LabFailedException(
          what + " " + failed.size() + " of " + of + ": " + String.join("; ", failed));
    }
  }
}
