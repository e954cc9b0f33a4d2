/** Views over swarm snapshots: table, one-line, JSON. Depends on {@code monitor} (and {@code plan}'s {@code LabContract}). */
package dev.swarmlab.view;
