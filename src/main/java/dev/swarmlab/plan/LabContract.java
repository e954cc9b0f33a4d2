package dev.swarmlab.plan;

import java.util.List;

/**
 * What the compose templates, the images, the lab and the monitor agree on: the services and their
 * roles, swarmlab's labels, the ports, the paths inside the containers, where a lab's control
 * sockets live and how each is named, and which user the containers run as. The templates of {@code
 * compose-templates/} and the images of {@code docker/} spell these out as YAML and shell; {@code
 * LabContractTest} fails when they and this class disagree.
 */
public final class LabContract {

  // Services, in the order they start (compose-templates/project.yml). A peer's role is its
  // service.

  /** The one-shot job that makes the torrents and the tracker's whitelist. */
  public static final String MKTORRENT = "mktorrent";

  /** opentracker, the only way peers meet. */
  public static final String TRACKER = "tracker";

  /** rtorrent peers that hold the payload from the start. */
  public static final String SEEDER = "seeder";

  /** rtorrent peers that start with nothing and download the payload. */
  public static final String LEECHER = "leecher";

  /** The Flood web UI, only in the {@link #DEBUG_PROFILE} profile. */
  public static final String FLOOD = "flood";

  /** Every service of a lab, in start order. */
  public static final List<String> SERVICES = List.of(MKTORRENT, TRACKER, SEEDER, LEECHER, FLOOD);

  /** The services whose containers are rtorrent peers: seeders first. */
  public static final List<String> PEERS = List.of(SEEDER, LEECHER);

  /** The compose profile of the services that only {@code up --debug} starts. */
  public static final String DEBUG_PROFILE = "debug";

  /** The images of {@code docker/}, by the name templates know them as ({@code images.NAME}). */
  public static final List<String> IMAGES =
      List.of("tracker", "mktorrent", "rtorrent", "rtorrent-have-now", "flood");

  /**
   * The context in {@code docker/} that image {@code name} is built from: the peers' images (one
   * per {@link Client}) are stages of one Dockerfile, named as the image; the others have their
   * own.
   */
  public static String imageContext(String name) {
    return isPeerImage(name) ? "rtorrent" : name;
  }

  /** Whether image {@code name} is one a peer runs: a {@link Client}'s. */
  public static boolean isPeerImage(String name) {
    return java.util.Arrays.stream(Client.values()).anyMatch(c -> c.image().equals(name));
  }

  // Labels: swarmlab's own, beside docker compose's.

  /** The label that marks what swarmlab made, valued with the lab's project name. */
  public static final String PROJECT_LABEL = "swarmlab.project";

  /** Which {@code up} created it: a failed or interrupted up removes exactly what it made. */
  public static final String RUN_LABEL = "swarmlab.run";

  /** The image name ({@link #IMAGES}) on each image swarmlab builds. */
  public static final String IMAGE_LABEL = "swarmlab.image";

  /** A peer's role, {@link #SEEDER} or {@link #LEECHER}. */
  public static final String ROLE_LABEL = "swarmlab.role";

  /** On a peer: the client variant it runs ({@link Client#id}); absent on an older lab's peers. */
  public static final String CLIENT_LABEL = "swarmlab.client";

  /** On a peer: how many torrents the lab shares (after a rerun, {@link #rerunShared} says). */
  public static final String TORRENTS_LABEL = "swarmlab.torrents";

  /** On a peer: the total size of the payload, in bytes (after a rerun, {@link #rerunShared}). */
  public static final String PAYLOAD_BYTES_LABEL = "swarmlab.payload-bytes";

  /**
   * On a peer: the version of the rerun protocol ({@link #RERUN_FILE}) its entrypoint speaks,
   * {@link #RERUN_PROTOCOL}; absent on the peers of a lab an older swarmlab started.
   */
  public static final String RERUN_PROTOCOL_LABEL = "swarmlab.rerun-protocol";

  /**
   * The rerun protocol this swarmlab and its entrypoint speak; a change to what either reads of the
   * other ({@code docker/rtorrent/entrypoint.sh}) is a new version, in the peer templates too.
   */
  public static final String RERUN_PROTOCOL = "4";

  /**
   * The signal on which the tracker's entrypoint ({@code docker/tracker/entrypoint.sh}) starts its
   * opentracker again, knowing no peer and no download: a rerun's fresh tracker in milliseconds,
   * where restarting the container sets its network up again.
   */
  public static final String TRACKER_AFRESH_SIGNAL = "USR1";

  /**
   * On a peer whose link swarmlab shapes before it starts: how many seconds it waits for that (as
   * its environment's {@code SWARMLAB_LINK_WAIT}); 0 or absent if it does not wait.
   */
  public static final String LINK_WAIT_LABEL = "swarmlab.link-wait";

  // Ports, inside the containers.

  /** The tracker's HTTP (and UDP) port; published on an ephemeral port of the host's loopback. */
  public static final int TRACKER_PORT = 6969;

