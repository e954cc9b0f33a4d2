/**
 * The entry point: {@link dev.swarmlab.Main} runs one command, writing only to the streams it is
 * given, and is the only place that exits the JVM. Depends on {@code cli}.
 */
package dev.swarmlab;
