package dev.swarmlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
