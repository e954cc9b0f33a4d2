package dev.swarmlab.rtorrent;

/**
 * One torrent as one rtorrent sees it. Rates are in bytes per second.
 *
 * @param finishedAt when it completed, in seconds since the epoch; 0 while incomplete
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
    long finishedAt) {}
