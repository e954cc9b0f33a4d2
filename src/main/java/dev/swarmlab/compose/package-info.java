/**
 * Templates and plan in, compose file out ({@link dev.swarmlab.compose.ComposeRenderer}), and that
 * file read back strictly into typed records ({@link dev.swarmlab.compose.ComposeProject}). Pure:
 * no Docker, no I/O beyond reading templates. Depends on {@code plan} and {@code error}.
 */
package dev.swarmlab.compose;
