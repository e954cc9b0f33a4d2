/**
 * The container engine as swarmlab needs it: the {@link dev.swarmlab.engine.Engine} interface and
 * the values it takes and returns (labels, containers, the host, runs, image sources and build
 * options), plus what every engine shares: applying a compose project to a {@link
 * dev.swarmlab.engine.ContainerRuntime} in start order with {@link dev.swarmlab.engine.ServiceWait
 * waits}, roll back and {@link dev.swarmlab.engine.Cancellation cancellation} ({@link
 * dev.swarmlab.engine.ProjectApplier}). Implementations live in subpackages. Depends on {@code
 * plan}, {@code compose}, {@code wait} and {@code error}; never on docker-java, which only the
 * Docker implementation uses.
 */
package dev.swarmlab.engine;
