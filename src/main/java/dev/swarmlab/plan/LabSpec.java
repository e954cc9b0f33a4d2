package dev.swarmlab.plan;

import dev.swarmlab.error.BadInputException;
import java.nio.file.Files;
import java.util.regex.Pattern;

/**
 * The lab as the user asked for it, validated on construction.
 *
 * @param project the compose project name; every container, network and volume carries it
 * @param seeders rtorrent peers that hold the payload from the start
 * @param leechers rtorrent peers that start with nothing
 * @param payload what the seeders share
 * @param debug whether the {@code debug} profile (the Flood web UI) is active
 * @param rates the rate limits each role's peers start with
 * @param shapedRoles the roles whose peers wait, before they start, for their link to be shaped
 * @param clients the client variant each role's peers run
 * @param startOrder which peers start first; null for {@link StartOrder#DEFAULT}
 */
public record LabSpec(
    String project,
    int seeders,
    int leechers,
    Payload payload,
    boolean debug,
    RateLimits rates,
    java.util.Set<String> shapedRoles,
    Clients clients,
    StartOrder startOrder) {

  /** How long a peer of a shaped role waits for its link before it starts as it is. */
  public static final int LINK_WAIT_SECONDS = 120;

  /** A lab whose peers start with {@code rates} and no link to wait for. */
  public LabSpec(
      String project, int seeders, int leechers, Payload payload, boolean debug, RateLimits rates) {
    this(
        project,
        seeders,
        leechers,
        payload,
        debug,
        rates,
        java.util.Set.of(),
        Clients.DEFAULT,
        null);
  }

  public static final String DEFAULT_PROJECT = "swarmlab";
  public static final int MAX_SEEDERS = 50;
  public static final int MAX_LEECHERS = 500;
  public static final long MAX_PAYLOAD_BYTES = 64L << 30;

  private static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** A lab whose peers start with no rate limits. */
  public LabSpec(String project, int seeders, int leechers, Payload payload, boolean debug) {
    this(project, seeders, leechers, payload, debug, RateLimits.NONE);
  }

  public LabSpec {
    requireProjectName(project);
    if (rates == null) {
      rates = RateLimits.NONE;
    }
    shapedRoles = shapedRoles == null ? java.util.Set.of() : java.util.Set.copyOf(shapedRoles);
    clients = clients == null ? Clients.DEFAULT : clients;
    if (leechers == 0) {
      startOrder = StartOrder.SEEDERS_FIRST; // nothing to start before the seeders
    }
    if (seeders < 1 || seeders > MAX_SEEDERS) {
      throw new BadInputException(
          "--seeders must be between 1 and " + MAX_SEEDERS + " (got " + seeders + ")");
    }
    if (leechers < 0 || leechers > MAX_LEECHERS) {
      throw new BadInputException(
          "--leechers must be between 0 and " + MAX_LEECHERS + " (got " + leechers + ")");
    }
    requireSharable(payload);
  }

  /**
   * Refuses a payload no lab can share: a generated one out of bounds, data that is not there or
   * cannot be read.
   */
  public static void requireSharable(Payload payload) {
    if (payload instanceof Payload.Generated g
        && (g.sizeBytes() < 1 || g.sizeBytes() > MAX_PAYLOAD_BYTES)) {
      throw new BadInputException(
          "--payload-size must be between 1B and 64GiB (got " + g.sizeBytes() + " bytes)");
    }
    if (payload instanceof Payload.UserData u) {
      if (!Files.exists(u.path())) {
        throw new BadInputException("--data: no such file or directory: " + u.path());
      }
      if (!Files.isReadable(u.path())) {
        throw new BadInputException("--data: cannot read " + u.path());
      }
    }
  }

  /** This lab, its peers of {@code roles} waiting to start until their link is shaped. */
  public LabSpec withShapedRoles(java.util.Set<String> roles) {
    return new LabSpec(
        project, seeders, leechers, payload, debug, rates, roles, clients, startOrder);
  }

  /** The order this lab's peers start in: as asked, or the default. */
  public StartOrder order() {
    return startOrder != null ? startOrder : StartOrder.DEFAULT;
  }

  /** This lab, its peers starting in {@code order}; null for the default. */
  public LabSpec withStartOrder(StartOrder order) {
    return new LabSpec(
        project, seeders, leechers, payload, debug, rates, shapedRoles, clients, order);
  }

  /** This lab, its peers running {@code variants}. */
  public LabSpec withClients(Clients variants) {
    return new LabSpec(
        project, seeders, leechers, payload, debug, rates, shapedRoles, variants, startOrder);
  }

  /** Checks a project name the way Docker Compose does, so Docker never rejects it later. */
  public static String requireProjectName(String project) {
    if (project == null || !PROJECT_NAME.matcher(project).matches()) {
      throw new BadInputException(
          "invalid project name '"
              + project
              + "': use lowercase letters, digits, '-' and '_', starting with a letter or digit");
    }
    return project;
  }
}
