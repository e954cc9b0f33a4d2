package dev.swarmlab.monitor;

import dev.swarmlab.rtorrent.Connection;
import dev.swarmlab.rtorrent.TorrentStatus;
import java.util.List;

/** One peer in detail: its status, and per torrent whom it is connected to. */
public record PeerDetail(PeerStatus peer, List<TorrentConnections> torrents) {

  public PeerDetail {
    torrents = List.copyOf(torrents);
  }

  /** A torrent and its connections. */
  public record TorrentConnections(TorrentStatus torrent, List<Remote> connections) {
    public TorrentConnections {
      connections = List.copyOf(connections);
    }
  }

  /**
   * A connection, with the remote peer's name in the lab ({@code seeder-1}); its address when it is
   * not one of the lab's peers.
   */
  public record Remote(String peer, Connection connection) {}
}
