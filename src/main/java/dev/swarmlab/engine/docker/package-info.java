/**
 * The {@link dev.swarmlab.engine.Engine} on Docker, through docker-java, the only package that uses
 * it: {@link dev.swarmlab.engine.docker.DockerEngine} is a façade over host discovery ({@code
 * DockerHosts}), the connection ({@code DockerApi}), image builds ({@code ImageBuilder}),
 * containers ({@code DockerContainers}, {@code ContainerRequest}, {@code ContainerListing}), error
 * wording ({@code EngineErrors}) and a TLS context for local sockets ({@code LocalTls}). May depend
 * on {@code engine} and what it builds on ({@code plan}, {@code compose}, {@code wait}, {@code
 * error}); on nothing else of ours.
 */
package dev.swarmlab.engine.docker;
