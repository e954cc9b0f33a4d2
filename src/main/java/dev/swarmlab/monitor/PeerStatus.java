package dev.swarmlab.monitor;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.plan.Client;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.TorrentStatus;
import java.util.List;
import java.util.Map;

/**
 * One peer of the swarm at one poll. This record is the {@code status --json} schema for a peer:
 * fields may be added, never renamed. Null fields are left out of JSON.
 *
 * @param name the peer's name in the lab, e.g. {@code leecher-3}
 * @param role {@code seeder} or {@code leecher}
 * @param state {@code running}, {@code exited} (or another engine state), or {@code unreachable}
 *     when its container runs but its rtorrent did not answer
 * @param progress {@code bytesDone / bytesTotal}, from 0.0 to 1.0
 * @param bytesDone bytes of the payload this peer has
 * @param bytesTotal bytes of the whole payload
 * @param downRate bytes per second received
 * @param upRate bytes per second sent
 * @param peersConnected connections to other peers, summed over its torrents
 * @param complete whether it has every torrent of the lab, complete
 * @param secondsToComplete for a complete leecher, seconds from the lab's start to its last
 *     torrent's completion; null otherwise
 * @param error why the peer is unreachable; null otherwise
 * @param torrents its torrents, when asked for ({@code --torrents}); null otherwise
 * @param receivedFrom the exact bytes it has kept from each other peer so far, by name, from its
 *     block log (true after connections close); null when not asked for
 * @param client the client variant it runs ({@code rtorrent}, {@code rtorrent-have-now}), from its
 *     container's label; {@code rtorrent} for a peer of an older lab, which has none
 */
public record PeerStatus(
    String name,
    String role,
    String state,
    double progress,
    long bytesDone,
    long bytesTotal,
    long downRate,
    long upRate,
    int peersConnected,
    boolean complete,
    Long secondsToComplete,
    String error,
    List<TorrentStatus> torrents,
    Map<String, Long> receivedFrom,
    String client) {
  /** The state of a peer whose container runs but whose rtorrent did not answer. */
  public static final String UNREACHABLE = "unreachable";

  public PeerStatus {
    torrents = torrents == null ? null : List.copyOf(torrents);
    receivedFrom = receivedFrom == null ? null : new java.util.TreeMap<>(receivedFrom);
  }

  /** A peer without {@code receivedFrom}. */
  public PeerStatus(
      String name,
      String role,
      String state,
      double progress,
      long bytesDone,
      long bytesTotal,
      long downRate,
      long upRate,
      int peersConnected,
      boolean complete,
      Long secondsToComplete,
      String error,
      List<TorrentStatus> torrents) {
    this(
        name,
        role,
        state,
        progress,
        bytesDone,
        bytesTotal,
        downRate,
        upRate,
        peersConnected,
        complete,
        secondsToComplete,
        error,
        torrents,
        null,
        Client.DEFAULT.id());
  }

  /** This peer with {@code receivedFrom}. */
  public PeerStatus withReceivedFrom(Map<String, Long> from) {
    return new PeerStatus(
        name,
        role,
        state,
        progress,
        bytesDone,
        bytesTotal,
        downRate,
        upRate,
        peersConnected,
        complete,
        secondsToComplete,
        error,
        torrents,
        from,
        client);
  }

  /** This peer, running {@code variant}. */
  public PeerStatus withClient(String variant) {
    return new PeerStatus(
        name,
        role,
        state,
        progress,
        bytesDone,
        bytesTotal,
        downRate,
        upRate,
        peersConnected,
        complete,
        secondsToComplete,
        error,
        torrents,
        receivedFrom,
        variant);
  }

  /** This peer without its torrents. */
  public PeerStatus withoutTorrents() {
    return new PeerStatus(
        name,
        role,
        state,
        progress,
        bytesDone,
        bytesTotal,
        downRate,
        upRate,
        peersConnected,
        complete,
        secondsToComplete,
        error,
        null,
        receivedFrom,
        client);
  }

  /**
   * Peer {@code c} as {@code state}, from its torrents: the lab's payload size and torrent count
   * come from the container's labels, its time to complete from {@code labStart}.
   */
  static PeerStatus of(
      ContainerInfo c,
      String state,
      List<TorrentStatus> torrents,
      String error,
      long labStart,
      boolean withTorrents) {
    return of(c, state, torrents, error, labStart, null, withTorrents, null);
  }

  /**
   * As above, with the payload size and torrent count of the run {@code shared} says when it is not
   * null (a rerun's, which can differ from what the container was created with), counting only the
   * torrents of {@code payload} (info-hashes as rtorrent gives them; null: all) towards its
   * progress and completion; {@code withTorrents} lists them all.
   */
  static PeerStatus of(
      ContainerInfo c,
      String state,
      List<TorrentStatus> torrents,
      String error,
      long labStart,
      LabContract.Shared shared,
      boolean withTorrents,
      java.util.Set<String> payload) {
    List<TorrentStatus> counted =
        payload == null
            ? torrents
            : torrents.stream().filter(t -> payload.contains(t.hash())).toList();
    int expectedTorrents =
        shared != null
            ? shared.torrents()
            : intLabel(
                c, LabContract.TORRENTS_LABEL, payload == null ? torrents.size() : payload.size());
    long done = 0;
    long loadedTotal = 0;
    long down = 0;
    long up = 0;
    int peers = 0;
    int complete = 0;
    long finished = 0;
    for (TorrentStatus t : counted) {
      done += t.completedBytes();
      loadedTotal += t.sizeBytes();
      down += t.downRate();
      up += t.upRate();
      peers += t.peersConnected();
      complete += t.complete() ? 1 : 0;
      finished = Math.max(finished, t.finishedAt());
    }
    long total =
        Math.max(
            loadedTotal,
            shared != null ? shared.bytes() : longLabel(c, LabContract.PAYLOAD_BYTES_LABEL, 0));
    boolean allComplete =
        !counted.isEmpty() && complete == counted.size() && counted.size() >= expectedTorrents;
    double progress = total == 0 ? 0.0 : Math.min(1.0, (double) done / total);
    Long seconds =
        allComplete
                && c.service().equals(LabContract.LEECHER)
                && labStart > 0
                && finished >= labStart
            ? finished - labStart
            : null;
    return new PeerStatus(
            SwarmMonitor.peerName(c),
            c.service(),
            state,
            progress,
            done,
            total,
            down,
            up,
            peers,
            allComplete,
            seconds,
            error,
            withTorrents ? torrents : null)
        .withClient(clientOf(c));
  }

  /** The client variant container {@code c} runs, from its label. */
  private static String clientOf(ContainerInfo c) {
    return Client.orDefault(c.labels().get(LabContract.CLIENT_LABEL)).id();
  }

  private static int intLabel(ContainerInfo c, String label, int fallback) {
    return (int) longLabel(c, label, fallback);
  }

  private static long longLabel(ContainerInfo c, String label, long fallback) {
    try {
      return Long.parseLong(c.labels().getOrDefault(label, Long.toString(fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
