/**
 * The {@link dev.swarmlab.engine.Engine} on the Docker Engine API through docker-java: {@link
 * dev.swarmlab.engine.docker.DockerEngine} is a façade over host discovery ({@code DockerHosts}),
 * the connection ({@code DockerApi}), image builds ({@code ImageBuilder}), containers ({@code
 * DockerContainers}, {@code ContainerRequest}, {@code ContainerListing}) and error wording ({@code
 * EngineErrors}). The only package that uses docker-java. Depends on {@code engine} and what it
 * depends on.
 */
package dev.swarmlab.engine.docker;
