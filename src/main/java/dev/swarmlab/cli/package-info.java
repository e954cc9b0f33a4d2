/**
 * The command line: one command class per verb, shared options as mixins, the {@link
 * dev.swarmlab.cli.LabContext} every command runs in (where labs' files are kept, how the engine is
 * reached), exit codes and the one error formatter. May depend on every other package; nothing
 * imports it but {@link dev.swarmlab.Main}.
 */
package dev.swarmlab.cli;
