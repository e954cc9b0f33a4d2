/**
 * The container engine as swarmlab needs it: the {@link dev.swarmlab.engine.Engine} interface, the
 * labels on everything it creates, and image sources. Depends on {@code compose}, {@code plan} and
 * {@code error}.
 */
package dev.swarmlab.engine;
