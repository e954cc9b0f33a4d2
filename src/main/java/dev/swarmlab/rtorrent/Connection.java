package dev.swarmlab.rtorrent;

/**
 * One connection of a torrent to a remote peer, as rtorrent's {@code p.multicall} reports it.
 *
 * @param completedPercent how much of the torrent the remote peer has, 0 to 100
 * @param incoming whether the remote peer opened the connection
 */
public record Connection(
    String address,
    int port,
    String client,
    int completedPercent,
    long downRate,
    long upRate,
    long downTotal,
    long upTotal,
    boolean incoming) {}
