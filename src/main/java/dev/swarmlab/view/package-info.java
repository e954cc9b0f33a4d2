/** Views over swarm snapshots: table, one-line, JSON. Depends on {@code monitor}. */
package dev.swarmlab.view;
