/** Waiting with a timeout and a poll interval. Depends on nothing of ours. */
package dev.swarmlab.wait;
