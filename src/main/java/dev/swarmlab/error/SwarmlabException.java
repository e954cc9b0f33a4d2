package dev.swarmlab.error;

/**
 * Every error swarmlab reports to its user. Each subtype maps to one exit code in the CLI, and its
 * message is a single line that says what went wrong and, where there is one, what to do.
 */
public abstract sealed class SwarmlabException extends RuntimeException
    permits BadInputException, EngineUnavailableException, LabFailedException, TemplateException {

  protected SwarmlabException(String message, Throwable cause) {
    super(message, cause);
  }
}
