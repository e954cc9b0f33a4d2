package dev.swarmlab.plan;

/**
 * What the compose templates, the images, the lab and the monitor agree on: where a lab's control
 * sockets live, how each is named, and which user the containers run as.
 */
public final class LabContract {

  /**
   * Where peers (and Flood) see the lab's control directory, a host directory that only the lab's
   * user can open. Each rtorrent opens its SCGI there as a unix socket: never on a network.
   */
  public static final String CONTROL_MOUNT = "/run/swarmlab";

  /** The host directory, under the lab's own directory, that is mounted at {@link #CONTROL_MOUNT}. */
  public static final String CONTROL_DIR = "peers";

  /** The file, under the lab's own directory, holding the Flood password made at {@code up}. */
  public static final String FLOOD_PASSWORD_FILE = "flood-password";

  /** The Flood user that {@code up --debug} registers. */
  public static final String FLOOD_USER = "swarmlab";

  /** The unprivileged user the images run as; the lab's user when swarmlab itself runs as root. */
  public static final int IMAGE_UID = 10001;

  public static final int IMAGE_GID = 10001;

  private LabContract() {}

  /**
   * The name of the SCGI socket of the peer whose address on the lab's network is {@code address}
   * (see {@code docker/rtorrent/entrypoint.sh}).
   */
  public static String socketName(String address) {
    return address + ".sock";
  }
}
