package dev.swarmlab.rtorrent;

/**
 * One torrent as one rtorrent sees it. Rates are in bytes per second.
 *
 * @param finishedAt when it completed, in seconds since the epoch; 0 while incomplete
 * @param pieces which pieces it has, when asked for; null otherwise
 */
public record TorrentStatus(
    String hash,
    String name,
    long sizeBytes,
    long completedBytes,
    long downRate,
    long upRate,
    int peersConnected,
    boolean complete,
    long finishedAt,
    PieceField pieces) {

  /** A torrent without its pieces. */
  public TorrentStatus(
      String hash,
      String name,
      long sizeBytes,
      long completedBytes,
      long downRate,
      long upRate,
      int peersConnected,
      boolean complete,
      long finishedAt) {
    this(
        hash,
        name,
        sizeBytes,
        completedBytes,
        downRate,
        upRate,
        peersConnected,
        complete,
        finishedAt,
        null);
  }
}
