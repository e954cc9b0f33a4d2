/**
 * Polls every peer of a lab at once and makes immutable {@link dev.swarmlab.monitor.SwarmSnapshot}s.
 * Depends on {@code rtorrent} and {@code engine} (to find the peers).
 */
package dev.swarmlab.monitor;
