/**
 * The dashboard: a read-only web page over the live swarm, served on the loopback interface. One
 * {@link dev.swarmlab.web.SnapshotFeed} polls the lab for every browser and pushes each snapshot to
 * them as Server-Sent Events, with the peers' pieces sized for a screen ({@link
 * dev.swarmlab.web.PieceMaps}) and the swarm's history; {@link dev.swarmlab.web.Replay} gives a
 * recorded run in the same shapes; {@link dev.swarmlab.web.DashboardServer} serves the page, its
 * assets (shipped in the jar) and either. Depends on {@code monitor} (the snapshots), {@code
 * report} (the recorded runs) and {@code view} (their JSON).
 */
package dev.swarmlab.web;
