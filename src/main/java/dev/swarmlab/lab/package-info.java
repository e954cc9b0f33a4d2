/**
 * A lab's life cycle: plan to compose file to running containers and back. Also what that keeps on
 * this machine: the lab's files under the state directory (compose file, generated payload, the
 * peers' control sockets), the lock that lets one swarmlab at a time start or remove a lab, and the
 * user the lab's processes run as; and the limits of the engine's host it checks first ({@code
 * Capacity}: neighbour table, disk space). Depends on {@code plan}, {@code compose}, {@code engine}
 * and {@code error}.
 */
package dev.swarmlab.lab;
