package dev.swarmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The start-up measure that is a decision: which subcommands picocli is given. */
class StartupTest {
  private static final List<String> ALL = List.of("up", "status", "down", "render", "cds-warm-up");

  @Test
  void picocliGetsOnlyTheNamedSubcommandNoneForVersionAndAllOtherwise() {
    assertEquals(Set.of("status"), Startup.subcommands(ALL, "--verbose", "status", "-p", "x"));
    assertEquals(Set.of(), Startup.subcommands(ALL, "--version"));
    assertEquals(Set.of(), Startup.subcommands(ALL, "-V"));
    assertEquals(Set.copyOf(ALL), Startup.subcommands(ALL, "--version", "--help"));
    assertEquals(Set.copyOf(ALL), Startup.subcommands(ALL, "stauts"));
    assertEquals(Set.copyOf(ALL), Startup.subcommands(ALL));
    assertEquals("up", Startup.commandNamed("--verbose", "up", "--wait"));
  }
}
