/**
 * Polls every peer of a lab at once and makes immutable {@link dev.swarmlab.monitor.SwarmSnapshot}s.
 * Waits on a lab ({@link dev.swarmlab.monitor.SwarmWait}) and watches it
 * ({@link dev.swarmlab.monitor.SwarmWatch}) with {@code wait}'s {@link dev.swarmlab.wait.Poller}.
 * Depends on {@code rtorrent}, {@code engine} (to find the peers), {@code tracker}, {@code wait},
 * {@code error} and {@code plan}'s {@code LabContract} (the services, labels, ports and paths the
 * lab's containers agree on).
 */
package dev.swarmlab.monitor;
