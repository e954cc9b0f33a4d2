/**
 * Changing a running lab on purpose: rtorrent's own rate limits, set live on chosen peers over
 * their SCGI sockets, faults (kill, restart, pause, unpause) through the engine, link conditions,
 * and making every peer new again for a rerun. Depends on {@code monitor} (which peers there are,
 * and their sockets), {@code engine}, {@code rtorrent} and {@code tracker} (whether it answers).
 */
package dev.swarmlab.control;
