package dev.swarmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.Main;
import dev.swarmlab.testing.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/** The command line in process: exit codes and one-line errors, no engine needed. */
class CliTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "render --leechers -1",
        "render --leechers many",
        "render --seeders 0",
        "-p Bad_Name render",
        "render -p Bad_Name",
        "render --data /does/not/exist",
        "render --payload-size 12XB",
        "up --timeout soon",
        "up --payload-size 64i",
        "render --payload-size 64i",
        "status --peer-timeout 25d",
        "up --peer-timeout 25d",
        "status --peer-timeout PT-2S",
        "up --timeout -5s",
        "status --interval 0s",
        "status --watch --count -1",
        "up --leechers 900",
        "up --parallel 0",
        "up --parallel 65",
        "up --parallel lots",
        "status --no-such-option",
        "dashboard --port 70000",
        "dashboard --port -1",
        "dashboard --port http",
        "dashboard --interval 10ms",
        "dashboard --peer-timeout 25d",
        "up --dashboard --dashboard-port 70000",
        "up --dashboard --dashboard-port web",
        "render --seeder-up-rate 1B",
        "up --client qbittorrent",
        "render --leecher-client RTORRENT",
        "up --seeder-client",
        "up --start-order random",
        "render --leecher-up-rate 20GiB",
        "up --leecher-down-rate fast",
        "up --seeder-down-rate -1MiB",
        "kill",
        "pause leecher-1 leecher-2",
        "link leecher",
        "scale",
        "rerun --leechers -1",
        "rerun --stagger 2m",
        "rerun --stagger soon",
        "rerun --leechers 501",
        "rerun --seeder-up-rate fast",
        "rerun --leecher-down-rate 1B",
        "rerun --client qbittorrent",
        "rerun --payload-size big",
        "rerun --payload-size 0",
        "rerun --payload-size 65GiB",
        "rerun --data /does/not/exist",
        "rerun --verify",
        "rerun --timeout forever",
        "rerun --scenario /does/not/exist.yml",
        "rerun --dashboard --dashboard-port 70000",
        "scale leechers",
        "scale seeders=3",
        "scale leechers=many",
        "scale leechers=+9999",
        "scale leechers=501",
        "verify leecher-1 leecher-2",
        "up --verify",
        "up --scenario /does/not/exist.yml",
        "up --scenario /",
        "link leecher --bandwidth fast",
        "link leecher --bandwidth 20mbit --clear",
        "link leecher --loss 200%",
        "link leecher --latency 20s",
        "up --bandwidth 20mbit",
        "up --bandwidth tracker=20mbit",
        "up --bandwidth leecher=fast",
        "up --latency seeder=forever",
        "throttle leecher --up fast",
        "throttle leecher --up 100",
        "throttle leecher --down 20GiB",
        "throttle leecher --down -5KiB",
        "throttle --up 1MiB",
        "throttle leecher --up 1MiB --peer-timeout 0s",
        "nonsense",
        ""
      })
  void badInputIsExit2WithOneLine(String args) {
    Cli r = Cli.run(args.isEmpty() ? new String[0] : args.split(" "));
    assertEquals(2, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    assertTrue(r.err().startsWith("swarmlab: error: "), r.err());
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
  }

  @Test
  void aDashboardOfNoLabIsExit2AndServesNothing(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Cli r =
        Cli.run(
            new LabContext(dir, dev.swarmlab.engine.FakeEngine::new),
            "dashboard",
            "-p",
            "nolab",
            "--port",
            "0");
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "swarmlab: error: no lab named 'nolab' is up; start one with 'swarmlab up'",
        r.err().strip());
    assertEquals("", r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "20261126T000000Z-00000000", "../../etc", "2026"})
  void aReplayOfARunThatIsNotThereIsExit2AndServesNothing(
      String run, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Cli r =
        Cli.run(
            new LabContext(dir, dev.swarmlab.engine.FakeEngine::new),
            "dashboard",
            "-p",
            "nolab",
            "--run",
            run,
            "--port",
            "0");
    assertEquals(2, r.code(), r.toString());
    assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    assertTrue(r.err().startsWith("swarmlab: error: "), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertEquals("", r.out(), "no URL printed: nothing is served");
  }

  @Test
  void aDataPathWithDollarsAndBracesIsRenderedAsData(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path data = java.nio.file.Files.createDirectories(dir.resolve("a${b}c $HOME"));
    java.nio.file.Files.writeString(data.resolve("notes.txt"), "x");
    Cli r = Cli.run("render", "-p", "demo", "--data", data.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.out().contains("source: " + data.toRealPath().toString().replace("$", "$$")), r.out());
  }

  @Test
  void aDataLinkIsMountedAsTheRealPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path real = java.nio.file.Files.createDirectories(dir.resolve("real"));
    java.nio.file.Files.writeString(real.resolve("notes.txt"), "x");
    java.nio.file.Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("link"), real);
    Cli r = Cli.run("render", "-p", "demo", "--data", link.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("source: " + real.toRealPath()), r.out());
    assertFalse(r.out().contains(link.toString()), r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65", "lots", "-3"})
  void aParallelOutOfRangeIsNamedWithTheValueGiven(String value) {
    Cli r = Cli.run("up", "--parallel", value);
    assertEquals(2, r.code(), r.toString());
    assertEquals(
        "swarmlab: error: --parallel must be a whole number between 1 and 64 (got '" + value + "')",
        r.err().strip());
  }

  @Test
  void anUnexpectedErrorIsOneLineWithoutItsClass() {
    assertEquals(
        "Status 403: {\"message\":\"boom\"}",
        SwarmlabCommand.oneLine(new IllegalStateException("Status 403: {\"message\":\"boom\"}\n")));
    assertEquals("an unexpected error", SwarmlabCommand.oneLine(new NullPointerException()));
  }

  @Test
  void renderPrintsTheComposeFile() {
    Cli r = Cli.run("render", "--leechers", "3", "--seeders", "1", "-p", "demo");
    assertEquals(0, r.code(), r.toString());
    Map<String, Object> yaml = new Yaml().load(r.out());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) yaml.get("services");
    assertEquals(
        List.of("mktorrent", "tracker", "seeder", "leecher", "flood"),
        List.copyOf(services.keySet()));
    assertEquals(Map.of("replicas", 3), services.get("leecher").get("deploy"));
    assertEquals(Map.of("replicas", 1), services.get("seeder").get("deploy"));
    assertTrue(
        r.out().contains("source: " + Cli.stateDir().resolve("demo").resolve("payload") + "\n"),
        r.out());
  }

  @Test
  void aUsersLabsKeepTheirFilesInDotSwarmlabOfTheWorkingDirectory() {
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "render",
            "-p",
            "demo"); // writes nothing
    assertEquals(0, code);
    assertTrue(
        out.toString()
            .contains("source: " + Path.of(".swarmlab", "demo", "payload").toAbsolutePath() + "\n"),
        out.toString());
  }

  @Test
  void helpAndVersionExit0() {
    Cli help = Cli.run("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("Exit codes"), help.out());
    assertEquals(0, Cli.run("--version").code());
    Cli upHelp = Cli.run("up", "--help");
    assertTrue(
        upHelp.out().contains("--leechers") && upHelp.out().contains("--wait"), upHelp.out());
  }

  @Test
  void helpListsEveryCommandAndACommandLineForOneCommandHoldsOnlyThatOne() {
    Cli help = Cli.run("--help");
    for (String command :
        List.of(
            "up",
            "rerun",
            "status",
            "down",
            "runs",
            "report",
            "render",
            "dashboard",
            "throttle",
            "link",
            "scale",
            "verify",
            "kill",
            "restart",
            "pause",
            "unpause")) {
      assertTrue(help.out().contains("  " + command + " "), help.out());
    }
    PrintWriter sink = new PrintWriter(new StringWriter());
    assertEquals(
        List.of("status"),
        List.copyOf(
            dev.swarmlab.cli.SwarmlabCommand.commandLine(
                    LabContext.standard(), sink, sink, "--verbose", "status", "-p", "x")
                .getSubcommands()
                .keySet()));
    assertEquals(
        List.of(
            "up",
            "rerun",
            "status",
            "down",
            "runs",
            "report",
            "render",
            "dashboard",
            "throttle",
            "link",
            "scale",
            "verify",
            "kill",
            "restart",
            "pause",
            "unpause",
            "cds-warm-up"),
        List.copyOf(
            dev.swarmlab.cli.SwarmlabCommand.commandLine(
                    LabContext.standard(), sink, sink, "stauts")
                .getSubcommands()
                .keySet()));
    assertTrue(Cli.run("stauts").err().contains("Unmatched argument"));
    assertFalse(help.out().contains("cds-warm-up"), "the launcher's training run is not for users");
  }
}
