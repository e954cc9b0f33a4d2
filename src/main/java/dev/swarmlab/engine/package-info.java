/**
 * The container engine as swarmlab needs it: the {@link dev.swarmlab.engine.Engine} interface and
 * the values it takes and returns, the labels on everything it creates, image sources and build
 * options. Implementations live in subpackages. Depends on {@code plan}, {@code compose} and {@code
 * error}; never on docker-java, which only the Docker implementation uses.
 */
package dev.swarmlab.engine;
