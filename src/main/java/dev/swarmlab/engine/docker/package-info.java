/** The {@link dev.swarmlab.engine.Engine} on Docker, through docker-java. Depends on {@code engine}. */
package dev.swarmlab.engine.docker;
