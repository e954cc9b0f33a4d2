package dev.swarmlab.error;

/**
 * The user asked for something that cannot be done as asked: a bad option value, a missing path.
 */
public final class BadInputException extends SwarmlabException {
  public BadInputException(String message) {
    super(message, null);
  }
}
