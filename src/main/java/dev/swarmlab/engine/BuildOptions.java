package dev.swarmlab.engine;

/**
 * How swarmlab's images are built.
 *
 * @param baseImage the {@code BASE_IMAGE} build argument: the image every Dockerfile starts FROM
 * @param extraCaCertificates PEM certificates trusted during builds that fetch over HTTPS (for a
 *     TLS-intercepting proxy); empty for none
 */
public record BuildOptions(String baseImage, byte[] extraCaCertificates) {
  public static final String DEFAULT_BASE_IMAGE = "debian:bookworm-slim";

  public BuildOptions {
    extraCaCertificates = extraCaCertificates.clone();
  }

  @Override
  public byte[] extraCaCertificates() {
    return extraCaCertificates.clone();
  }
}