  /** BitTorrent's port of every peer, on the lab's network only. */
  public static final int PEER_PORT = 6881;

  /** Flood's web UI, published on the same port of the host's loopback. */
  public static final int FLOOD_PORT = 3000;

  /** Where {@code up --debug} tells the user to find Flood. */
  public static final String FLOOD_URL = "http://127.0.0.1:" + FLOOD_PORT;

  // Paths inside the containers.

  /**
   * Where peers (and Flood) see the lab's control directory, a host directory that only the lab's
   * user can open. Each rtorrent opens its SCGI there as a unix socket: never on a network.
   */
  public static final String CONTROL_MOUNT = "/run/swarmlab";

  /** Where the payload is mounted, read-only, for the mktorrent job and the seeders. */
  public static final String PAYLOAD_MOUNT = "/data";

  /** Where the torrents volume is mounted: the torrents and the tracker's whitelist. */
  public static final String TORRENTS_MOUNT = "/torrents";

  /** Where leechers download the payload to. */
  public static final String DOWNLOADS_DIR = "/downloads";

  /** rtorrent's session directory. */
  public static final String SESSION_DIR = "/session";

  /** Where Flood reads its user's password from. */
  public static final String FLOOD_PASSWORD_MOUNT = "/run/secrets/flood-password";

  /** The command of the peers' health check, installed by the rtorrent image. */
  public static final String HEALTH_COMMAND = "swarmlab-health";

  // Files of the lab's own directory on the host.

  /**
   * The host directory, under the lab's own directory, that is mounted at {@link #CONTROL_MOUNT}.
   */
  public static final String CONTROL_DIR = "peers";

  /** The file, under the lab's own directory, holding the Flood password made at {@code up}. */
  public static final String FLOOD_PASSWORD_FILE = "flood-password";

  /** The Flood user that {@code up --debug} registers. */
  public static final String FLOOD_USER = "swarmlab";

  /** The unprivileged user the images run as; the lab's user when swarmlab itself runs as root. */
  public static final int IMAGE_UID = 10001;

  public static final int IMAGE_GID = 10001;

  private LabContract() {}

  /** The URL peers announce to: the tracker by its service name on the lab's network. */
  public static String announceUrl() {
    return "http://" + TRACKER + ":" + TRACKER_PORT + "/announce";
  }

  /**
   * The name of the SCGI socket of the peer whose address on the lab's network is {@code address}
   * (see {@code docker/rtorrent/entrypoint.sh}).
   */
  public static String socketName(String address) {
    return address + ".sock";
  }

  /**
   * The name of the block log (rtorrent's {@code protocol_piece_events}) that the peer whose
   * address is {@code address} writes beside its socket (see {@code
   * docker/rtorrent/entrypoint.sh}).
   */
  public static String blockLogName(String address) {
    return address + ".blocks.log";
  }

  /**
   * The peer file of the peer whose address is {@code address}, beside its block log: a {@code
   * peer} line for each start (when, its host name, its role) and a {@code torrent} line for each
   * torrent it loads (when, info-hash, its own peer id for it, size, piece size, name); see {@code
   * docker/rtorrent/peer-started.sh} and {@code torrent-loaded.sh}.
   */
  public static String peerFileName(String address) {
    return address + ".peer";
  }

  /**
   * The peers' script that notes a start of a run in the peer file ({@code peer-started.sh}): the
   * entrypoint sources it. A rerun that resets rtorrent in place writes the same line itself.
   */
  public static final String PEER_STARTED_SCRIPT = "/usr/local/lib/swarmlab/peer-started";

  /**
   * The key under which a peer's rtorrent.rc has {@code torrent-loaded.sh} run for each torrent
   * rtorrent loads ({@code event.download.inserted}). A rerun that resets rtorrent in place removes
   * it while it loads the run's torrents, and notes them in the peer file itself: each process
   * rtorrent starts costs milliseconds of CPU, and a hundred peers begin at once. It then sets it
   * again ({@link #PEER_FILE_HOOK_COMMAND}), for what is loaded later (from Flood, say).
   */
  public static final String PEER_FILE_HOOK = "swarmlab_peer_file";

  /** What {@link #PEER_FILE_HOOK} runs, as rtorrent.rc has it. */
  public static final String PEER_FILE_HOOK_COMMAND =
      "execute.nothrow=/usr/local/lib/swarmlab/torrent-loaded,$d.hash=,$d.local_id=,"
          + "$d.size_bytes=,$d.chunk_size=,$d.name=";

  /** In a peer's rtorrent's environment: how many torrents its open-files limit is sized for. */
  public static final String SIZED_FOR_ENV = "SWARMLAB_SIZED_FOR";

  /** The name of the log output rtorrent writes a peer's block log to (its rtorrent.rc). */
  public static final String BLOCK_LOG_OUTPUT = "blocks";

  /** The environment variables that give a peer its rate limits when it starts (bytes a second). */
  public static final String UP_RATE_ENV = "SWARMLAB_UP_RATE";

