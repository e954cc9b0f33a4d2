package dev.swarmlab.monitor;

import dev.swarmlab.rtorrent.TorrentStatus;
import java.util.List;

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
    List<TorrentStatus> torrents) {

  public PeerStatus {
    torrents = torrents == null ? null : List.copyOf(torrents);
  }
}
