/**
 * Polls every peer of a lab at once and makes immutable {@link dev.swarmlab.monitor.SwarmSnapshot}s.
 * Depends on {@code rtorrent}, {@code engine} (to find the peers), {@code tracker} and {@code plan}'s
 * {@code LabContract} (the services, labels, ports and paths the lab's containers agree on).
 */
package dev.swarmlab.monitor;
