/**
 * Changing a running lab on purpose: rtorrent's own rate limits, set live on chosen peers over
 * their SCGI sockets, and faults (kill, restart, pause, unpause) through the engine. Depends on
 * {@code monitor} (which peers there are, and their sockets), {@code engine} and {@code rtorrent}.
 */
package dev.swarmlab.control;
