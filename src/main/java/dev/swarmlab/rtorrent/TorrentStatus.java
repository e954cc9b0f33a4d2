package dev.swarmlab.rtorrent;

/** One torrent as one rtorrent sees it. Rates are in bytes per second. */
public record TorrentStatus(
    String hash,
    String name,
    long sizeBytes,
    long completedBytes,
    long downRate,
    long upRate,
    int peersConnected,
    boolean complete) {}
