package dev.swarmlab.cli;

import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.Client;
import dev.swarmlab.plan.Clients;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.plan.RateLimits;
import dev.swarmlab.plan.StartOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that shape a lab, shared by {@code up} and {@code render}. */
public final class LabOptions {
  @Option(
      names = "--seeders",
      paramLabel = "N",
      defaultValue = "2",
      description = "Seeders: peers that start with the payload (default: ${DEFAULT-VALUE}).")
  int seeders;

  @Option(
      names = "--leechers",
      paramLabel = "N",
      defaultValue = "10",
      description = "Leechers: peers that start with nothing (default: ${DEFAULT-VALUE}).")
  int leechers;

  @Option(
      names = "--data",
      paramLabel = "PATH",
      description =
          "Share this file or directory (read-only) instead of a generated payload: one torrent per top-level file and directory.")
  Path data;

  @Option(
      names = "--payload-size",
      paramLabel = "SIZE",
      defaultValue = "64MiB",
      description = "Size of the generated payload's big file (default: ${DEFAULT-VALUE}).")
  String payloadSize;

  @Option(
      names = "--seeder-up-rate",
      paramLabel = "RATE",
      description = "Seeders' upload limit, per seeder (512KiB, 2MiB; default: none).")
  String seederUpRate;

  @Option(
      names = "--seeder-down-rate",
      paramLabel = "RATE",
      description = "Seeders' download limit, per seeder (default: none).")
  String seederDownRate;

  @Option(
      names = "--leecher-up-rate",
      paramLabel = "RATE",
      description = "Leechers' upload limit, per leecher (default: none).")
  String leecherUpRate;

  @Option(
      names = "--leecher-down-rate",
      paramLabel = "RATE",
      description = "Leechers' download limit, per leecher (default: none).")
  String leecherDownRate;

  @Option(
      names = "--client",
      paramLabel = "CLIENT",
      description =
          "The client every peer runs: rtorrent (Debian's, unchanged; the default) or rtorrent-have-now (libtorrent patched to announce each new piece at once).")
  String client;

  @Option(
      names = "--seeder-client",
      paramLabel = "CLIENT",
      description = "The client the seeders run (default: --client).")
  String seederClient;

  @Option(
      names = "--leecher-client",
      paramLabel = "CLIENT",
      description = "The client the leechers run (default: --client).")
  String leecherClient;

  @Option(
      names = "--start-order",
      paramLabel = "ORDER",
      description =
          "Which peers start first after the tracker: seeders-first or leechers-first (default: the fastest measured for the leechers' client, see README).")
  String startOrder;

  @Option(
      names = "--debug",
      description =
          "Also start the Flood web UI (the '"
              + LabContract.DEBUG_PROFILE
              + "' profile) on "
              + LabContract.FLOOD_URL
              + ".")
  boolean debug;

  @Option(
      names = "--base-image",
      paramLabel = "IMAGE",
      description =
          "Image the lab's images are built FROM (default: "
              + BuildOptions.DEFAULT_BASE_IMAGE
              + "; env SWARMLAB_BASE_IMAGE).")
  String baseImage;

  @Option(
      names = "--ca-certs",
      paramLabel = "FILE",
      description =
          "PEM file of CA certificates trusted while building images that fetch over HTTPS (default: this machine's own bundle, "
              + HOST_CA_BUNDLE
              + ", when it exists; env SWARMLAB_BUILD_CA_CERTS; 'none' for none).")
  String caCerts;

  /** Where Debian and Ubuntu keep the CA certificates this machine trusts. */
  static final String HOST_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

  LabSpec spec(String project) {
    Payload payload =
        data != null
            ? new Payload.UserData(data)
            : new Payload.Generated(Quantities.parseSize(payloadSize, "--payload-size"));
    RateLimits rates =
        new RateLimits(
            rate(seederUpRate, "--seeder-up-rate"),
            rate(seederDownRate, "--seeder-down-rate"),
            rate(leecherUpRate, "--leecher-up-rate"),
            rate(leecherDownRate, "--leecher-down-rate"));
    Client all = client == null ? Client.DEFAULT : Client.of(client, "--client");
    Clients clients =
        new Clients(
            seederClient == null ? all : Client.of(seederClient, "--seeder-client"),
            leecherClient == null ? all : Client.of(leecherClient, "--leecher-client"));
    return new LabSpec(project, seeders, leechers, payload, debug, rates)
        .withClients(clients)
        .withStartOrder(startOrder == null ? null : StartOrder.of(startOrder, "--start-order"));
  }

  private static long rate(String text, String option) {
    return text == null ? 0 : Quantities.parseRate(text, option);
  }

  BuildOptions build() {
    String base = Env.orDefault(baseImage, "SWARMLAB_BASE_IMAGE", BuildOptions.DEFAULT_BASE_IMAGE);
    String ca = Env.orDefault(caCerts, "SWARMLAB_BUILD_CA_CERTS", "");
    String option = caCerts != null ? "--ca-certs" : "SWARMLAB_BUILD_CA_CERTS";
    if (ca.isEmpty()) {
      // Image builds trust what this machine trusts: behind a TLS-intercepting proxy, that is
      // what makes HTTPS in a build work at all.
      return new BuildOptions(
          base,
          Files.isReadable(Path.of(HOST_CA_BUNDLE))
              ? read(Path.of(HOST_CA_BUNDLE), option)
              : new byte[0]);
    }
    if (ca.equals("none")) {
      return new BuildOptions(base, new byte[0]);
    }
    return new BuildOptions(base, read(Path.of(ca), option));
  }

  private static byte[] read(Path file, String option) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadInputException(option + ": cannot read " + file);
    }
  }
}
