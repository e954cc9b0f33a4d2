package dev.swarmlab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LinkConditions;
import dev.swarmlab.scenario.Action.Fault;
import dev.swarmlab.scenario.Action.Link;
import dev.swarmlab.scenario.Action.Scale;
import dev.swarmlab.scenario.Action.Throttle;
import dev.swarmlab.scenario.Action.Verify;
import dev.swarmlab.scenario.Trigger.At;
import dev.swarmlab.scenario.Trigger.WhenProgress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioTest {
  private static final long MIB = 1 << 20;
  private static final long KIB = 1 << 10;

  private static final String EXAMPLE =
      """
      # examples/seeder-dies.yml
      description: The first seeder dies when the swarm is 30% done; the other carries on.
      steps:
        - at: 5s
          throttle: {target: seeder, up: 1MiB}
        - when: {progress: 0.3}
          kill: seeder-1
        - at: 1m
          link: {target: leecher-2, bandwidth: 8mbit, latency: 50ms}
        - at: 90s
          scale: {leechers: "+5"}
        - when: {progress: 0.9}
          restart: seeder-1
      """;

  // --- good files, to the exact model

  @Test
  void theExampleParsesToTheExactModel() {
    Scenario s = Scenario.parse(EXAMPLE, "x.yml");
    Scenario expected =
        new Scenario(
            "x.yml",
            "The first seeder dies when the swarm is 30% done; the other carries on.",
            List.of(
                new Step(
                    0, null, new At(Duration.ofSeconds(5)), new Throttle("seeder", MIB, null), 4),
                new Step(1, null, new WhenProgress(0.3), new Fault("kill", "seeder-1"), 6),
                new Step(
                    2,
                    null,
                    new At(Duration.ofMinutes(1)),
                    new Link(
                        "leecher-2",
                        new LinkConditions(8_000_000, Duration.ofMillis(50), Duration.ZERO, 0)),
                    8),
                new Step(3, null, new At(Duration.ofSeconds(90)), new Scale("+", 5), 10),
                new Step(4, null, new WhenProgress(0.9), new Fault("restart", "seeder-1"), 12)));
    assertEquals(expected, s);
  }

  @Test
  void eachStepDescribesItselfInOneLine() {
    List<String> lines =
        Scenario.parse(EXAMPLE, "x.yml").steps().stream().map(Step::describe).toList();
    assertEquals(
        List.of(
            "at 5s: throttle seeder up 1.0 MiB/s",
            "at 30% progress: kill seeder-1",
            "at 1m: link leecher-2 8 Mbit/s, latency 50 ms",
            "at 1m30s: scale leechers=+5",
            "at 90% progress: restart seeder-1"),
        lines);
  }

  @Test
  void actionsDescribeThemselvesAsAUserWouldTypeThem() {
    assertEquals("kill seeder-1", new Fault("kill", "seeder-1").describe());
    assertEquals("unpause all", new Fault("unpause", "all").describe());
    assertEquals("throttle seeder up 1.0 MiB/s", new Throttle("seeder", MIB, null).describe());
    assertEquals(
        "throttle leecher-3 up none, down 512.0 KiB/s",
        new Throttle("leecher-3", 0L, 512 * KIB).describe());
    assertEquals(
        "link leecher-2 8 Mbit/s, latency 50 ms",
        new Link("leecher-2", new LinkConditions(8_000_000, Duration.ofMillis(50), null, 0))
            .describe());
    assertEquals("link all clear", new Link("all", LinkConditions.NONE).describe());
    assertEquals("scale leechers=+5", new Scale("+", 5).describe());
    assertEquals("scale leechers=-3", new Scale("-", 3).describe());
    assertEquals("scale leechers=30", new Scale("", 30).describe());
    assertEquals("verify all", new Verify("all").describe());
  }

  @Test
  void aNamedStepSaysItsNameAfter() {
    Scenario s =
        parse(
            """
            steps:
              - name: the first seeder dies
                when: {progress: 0.333}
                kill: seeder-1
            """);
    Step step = s.steps().get(0);
    assertEquals("the first seeder dies", step.name());
    assertNull(s.description());
    assertEquals("at 33.3% progress: kill seeder-1 (the first seeder dies)", step.describe());
  }

  @ParameterizedTest
  @CsvSource({
    "0s, PT0S, at 0s",
    "0, PT0S, at 0s",
    "250ms, PT0.25S, at 250ms",
    "90s, PT1M30S, at 1m30s",
    "1h30m, PT1H30M, at 1h30m",
    "PT10M, PT10M, at 10m",
    "24h, PT24H, at 24h",
  })
  void atIsATimeAfterTheLabCameUp(String text, Duration expected, String described) {
    Step step = parse("steps:\n  - at: " + text + "\n    verify: all\n").steps().get(0);
    assertEquals(new At(expected), step.trigger());
    assertEquals(described, step.trigger().describe());
  }

  @ParameterizedTest
  @CsvSource({
    "1, 1.0, at 100% progress",
    "0.5, 0.5, at 50% progress",
    ".25, 0.25, at 25% progress"
  })
  void progressIsAFractionOfTheSwarm(String text, double expected, String described) {
    Step step =
        parse("steps:\n  - when: {progress: " + text + "}\n    verify: all\n").steps().get(0);
    assertEquals(new WhenProgress(expected), step.trigger());
    assertEquals(described, step.trigger().describe());
  }

  @ParameterizedTest
  @ValueSource(strings = {"kill", "restart", "pause", "unpause"})
  void faultsTakeATarget(String verb) {
    for (String target : List.of("all", "seeder", "leecher", "seeder-2", "leecher-123456")) {
      Step step = parse("steps:\n  - at: 1s\n    " + verb + ": " + target + "\n").steps().get(0);
      assertEquals(new Fault(verb, target), step.action());
    }
  }

  @Test
  void throttleSetsUpDownOrBoth() {
    assertEquals(
        new Throttle("leecher", null, 2 * MIB), action("throttle: {target: leecher, down: 2MiB}"));
    assertEquals(
        new Throttle("all", 0L, 512 * KIB),
        action("throttle: {target: all, up: none, down: 512KiB}"));
    assertEquals(new Throttle("seeder-1", 0L, null), action("throttle: {target: seeder-1, up: 0}"));
    assertEquals(
        new Throttle("seeder", 1_000_000L, null),
        action("throttle:\n      target: seeder\n      up: 1MB/s"));
  }

  @Test
  void linkSetsConditionsOrClearsThem() {
    assertEquals(
        new Link(
            "leecher",
            new LinkConditions(20_000_000, Duration.ofMillis(100), Duration.ofMillis(10), 0.5)),
        action(
            "link: {target: leecher, bandwidth: 20mbit, latency: 100ms, jitter: 10ms, loss: 0.5%}"));
    assertEquals(
        new Link("all", new LinkConditions(0, null, null, 1)),
        action("link: {target: all, loss: 1%}"));
    assertEquals(
        new Link("seeder-1", LinkConditions.NONE), action("link: {target: seeder-1, clear: true}"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "5 | '' | 5",
        "\"5\" | '' | 5",
        "\"+5\" | + | 5",
        "+5 | + | 5",
        "\"-3\" | - | 3",
        "-3 | - | 3",
        "0 | '' | 0",
        "500 | '' | 500",
        "\"+500\" | + | 500",
      })
  void scaleTakesANumberOrAChange(String text, String sign, int n) {
    assertEquals(new Scale(sign, n), action("scale: {leechers: " + text + "}"));
  }

  @Test
  void verifyTakesATarget() {
    assertEquals(new Verify("all"), action("verify: all"));
    assertEquals(new Verify("leecher-7"), action("verify: leecher-7"));
  }

  @Test
  void stepsKeepFileOrderAndTheirLines() {
    Scenario s =
        parse(
            """
            steps:
              - at: 1m
                kill: leecher-1

              - at: 10s
                restart: leecher-1
              - {at: 5s, pause: seeder}
            """);
    assertEquals(
        List.of("at 1m: kill leecher-1", "at 10s: restart leecher-1", "at 5s: pause seeder"),
        s.steps().stream().map(Step::describe).toList());
    assertEquals(List.of(0, 1, 2), s.steps().stream().map(Step::index).toList());
    assertEquals(List.of(2, 5, 7), s.steps().stream().map(Step::line).toList());
  }

  @Test
  void aDescriptionMayRunOverLines() {
    Scenario s =
        parse(
            """
            description: |
              Two lines
              of description.
            steps: [{at: 1s, verify: all}]
            """);
    assertEquals("Two lines\nof description.\n", s.description());
  }

  // --- bad input: one line, naming file, line and key

  /** Each case: the exact message, " | ", then the file. */
  private static final String[] BAD = {
    // the top level
    "x.yml:1: unknown key 'stpes' (expected description, steps)"
        + " | stpes:\n  - {at: 1s, verify: all}",
    "x.yml:1: a scenario needs steps (a list) | description: nothing to do",
    "x.yml:1: steps: empty; a scenario needs at least one step | steps: []",
    "x.yml:2: steps: expected a list of steps, got a mapping | steps:\n  at: 1s",
    "x.yml:1: steps: expected a list of steps, got nothing | steps:",
    "x.yml:1: expected a mapping (description, steps), got a list | - at: 1s",
    "x.yml:1: expected a mapping (description, steps), got 'hello' | hello",
    "x.yml:1: description: expected a string, got a list | description: [a, b]\nsteps: []",
    "x.yml:3: duplicate key 'steps' | steps: [{at: 1s, verify: all}]\n"
        + "# again\nsteps: [{at: 2s, verify: all}]",
    // a step's shape
    "x.yml:2: steps[0]: expected a mapping (a trigger and an action), got 'kill seeder-1'"
        + " | steps:\n  - kill seeder-1",
    "x.yml:3: steps[1]: expected a mapping (a trigger and an action), got a list"
        + " | steps:\n  - {at: 1s, verify: all}\n  - [at, 1s]",
    "x.yml:3: steps[0]: a step needs one trigger, 'at' or 'when'"
        + " | steps:\n  # no trigger\n  - kill: seeder-1",
    "x.yml:4: steps[0]: a step has one trigger, 'at' or 'when' (got both)"
        + " | steps:\n  - at: 1s\n    kill: seeder-1\n    when: {progress: 0.5}",
    "x.yml:2: steps[0]: a step needs one action"
        + " (kill, restart, pause, unpause, throttle, link, scale, verify)"
        + " | steps:\n  - at: 1s\n    name: nothing",
    "x.yml:4: steps[0]: a step has one action (got 'kill' and 'restart')"
        + " | steps:\n  - at: 1s\n    kill: seeder-1\n    restart: seeder-1",
    "x.yml:4: steps[1]: unknown action 'explode'"
        + " (expected kill, restart, pause, unpause, throttle, link, scale, verify)"
        + " | steps:\n  - {at: 1s, verify: all}\n  - at: 2s\n    explode: leecher-1",
    "x.yml:4: steps[0]: duplicate key 'at'"
        + " | steps:\n  - at: 1s\n    kill: seeder-1\n    at: 2s",
    "x.yml:3: steps[0].name: expected a string, got a mapping"
        + " | steps:\n  - at: 1s\n    name: {a: b}\n    kill: all",
    "x.yml:3: steps[0].name: a name is one line of at most 100 characters"
        + " | steps:\n  - at: 1s\n    name: \"two\\nlines\"\n    kill: all",
    // triggers
    "x.yml:5: steps[1].at: not a duration: 'soon' (examples: 90s, 10m, 1h30m)"
        + " | steps:\n  - {at: 1s, verify: all}\n  - kill: seeder-1\n\n    at: soon",
    "x.yml:2: steps[0].at: not a duration: '90' (examples: 90s, 10m, 1h30m)"
        + " | steps:\n  - at: 90\n    kill: all",
    "x.yml:2: steps[0].at must be between 0s and 24h after the lab came up (got '25h')"
        + " | steps:\n  - at: 25h\n    kill: all",
    "x.yml:2: steps[0].at: expected a duration (90s, 10m, 1h30m), got a list"
        + " | steps:\n  - at: [1s]\n    kill: all",
    "x.yml:2: steps[0].at: expected a duration (90s, 10m, 1h30m), got nothing"
        + " | steps:\n  - at:\n    kill: all",
    "x.yml:2: steps[0].when: unknown key 'time' (expected progress)"
        + " | steps:\n  - when: {time: 1s}\n    kill: all",
    "x.yml:2: steps[0].when: needs progress, the swarm's share done (0.3 for 30%)"
        + " | steps:\n  - when: {}\n    kill: all",
    "x.yml:2: steps[0].when: expected a mapping (progress), got '0.3'"
        + " | steps:\n  - when: 0.3\n    kill: all",
    "x.yml:3: steps[0].when.progress: not a fraction more than 0 and at most 1: '30%'"
        + " (examples: 0.3, 0.95, 1) | steps:\n  - when:\n      progress: 30%\n    kill: all",
    "x.yml:2: steps[0].when.progress: not a fraction more than 0 and at most 1: '0'"
        + " (examples: 0.3, 0.95, 1) | steps:\n  - when: {progress: 0}\n    kill: all",
    "x.yml:2: steps[0].when.progress: not a fraction more than 0 and at most 1: '1.5'"
        + " (examples: 0.3, 0.95, 1) | steps:\n  - when: {progress: 1.5}\n    kill: all",
    "x.yml:2: steps[0].when.progress: not a fraction more than 0 and at most 1: '-0.5'"
        + " (examples: 0.3, 0.95, 1) | steps:\n  - when: {progress: -0.5}\n    kill: all",
    // targets
    "x.yml:3: steps[0].kill: not a target: 'seeder-0'"
        + " (a peer like leecher-3, a role: seeder or leecher, or all)"
        + " | steps:\n  - at: 1s\n    kill: seeder-0",
    "x.yml:3: steps[0].pause: not a target: 'seeders'"
        + " (a peer like leecher-3, a role: seeder or leecher, or all)"
        + " | steps:\n  - at: 1s\n    pause: seeders",
    "x.yml:3: steps[0].verify: not a target: 'leecher-1234567'"
        + " (a peer like leecher-3, a role: seeder or leecher, or all)"
        + " | steps:\n  - at: 1s\n    verify: leecher-1234567",
    "x.yml:3: steps[0].kill: expected a target"
        + " (a peer like leecher-3, a role: seeder or leecher, or all), got a list"
        + " | steps:\n  - at: 1s\n    kill: [seeder-1, seeder-2]",
    "x.yml:3: steps[0].restart: expected a target"
        + " (a peer like leecher-3, a role: seeder or leecher, or all), got nothing"
        + " | steps:\n  - at: 1s\n    restart:",
    // throttle
    "x.yml:7: steps[2].throttle: unknown key 'upp' (expected target, up, down)"
        + " | steps:\n  - {at: 1s, verify: all}\n  - {at: 2s, verify: all}\n  - at: 3s\n"
        + "    throttle:\n      target: seeder\n      upp: 1MiB",
    "x.yml:3: steps[0].throttle: needs a target:"
        + " a peer like leecher-3, a role: seeder or leecher, or all"
        + " | steps:\n  - at: 1s\n    throttle: {up: 1MiB}",
    "x.yml:3: steps[0].throttle: say what to limit: up, down or both"
        + " | steps:\n  - at: 1s\n    throttle: {target: seeder}",
    "x.yml:3: steps[0].throttle: expected a mapping (target, up, down), got 'seeder'"
        + " | steps:\n  - at: 1s\n    throttle: seeder",
    "x.yml:3: steps[0].throttle.up: not a rate: 'fast'"
        + " (bytes per second: 512KiB, 2MiB, 1MB; or none)"
        + " | steps:\n  - at: 1s\n    throttle: {target: seeder, up: fast}",
    "x.yml:5: steps[0].throttle.down must be from 1KiB to 10GiB a second, or none (got '1B')"
        + " | steps:\n  - at: 1s\n    throttle:\n      target: seeder\n      down: 1B",
    "x.yml:3: steps[0].throttle.target: not a target: 'everyone'"
        + " (a peer like leecher-3, a role: seeder or leecher, or all)"
        + " | steps:\n  - at: 1s\n    throttle: {target: everyone, up: 1MiB}",
    "x.yml:3: steps[0].throttle: duplicate key 'up'"
        + " | steps:\n  - at: 1s\n    throttle: {target: seeder, up: 1MiB, up: 2MiB}",
    // link
    "x.yml:3: steps[0].link: say what to shape: bandwidth, latency, jitter, loss, or clear: true"
        + " | steps:\n  - at: 1s\n    link: {target: seeder}",
    "x.yml:3: steps[0].link: clear takes no other condition"
        + " | steps:\n  - at: 1s\n    link: {target: seeder, loss: 1%, clear: true}",
    "x.yml:3: steps[0].link.clear: write clear: true, or leave it out"
        + " | steps:\n  - at: 1s\n    link: {target: seeder, clear: false}",
    "x.yml:3: steps[0].link.bandwidth: not a bandwidth: '8MiB'"
        + " (bits a second: 512kbit, 20mbit, 1gbit)"
        + " | steps:\n  - at: 1s\n    link: {target: seeder, bandwidth: 8MiB}",
    "x.yml:3: steps[0].link.latency must be between 0ms and 10s (got '11s')"
        + " | steps:\n  - at: 1s\n    link: {target: seeder, latency: 11s}",
    "x.yml:3: steps[0].link.loss: not a share of packets from 0% to 100%: '1'"
        + " (examples: 1%, 0.5%)"
        + " | steps:\n  - at: 1s\n    link: {target: seeder, loss: 1}",
    "x.yml:3: steps[0].link: unknown key 'delay'"
        + " (expected target, bandwidth, latency, jitter, loss, clear)"
        + " | steps:\n  - at: 1s\n    link: {target: seeder, delay: 5ms}",
    // scale
    "x.yml:3: steps[0].scale.leechers: at most 500 leechers (got '+501')"
        + " | steps:\n  - at: 1s\n    scale: {leechers: \"+501\"}",
    "x.yml:3: steps[0].scale.leechers: not a number of leechers: 'many'"
        + " (30 in all, \"+5\" more or \"-3\" fewer)"
        + " | steps:\n  - at: 1s\n    scale: {leechers: many}",
    "x.yml:3: steps[0].scale.leechers: not a number of leechers: '1.5'"
        + " (30 in all, \"+5\" more or \"-3\" fewer)"
        + " | steps:\n  - at: 1s\n    scale: {leechers: 1.5}",
    "x.yml:3: steps[0].scale: needs leechers: N, \"+N\" or \"-N\""
        + " | steps:\n  - at: 1s\n    scale: {}",
    "x.yml:3: steps[0].scale: unknown key 'seeders' (expected leechers)"
        + " | steps:\n  - at: 1s\n    scale: {seeders: 3}",
    "x.yml:3: steps[0].scale: expected a mapping (leechers), got '+5'"
        + " | steps:\n  - at: 1s\n    scale: \"+5\"",
    // YAML that is not plain
    "x.yml:2: steps[0]: anchors and aliases are not supported (&a)"
        + " | steps:\n  - &a {at: 1s, verify: all}\n  - *a",
    "x.yml:3: steps[0].kill: tags are not supported (tag:yaml.org,2002:binary)"
        + " | steps:\n  - at: 1s\n    kill: !!binary c2VlZGVy",
    "x.yml:2: steps[0]: tags are not supported (!step)"
        + " | steps:\n  - !step {at: 1s, kill: all}",
    "x.yml:2: steps[0]: expected a key, got a list" + " | steps:\n  - {[at]: 1s, kill: all}",
  };

  static Stream<Arguments> badInputs() {
    return Stream.of(BAD)
        .map(
            c -> Arguments.of(c.substring(0, c.indexOf(" | ")), c.substring(c.indexOf(" | ") + 3)));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void badInputIsOneLineNamingTheFileTheLineAndTheKey(String message, String yaml) {
    assertRefused(message, yaml);
  }

  @Test
  void notYamlSaysWhereTheParserStopped() {
    assertRefused(
        "x.yml:3: invalid YAML: mapping values are not allowed here",
        "steps:\n  - at: 1s\n    kill: a: b\n");
    assertRefused(
        "x.yml:2: invalid YAML: while parsing a flow mapping, expected ',' or '}', but got <stream end>",
        "steps:\n  - {at: 1s\n");
    assertRefused(
        "x.yml:2: invalid YAML: expected a single document in the stream, but found another document",
        "steps: [{at: 1s, kill: all}]\n---\nsteps: [{at: 1s, kill: all}]\n");
    assertRefused("x.yml:1: invalid YAML: found undefined alias s", "steps: *s\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n\n", "# only a comment\n", "---\n", "~\n"})
  void anEmptyFileIsRefused(String yaml) {
    assertRefused("x.yml: empty; a scenario needs steps (a list)", yaml);
  }

  @Test
  void atMostAThousandSteps() {
    String step = "  - {at: 1s, verify: all}\n";
    assertEquals(1000, parse("steps:\n" + step.repeat(1000)).steps().size());
    assertRefused(
        "x.yml:1002: steps: at most 1000 steps (got 1001)", "steps:\n" + step.repeat(1001));
  }

  @Test
  void anErrorQuotingAValueStaysOneLineAndShort() {
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> parse("steps:\n  - at: 1s\n    kill: \"a\\nb\"\n"));
    assertEquals(
        "x.yml:3: steps[0].kill: not a target: 'a\\nb'"
            + " (a peer like leecher-3, a role: seeder or leecher, or all)",
        e.getMessage());
    assertRefused(
        "x.yml:3: steps[0].kill: too long: 300 characters (at most 200)",
        "steps:\n  - at: 1s\n    kill: " + "x".repeat(300) + "\n");
    assertRefused(
        "x.yml:2: steps[0]: unknown action '"
            + "y".repeat(60)
            + "...'"
            + " (expected kill, restart, pause, unpause, throttle, link, scale, verify)",
        "steps:\n  - " + "y".repeat(100) + ": 1\n    at: 1s\n");
  }

  // --- files

  @Test
  void readsAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s.yml");
    Files.writeString(file, EXAMPLE);
    Scenario s = Scenario.read(file);
    assertEquals(Scenario.parse(EXAMPLE, file.toString()), s);
    assertEquals(file.toString(), s.source());
  }

  @Test
  void errorsInAFileNameTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.yml");
    Files.writeString(file, "steps:\n  - at: 1s\n    explode: all\n");
    BadInputException e = assertThrows(BadInputException.class, () -> Scenario.read(file));
    assertTrue(
        e.getMessage().startsWith(file + ":3: steps[0]: unknown action 'explode'"), e.getMessage());
  }

  @Test
  void aMissingFileOrADirectoryCannotBeRead(@TempDir Path dir) {
    Path missing = dir.resolve("x.yml");
    assertEquals(
        "cannot read " + missing + ": no such file",
        assertThrows(BadInputException.class, () -> Scenario.read(missing)).getMessage());
    assertEquals(
        "cannot read " + dir + ": a directory, not a file",
        assertThrows(BadInputException.class, () -> Scenario.read(dir)).getMessage());
  }

  @Test
  void aFileLargerThanOneMebibyteIsRefusedUnread(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.yml");
    String comment = "#" + "x".repeat(1023) + "\n";
    Files.writeString(file, EXAMPLE + comment.repeat(1024));
    assertEquals(
        file + ": larger than 1 MiB; a scenario is a list of steps, not data",
        assertThrows(BadInputException.class, () -> Scenario.read(file)).getMessage());
    String justSo = "#" + "x".repeat(1 << 20).substring(EXAMPLE.length() + 2) + "\n";
    Files.writeString(file, EXAMPLE + justSo);
    assertEquals(1 << 20, Files.size(file));
    assertEquals(5, Scenario.read(file).steps().size());
    assertEquals(
        "x.yml: larger than 1 MiB; a scenario is a list of steps, not data",
        assertThrows(
                BadInputException.class,
                () -> Scenario.parse(EXAMPLE + comment.repeat(1024), "x.yml"))
            .getMessage());
  }

  @Test
  void aFileThatIsNotTextIsRefused(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.yml");
    Files.write(file, new byte[] {'s', 't', (byte) 0xff, (byte) 0xfe, '\n'});
    assertEquals(
        file + ": not UTF-8 text",
        assertThrows(BadInputException.class, () -> Scenario.read(file)).getMessage());
    Files.write(file, "steps:\n  - at: 1s\n    kill: all\u0001\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(
        file + ":3: invalid YAML: special characters are not allowed (U+0001)",
        assertThrows(BadInputException.class, () -> Scenario.read(file)).getMessage());
  }

  // --- the examples

  @Test
  void everyExampleParses() throws IOException {
    Map<String, Scenario> examples;
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      examples =
          files
              .filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
              .sorted()
              .collect(
                  Collectors.toMap(
                      f -> f.getFileName().toString(),
                      Scenario::read,
                      (a, b) -> a,
                      java.util.TreeMap::new));
    }
    assertEquals(
        List.of("flash-crowd.yml", "leecher-crash.yml", "seeder-dies.yml", "slow-seeders.yml"),
        List.copyOf(examples.keySet()));
    examples.forEach(
        (name, s) -> {
          assertTrue(s.description() != null && !s.description().isBlank(), name);
          Step last = s.steps().get(s.steps().size() - 1);
          assertEquals(new WhenProgress(1.0), last.trigger(), name + " verifies at the end");
          assertTrue(last.action() instanceof Verify, name + " verifies at the end");
        });
    assertEquals(
        List.of(
            "at 30% progress: kill seeder-1 (seeder-1 crashes)",
            "at 100% progress: verify all (check every copy)"),
        describe(examples.get("seeder-dies.yml")));
    assertEquals(
        List.of(
            "at 5s: scale leechers=+20 (the crowd arrives)", "at 100% progress: verify leecher"),
        describe(examples.get("flash-crowd.yml")));
    assertEquals(
        List.of(
            "at 0s: throttle seeder up 256.0 KiB/s (slow every seeder)",
            "at 100% progress: verify all"),
        describe(examples.get("slow-seeders.yml")));
    assertEquals(
        List.of(
            "at 40% progress: kill leecher-1 (leecher-1 crashes)",
            "at 60% progress: restart leecher-1 (leecher-1 comes back)",
            "at 100% progress: verify all"),
        describe(examples.get("leecher-crash.yml")));
  }

  private static List<String> describe(Scenario s) {
    return s.steps().stream().map(Step::describe).toList();
  }

  private static Scenario parse(String yaml) {
    return Scenario.parse(yaml, "x.yml");
  }

  /** The action of a one-step scenario whose step is {@code at: 1s} and {@code yaml}. */
  private static Action action(String yaml) {
    return parse("steps:\n  - at: 1s\n    " + yaml + "\n").steps().get(0).action();
  }

  private static void assertRefused(String message, String yaml) {
    BadInputException e = assertThrows(BadInputException.class, () -> parse(yaml));
    assertEquals(message, e.getMessage());
  }
}
