/**
 * The errors swarmlab reports to its user; each type has one exit code. Depends on nothing of ours.
 */
package dev.swarmlab.error;
