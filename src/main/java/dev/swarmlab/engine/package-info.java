/**
 * The container engine as swarmlab needs it: the {@link dev.swarmlab.engine.Engine} interface and
 * the facts and values it speaks in (labels, containers, the host, image sources), plus what every
 * engine shares: applying a compose project to a {@link dev.swarmlab.engine.ContainerRuntime} in
 * start order with {@link dev.swarmlab.engine.ServiceWait waits}, roll back and {@link
 * dev.swarmlab.engine.Cancellation cancellation} ({@link dev.swarmlab.engine.ProjectApplier}).
 * Implementations live in sub-packages. Depends on {@code compose}, {@code plan}, {@code wait} and
 * {@code error}; never on docker-java.
 */
package dev.swarmlab.engine;
