/**
 * A lab's life cycle: plan to compose file to running containers and back, and its payload.
 * Depends on {@code plan}, {@code compose} and {@code engine}.
 */
package dev.swarmlab.lab;
