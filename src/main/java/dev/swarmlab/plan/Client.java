package dev.swarmlab.plan;

import dev.swarmlab.error.BadInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The BitTorrent client a peer runs: a variant of rtorrent, each its own image (a target of {@code
 * docker/rtorrent/Dockerfile}, named as the variant). Peers of both variants speak the same
 * protocol, take the same configuration and are watched the same way; a lab may mix them.
 */
public enum Client {
  /** Debian's rtorrent 0.9.8 and libtorrent 0.13.8, as packaged: the default. */
  RTORRENT("rtorrent"),

  /**
   * The same, with libtorrent rebuilt from Debian's source plus {@code send-have-promptly.patch}: a
   * piece that passes its hash check is announced to every connected peer at once, where stock
   * libtorrent waits for its next write to that peer (up to the 2-minute keepalive).
   */
  RTORRENT_HAVE_NOW("rtorrent-have-now");

  /** The client a peer runs unless told otherwise. */
  public static final Client DEFAULT = RTORRENT;

  private final String id;

  Client(String id) {
    this.id = id;
  }

  /** Its name on the command line, in labels, JSON and reports: {@code rtorrent-have-now}. */
  public String id() {
    return id;
  }

  /** The image it runs, by the name templates know it as ({@link LabContract#IMAGES}). */
  public String image() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }

  /** Every variant's name, for help and errors: {@code rtorrent, rtorrent-have-now}. */
  public static String names() {
    return Arrays.stream(values()).map(Client::id).collect(Collectors.joining(", "));
  }

  /** The variant named {@code id}, or a one-line error naming {@code option} and the choices. */
  public static Client of(String id, String option) {
    for (Client c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    throw new BadInputException(option + ": unknown client '" + id + "'; choose one of " + names());
  }

  /** The variant named {@code id}; the default for a missing or unknown one (an older lab). */
  public static Client orDefault(String id) {
    for (Client c : values()) {
      if (c.id.equals(id)) {
        return c;
      }
    }
    return DEFAULT;
  }
}
