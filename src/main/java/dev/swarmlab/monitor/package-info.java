/**
 * Polls every peer of a lab at once and makes immutable {@link
 * dev.swarmlab.monitor.SwarmSnapshot}s; one peer in detail; the tracker's view of the swarm ({@code
 * TrackerScrape}). Waits on a lab ({@link dev.swarmlab.monitor.SwarmWait}) and watches it ({@link
 * dev.swarmlab.monitor.SwarmWatch}) with {@code wait}'s {@link dev.swarmlab.wait.Poller}. Depends
 * on {@code rtorrent} (to poll), {@code engine} (to find the peers), {@code tracker}, {@code wait},
 * {@code plan} (the lab's shared names) and {@code error}.
 */
package dev.swarmlab.monitor;
