package dev.swarmlab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's summary: kept in summary.json once the run has ended, made anew while it runs. */
class ReportsTest {
  @TempDir Path tmp;

  @Test
  void anEndedRunsSummaryIsWrittenOnceAndReadBackEqual() throws Exception {
    SyntheticRun run = SyntheticRun.standard(tmp);
    run.record.end(run.control, "down");
    Summary made = RunAnalysis.summarize(run.record);

    Summary first = Reports.summary(run.record);

    assertEquals(made, first);
    Path file = run.record.summaryFile().orElseThrow();
    assertEquals(run.record.dir().resolve("summary.json"), file);
    String json = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(json.contains("\"run\" : \"" + SyntheticRun.ID + "\""), json);
    assertEquals(json, new String(Reports.json(made), StandardCharsets.UTF_8));

    deleteTree(run.record.dir().resolve("peers")); // what is read now is the file alone
    Summary again = Reports.summary(run.record);

    assertEquals(made, again);
    assertEquals(json, Files.readString(file, StandardCharsets.UTF_8), "not written again");
  }

  @Test
  void aRunningRunIsReadFromItsPeersAndNothingIsWritten() {
    SyntheticRun run = SyntheticRun.standard(tmp);

    Summary s = Reports.summary(run.record);

    assertEquals("running", s.state());
    assertEquals(RunAnalysis.summarize(run.record), s);
    assertEquals(Optional.empty(), run.record.summaryFile());
    run.got(SyntheticRun.L2, 1020, SyntheticRun.H1, SyntheticRun.S1, 0, 0);
    assertEquals(
        s.totals().duplicateBytes() + SyntheticRun.BLOCK,
        Reports.summary(run.record).totals().duplicateBytes(),
        "made anew each time");
  }

  @Test
  void aDamagedSummaryIsMadeAgain() throws Exception {
    SyntheticRun run = SyntheticRun.standard(tmp);
    run.record.end(run.control, "down");
    run.record.writeSummary("{\"run\": 12, broken".getBytes(StandardCharsets.UTF_8));

    Summary s = Reports.summary(run.record);

    assertEquals(RunAnalysis.summarize(run.record), s);
    assertEquals(
        new String(Reports.json(s), StandardCharsets.UTF_8),
        Files.readString(run.record.summaryFile().orElseThrow()));
    assertFalse(Files.readString(run.record.summaryFile().orElseThrow()).contains("broken"));
  }

  @Test
  void theJsonHasTheMarksWithTheirTimeLabelAndEvent() throws Exception {
    SyntheticRun run = SyntheticRun.standard(tmp);
    run.noted(1030, "kill", Map.of("target", "seeder-1", "peers", List.of("seeder-1")))
        .noted(
            1005,
            "step",
            Map.of("step", 1, "action", "throttle seeder --up 1MiB", "trigger", "at 5s"));
    run.record.end(run.control, "down");

    JsonNode json = new ObjectMapper().readTree(Reports.json(Reports.summary(run.record)));

    assertEquals(
        new ObjectMapper()
            .readTree(
                "[{\"at\":5,\"label\":\"throttle seeder --up 1MiB\",\"event\":\"step\"},"
                    + "{\"at\":30,\"label\":\"kill seeder-1\",\"event\":\"kill\"}]"),
        json.get("marks"));
    assertEquals(0, json.get("marksLeftOut").asInt());
    assertEquals(
        List.of(
            new Summary.Mark(5, "throttle seeder --up 1MiB", "step"),
            new Summary.Mark(30, "kill seeder-1", "kill")),
        Reports.summary(run.record).marks(),
        "read back from summary.json");
  }

  @Test
  void aRunWhereNothingWasDoneHasNoMarksInItsJson() throws Exception {
    SyntheticRun run = SyntheticRun.standard(tmp);

    JsonNode json = new ObjectMapper().readTree(Reports.json(Reports.summary(run.record)));

    assertEquals(0, json.get("marks").size());
    assertEquals(0, json.get("marksLeftOut").asInt());
  }

  @Test
  void aHostileLabelIsPrintableAndShortInTheJson() throws Exception {
    SyntheticRun run = SyntheticRun.standard(tmp);
    String hostile = "<script>\"\\\u0000\u001b\u2028" + "x".repeat(10_000);
    run.noted(1003, "step", Map.of("step", 1, "action", hostile, "trigger", "at 3s"));

    byte[] bytes = Reports.json(Reports.summary(run.record));
    String text = new String(bytes, StandardCharsets.UTF_8);

    assertTrue(text.length() < 8_000, "the 10 KB are cut");
    assertFalse(
        text.contains("\u2028"), "no line separator, which some readers take as a line end");
    assertTrue(text.chars().allMatch(c -> c >= 0x20 || c == '\n'), "no control character");
    String label = new ObjectMapper().readTree(bytes).get("marks").get(0).get("label").asText();
    assertTrue(label.startsWith("<script>\"\\\uFFFD\uFFFD x"), label);
    assertEquals(RunMarks.MAX_LABEL, label.codePointCount(0, label.length()));
  }

  @Test
  void aSummaryKeptBeforeMarksGetsThemFromTheRecord() throws Exception {
    SyntheticRun run = SyntheticRun.standard(tmp);
    run.noted(1030, "kill", Map.of("target", "seeder-1", "peers", List.of("seeder-1")));
    run.record.end(run.control, "down");
    ObjectNode old =
        (ObjectNode) new ObjectMapper().readTree(Reports.json(Reports.summary(run.record)));
    old.remove(List.of("marks", "marksLeftOut"));
    byte[] kept = new ObjectMapper().writeValueAsBytes(old);
    run.record.writeSummary(kept);

    Summary s = Reports.summary(run.record);

    assertEquals(List.of(new Summary.Mark(30, "kill seeder-1", "kill")), s.marks());
    assertArrayEquals(
        kept, Files.readAllBytes(run.record.summaryFile().orElseThrow()), "not written");
  }

  @Test
  void anEditedSummaryKeepsNoMoreMarksThanARunWould() throws Exception {
    SyntheticRun run = SyntheticRun.standard(tmp);
    run.record.end(run.control, "down");
    ObjectNode json =
        (ObjectNode) new ObjectMapper().readTree(Reports.json(Reports.summary(run.record)));
    ArrayNode marks = json.putArray("marks");
    for (int i = 0; i < RunMarks.MAX + 7; i++) {
      marks.addObject().put("at", i).put("label", "x\u0007".repeat(100)).put("event", "kill");
    }
    json.put("marksLeftOut", 3);
    run.record.writeSummary(new ObjectMapper().writeValueAsBytes(json));

    Summary s = Reports.summary(run.record);

    assertEquals(RunMarks.MAX, s.marks().size());
    assertEquals(10, s.marksLeftOut());
    assertEquals(
        ("x\uFFFD".repeat(40)).substring(0, RunMarks.MAX_LABEL - 1) + "…",
        s.marks().get(0).label());
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
