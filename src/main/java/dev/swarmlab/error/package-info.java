/** The errors swarmlab reports to its user, one type per exit code. Depends on nothing of ours. */
package dev.swarmlab.error;
