/**
 * The command line: one command class per verb, shared options as mixins, exit codes and the one
 * error formatter. Nothing imports this package.
 */
package dev.swarmlab.cli;
