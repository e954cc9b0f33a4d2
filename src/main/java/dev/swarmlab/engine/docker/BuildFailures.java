package dev.swarmlab.engine.docker;

import java.util.Locale;

/** Reading the reason an image build failed. */
final class BuildFailures {
  private static final int MAX_REASON = 300;

  private BuildFailures() {}

  /**
   * Whether {@code reason} says a TLS certificate was not trusted (npm, apt, curl and Node's words
   * for it).
   */
  static boolean isCertificateProblem(String reason) {
    String r = reason.toLowerCase(Locale.ROOT);
    return r.contains("self_signed_cert")
        || r.contains("self-signed certificate")
        || r.contains("unable_to_get_issuer_cert")
        || r.contains("unable to get local issuer certificate")
        || r.contains("certificate verify failed")
        || r.contains("cert_untrusted")
        || r.contains("certificate is not trusted");
  }

  /** {@code reason} cut to a length that fits a one-line error. */
  static String cut(String reason) {
    String line = reason.strip().lines().findFirst().orElse("").strip();
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
  }
}
