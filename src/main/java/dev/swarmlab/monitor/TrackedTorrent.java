package dev.swarmlab.monitor;

/** One torrent as the tracker counts it, named after the torrent. */
public record TrackedTorrent(
    String name, String infoHash, long seeders, long leechers, long completed) {}
