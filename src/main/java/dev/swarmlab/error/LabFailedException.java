package dev.swarmlab.error;

/** The lab could not be brought to the state asked for: a failed build, a failed job, a timeout. */
public final class LabFailedException extends SwarmlabException {
  public LabFailedException(String message) {
    super(message, null);
  }

  public LabFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
