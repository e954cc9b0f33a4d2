package dev.swarmlab.plan;

import dev.swarmlab.error.BadInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which peers a lab starts first, after the tracker. The compose file says it (each peer service
 * {@code depends_on} the one started before it), so docker compose starts a lab in the same order.
 */
public enum StartOrder {
  /**
   * Seeders, then leechers: each leecher starts into a swarm that is already moving, and meets the
   * leechers started before it once they have pieces (the handshake's bitfield carries them).
   */
  SEEDERS_FIRST("seeders-first", LabContract.TRACKER, LabContract.SEEDER),

  /**
   * Leechers, then seeders: the leechers start on a quiet machine, meet each other empty, and the
   * transfer begins when the seeders come. Leechers learn of each other's new pieces only from HAVE
   * messages, which only {@link Client#RTORRENT_HAVE_NOW} sends at once.
   */
  LEECHERS_FIRST("leechers-first", LabContract.LEECHER, LabContract.TRACKER);

  private final String id;
  private final String seederAfter;
  private final String leecherAfter;

  StartOrder(String id, String seederAfter, String leecherAfter) {
    this.id = id;
    this.seederAfter = seederAfter;
    this.leecherAfter = leecherAfter;
  }

  /** Its name on the command line and in run records: {@code leechers-first}. */
  public String id() {
    return id;
  }

  /** The service peers of {@code role} start after. */
  public String after(String role) {
    return LabContract.SEEDER.equals(role) ? seederAfter : leecherAfter;
  }

  @Override
  public String toString() {
    return id;
  }

  /** Every order's name, for help and errors. */
  public static String names() {
    return Arrays.stream(values()).map(StartOrder::id).collect(Collectors.joining(", "));
  }

  /** The order named {@code id}, or a one-line error naming {@code option} and the choices. */
  public static StartOrder of(String id, String option) {
    for (StartOrder o : values()) {
      if (o.id.equals(id)) {
        return o;
      }
    }
    throw new BadInputException(
        option + ": unknown start order '" + id + "'; choose one of " + names());
  }

  /**
   * The order a lab starts in unless told: the fastest measured, seeders first, for both clients
   * (bench/README.md, 13.: at 100 leechers, starting the leechers on a quiet machine got them
   * running sooner, but their transfer then took longer than the whole of a seeders-first lab).
   */
  public static final StartOrder DEFAULT = SEEDERS_FIRST;
}