  public static final String DOWN_RATE_ENV = "SWARMLAB_DOWN_RATE";

  /**
   * The lab's rerun file, in its control directory: {@code stop RUN} while {@code swarmlab rerun}
   * resets the peers, then {@code go RUN START SEEDER_UP SEEDER_DOWN LEECHER_UP LEECHER_DOWN
   * TORRENTS PAYLOAD_BYTES} (the run's id, its start in epoch seconds, each role's rates in bytes a
   * second, and the torrents and bytes the run shares, which the peers' labels say only of the
   * payload they were created with); in between, {@code stop RUN START ...} while peers are let go
   * a few at a time ({@link #goName}); see {@code docker/rtorrent/entrypoint.sh}, which reads it
   * when a peer's container starts (a running peer's rtorrent is reset over SCGI instead).
   */
  public static final String RERUN_FILE = "rerun";

  /**
   * The last word of {@code stop RUN making}, the rerun file while the lab's payload and torrents
   * are made again: the peers wait for it without the few minutes' bound they give a stop.
   */
  public static final String RERUN_MAKING = "making";

  /**
   * The start, in epoch seconds, of the run a line of the rerun file names once it has begun
   * ({@code go RUN START ...}, or {@code stop RUN START ...} while peers go a few at a time); empty
   * for any other line, and while peers stop ({@code stop RUN}).
   */
  public static java.util.OptionalLong rerunStart(String line) {
    String[] words = line.strip().split(" ");
    if (words.length < 3
        || !(words[0].equals("go") || words[0].equals("stop"))
        || !words[2].matches("[0-9]{1,12}")
        || Long.parseLong(words[2]) == 0) {
      return java.util.OptionalLong.empty();
    }
    return java.util.OptionalLong.of(Long.parseLong(words[2]));
  }

  /**
   * What a rerun's run shares, as a line of the rerun file that names a begun run says it ({@code
   * TORRENTS PAYLOAD_BYTES} after the rates): how many torrents, and their bytes.
   */
  public record Shared(int torrents, long bytes) {}

  /**
   * The torrents and bytes of the run a line of the rerun file names once it has begun; empty for a
   * line that does not say them (or any other line).
   */
  public static java.util.Optional<Shared> rerunShared(String line) {
    String[] words = line.strip().split(" ");
    if (rerunStart(line).isEmpty()
        || words.length < 9
        || !words[7].matches("[0-9]{1,6}")
        || !words[8].matches("[0-9]{1,18}")) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Shared(Integer.parseInt(words[7]), Long.parseLong(words[8])));
  }

  /**
   * The file that lets the peer whose address is {@code address} start again before the others,
   * while the rerun file still says {@code stop} ({@code rerun --stagger}).
   */
  public static String goName(String address) {
    return address + ".go";
  }

  /**
   * The file the peer whose address is {@code address} writes, beside its socket, once it has
   * stopped for a rerun and dropped its run's files (see {@link #RERUN_FILE}).
   */
  public static String stoppedName(String address) {
    return address + ".stopped";
  }

  /** Whether {@code text} is an address as the entrypoint names files: an IP literal. */
  public static boolean isPeerAddress(String text) {
    return text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || text.matches("[0-9a-fA-F:]{2,39}");
  }

  /**
   * Whether {@code fileName} is a peer's block log: its current one ({@link #blockLogName}) or the
   * log of an earlier start of it, which the entrypoint keeps as {@code NAME.NANOS}.
   */
  public static boolean isBlockLog(String fileName) {
    int at = fileName.indexOf(".blocks.log");
    if (at <= 0 || !isPeerAddress(fileName.substring(0, at))) {
      return false;
    }
    String rest = fileName.substring(at + ".blocks.log".length());
    return rest.isEmpty() || rest.matches("\\.\\d{1,20}");
  }

  /**
   * Orders the block logs of one address oldest first: the logs of earlier starts ({@code
   * NAME.NANOS}) by their NANOS, as numbers, then the current one ({@code NAME}).
   */
  public static String blockLogOrder(String fileName) {
    int dot = fileName.lastIndexOf(".blocks.log.");
    if (dot < 0) {
      return "~";
    }
    String nanos = fileName.substring(dot + ".blocks.log.".length()); // more than a long holds
    return "0".repeat(Math.max(0, 20 - nanos.length())) + nanos;
  }

  /** Whether {@code fileName} is a peer file ({@link #peerFileName}). */
  public static boolean isPeerFile(String fileName) {
    return fileName.endsWith(".peer")
        && isPeerAddress(fileName.substring(0, fileName.length() - ".peer".length()));
  }

  /** The address a block log or peer file is named after: what precedes its suffix. */
  public static String addressOf(String fileName) {
    int at = fileName.indexOf(".blocks.log");
    if (at < 0) {
      at = fileName.endsWith(".peer") ? fileName.length() - ".peer".length() : -1;
    }
    return at < 0 ? fileName : fileName.substring(0, at);
  }
}
