package dev.swarmlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmlab.cli.LabContext;
import dev.swarmlab.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs} and {@code report} as a user types them, on a run written on disk. */
class ReportCliTest {
  @TempDir Path state;
  private LabContext context;

  @BeforeEach
  void aRun() {
    SyntheticRun.standard(state); // lab "lab" in this state directory
    context =
        LabContext.standard().withStateDir(state); // no engine is asked: runs and reports are files
  }

  private Cli run(String... args) {
    return Cli.run(context, args);
  }

  @Test
  void runsListsTheRunAndReportPrintsItsSummary() throws Exception {
    Cli runs = run("runs", "-p", "lab");
    assertEquals(0, runs.code(), runs::toString);
    assertTrue(
        runs.out().contains(SyntheticRun.ID) && runs.out().contains("complete    2/2"), runs.out());

    Cli json = run("report", "-p", "lab", "--format", "json");
    assertEquals(0, json.code(), json::toString);
    JsonNode s = new ObjectMapper().readTree(json.out());
    assertEquals(SyntheticRun.ID, s.get("run").asText());
    assertTrue(s.get("flows").size() > 0, json.out());

    Cli byPrefix = run("report", "-p", "lab", "--format", "json", SyntheticRun.ID.substring(0, 9));
    assertEquals(json.out(), byPrefix.out(), "a run named by the start of its id");
  }

  @Test
  void thePageIsWrittenInTheRunReadableByAll() throws Exception {
    Cli html = run("report", "-p", "lab");
    assertEquals(0, html.code(), html::toString);
    Path page = Path.of(html.out().strip()).toAbsolutePath();
    assertEquals(state.resolve("lab/runs").resolve(SyntheticRun.ID).resolve("report.html"), page);
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));
    assertTrue(Files.readString(page).contains("<svg"), "a page with its charts");
    try (var left = Files.list(page.getParent())) {
      assertTrue(left.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void compareWritesOnePageOverlayingTheRuns() throws Exception {
    Cli page = run("report", "-p", "lab", "--compare", SyntheticRun.ID);
    assertEquals(0, page.code(), page::toString);
    Path file = Path.of(page.out().strip()).toAbsolutePath();
    assertEquals("compare.html", file.getFileName().toString());
    String html = Files.readString(file);
    assertTrue(html.contains("data-chart=\"compare-cdf\""), "the completion curves, overlaid");
  }

  @Test
  void badRequestsGetOneLineAndExit2() throws Exception {
    Path dir = Files.createDirectories(state.resolve("out"));
    String[][] bad = {
      {"report", "-p", "lab", "--format", "xml"},
      {"report", "-p", "lab", "--table", "peers"},
      {"report", "-p", "lab", "--format", "csv", "--table", "pieces"},
      {"report", "-p", "lab", "--format", "json", "--compare", SyntheticRun.ID},
      {"report", "-p", "lab", "20990101"},
      {"report", "-p", "lab", "-o", dir.toString()},
      {"report", "-p", "nothing-here"},
    };
    for (String[] args : bad) {
      Cli r = run(args);
      assertEquals(2, r.code(), String.join(" ", args) + "\n" + r);
      assertEquals(1, r.err().strip().lines().count(), r::toString);
      assertTrue(r.err().startsWith("swarmlab: error: "), r::toString);
    }
    Cli none = run("runs", "-p", "nothing-here");
    assertEquals(0, none.code(), none::toString);
    assertTrue(none.out().contains("no runs"), none::toString);
  }
}
