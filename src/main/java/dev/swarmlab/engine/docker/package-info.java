/**
 * The {@link dev.swarmlab.engine.Engine} on Docker, through docker-java: the only package that uses
 * docker-java. May depend on {@code engine} and what it builds on ({@code plan}, {@code compose},
 * {@code error}), and on {@code wait}; on nothing else of ours.
 */
package dev.swarmlab.engine.docker;
