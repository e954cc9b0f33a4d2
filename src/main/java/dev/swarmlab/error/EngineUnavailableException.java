package dev.swarmlab.error;

/** No container engine answered where swarmlab looked. */
public final class EngineUnavailableException extends SwarmlabException {
  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
