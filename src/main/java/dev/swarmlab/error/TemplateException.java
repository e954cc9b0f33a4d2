package dev.swarmlab.error;

/**
 * A compose template that cannot be read or that says something swarmlab does not support. The
 * templates are packaged with swarmlab, so this is a failure (exit 1), not the user's bad input.
 */
public final class TemplateException extends SwarmlabException {
  public TemplateException(String message) {
    super(message, null);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
