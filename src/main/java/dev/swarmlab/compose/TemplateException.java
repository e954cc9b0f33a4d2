package dev.swarmlab.compose;

/** A compose template that cannot be read or that says something swarmlab does not support. */
public class TemplateException extends RuntimeException {
  public TemplateException(String message) {
    super(message);
  }

  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
