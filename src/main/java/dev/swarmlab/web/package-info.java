/**
 * The dashboard: a read-only web page over the live swarm, served on the loopback interface. One
 * {@link dev.swarmlab.web.SnapshotFeed} polls the lab for every browser and pushes each snapshot to
 * them as Server-Sent Events; {@link dev.swarmlab.web.DashboardServer} serves the page, its assets
 * (shipped in the jar) and the snapshots. Depends on {@code monitor} (the snapshots) and {@code
 * view} (their JSON).
 */
package dev.swarmlab.web;
