package dev.swarmlab.cli;

import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import dev.swarmlab.plan.Quantities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that shape a lab, shared by {@code up} and {@code render}. */
public final class LabOptions {
  @Option(names = "--seeders", paramLabel = "N", defaultValue = "2", description = "Seeders: peers that start with the payload (default: ${DEFAULT-VALUE}).")
  int seeders;

  @Option(names = "--leechers", paramLabel = "N", defaultValue = "10", description = "Leechers: peers that start with nothing (default: ${DEFAULT-VALUE}).")
  int leechers;

  @Option(names = "--data", paramLabel = "PATH", description = "Share this file or directory (read-only) instead of a generated payload: one torrent per top-level file and directory.")
  Path data;

  @Option(names = "--payload-size", paramLabel = "SIZE", defaultValue = "64MiB", description = "Size of the generated payload's big file (default: ${DEFAULT-VALUE}).")
  String payloadSize;

  @Option(names = "--debug", description = "Also start the Flood web UI (the 'debug' profile) on http://127.0.0.1:3000.")
  boolean debug;

  @Option(names = "--base-image", paramLabel = "IMAGE", defaultValue = "${env:SWARMLAB_BASE_IMAGE:-" + BuildOptions.DEFAULT_BASE_IMAGE + "}", description = "Image the lab's images are built FROM (default: ${DEFAULT-VALUE}; env SWARMLAB_BASE_IMAGE).")
  String baseImage;

  @Option(names = "--ca-certs", paramLabel = "FILE", defaultValue = "${env:SWARMLAB_BUILD_CA_CERTS}", description = "PEM file of extra CA certificates to trust while building images (for a TLS-intercepting proxy; env SWARMLAB_BUILD_CA_CERTS).")
  Path caCerts;

  LabSpec spec(String project) {
    Payload payload =
        data != null
            ? new Payload.UserData(data)
            : new Payload.Generated(Quantities.parseSize(payloadSize, "--payload-size"));
    return new LabSpec(project, seeders, leechers, payload, debug);
  }

  BuildOptions build() {
    byte[] ca = new byte[0];
    if (caCerts != null) {
      try {
        ca = Files.readAllBytes(caCerts);
      } catch (IOException e) {
        throw new BadInputException("--ca-certs: cannot read " + caCerts);
      }
    }
    return new BuildOptions(baseImage, ca);
  }
}
