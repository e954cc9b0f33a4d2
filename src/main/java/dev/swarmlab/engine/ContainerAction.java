package dev.swarmlab.engine;

/** What can be done to one running container of a lab, on purpose. */
public enum ContainerAction {
  /** SIGKILL: it stops at once, as on a crash; it stays, exited, until {@code down}. */
  KILL,
  /**
   * Stopped (if running) and started again: the same container with the same files; the engine may
   * give it another address.
   */
  RESTART,
  /** Frozen (cgroup freezer): it holds its connections but does nothing. */
  PAUSE,
  /** Thawed after {@link #PAUSE}. */
  UNPAUSE;

  /** The word a user types for it. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
