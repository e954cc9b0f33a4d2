package dev.swarmlab.cli;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.EngineUnavailableException;

/** swarmlab's exit codes, in one place. */
public final class ExitCodes {
  public static final int OK = 0;

  /** The lab failed, or {@code --wait} timed out. */
  public static final int FAILURE = 1;

  /** Bad usage or input. */
  public static final int USAGE = 2;

  /** No container engine reachable. */
  public static final int NO_ENGINE = 3;

  private ExitCodes() {}

  /** The exit code for an error that ended a command. */
  static int of(Throwable e) {
    if (e instanceof BadInputException) {
      return USAGE;
    }
    if (e instanceof EngineUnavailableException) {
      return NO_ENGINE;
    }
    return FAILURE;
  }
}
