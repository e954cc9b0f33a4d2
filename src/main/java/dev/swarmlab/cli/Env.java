package dev.swarmlab.cli;

/**
 * Options whose default comes from an environment variable. Read here, not through picocli's {@code
 * ${env:...}} defaults, which would expand {@code ${...}} found inside the variable's value.
 */
final class Env {
  private Env() {}

  /**
   * {@code given} if the option was given, else the variable if set and not blank, else {@code
   * fallback}.
   */
  static String orDefault(String given, String variable, String fallback) {
    if (given != null) {
      return given;
    }
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? fallback : value;
  }
}
