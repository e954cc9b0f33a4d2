/**
 * Changing a running lab on purpose: rtorrent's own rate limits, set live on chosen peers over
 * their SCGI sockets. Depends on {@code monitor} (which peers there are, and their sockets) and
 * {@code rtorrent}.
 */
package dev.swarmlab.control;
