package dev.swarmlab.cli;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.report.CsvReport;
import dev.swarmlab.report.HtmlReport;
import dev.swarmlab.report.Reports;
import dev.swarmlab.report.Summary;
import dev.swarmlab.runs.RunRecord;
import dev.swarmlab.runs.RunStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab report}: what a run came to, as a page, JSON or CSV. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Report on a run (default: the latest): who sent which blocks to whom and when, each"
          + " leecher's progress, how pieces spread. Writes one self-contained HTML page and"
          + " prints its path; --format json|csv prints to standard output instead."
    })
final class ReportCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "RUN",
      description = "A run id, or its start (see 'swarmlab runs'); default: the latest run.")
  String runId;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "html",
      description = "html (default), json (the run's summary) or csv (one table, see --table).")
  String format;

  @Option(
      names = "--table",
      paramLabel = "TABLE",
      description = "With --format csv: flows (default), peers, blocks or marks.")
  String table;

  @Option(
      names = "--compare",
      paramLabel = "RUN",
      description =
          "Overlay this run's completion curves with RUN's on one page (repeat for more runs).")
  List<String> compare = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write here instead (default for html: report.html in the run's directory; '-' for"
              + " standard output).")
  Path output;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (!List.of("html", "json", "csv").contains(format)) {
      throw new BadInputException("--format must be html, json or csv (got '" + format + "')");
    }
    if (table != null && !format.equals("csv")) {
      throw new BadInputException("--table goes with --format csv");
    }
    if (table == null) {
      table = CsvReport.TABLES.get(0);
    }
    if (!CsvReport.TABLES.contains(table)) {
      throw new BadInputException(
          "--table must be one of "
              + String.join(", ", CsvReport.TABLES)
              + " (got '"
              + table
              + "')");
    }
    if (!compare.isEmpty() && !format.equals("html")) {
      throw new BadInputException("--compare makes a page: leave out --format");
    }
    RunStore runs = root.context().lab(null).runs(project.name());
    RunRecord record =
        runId == null
            ? runs.latest()
                .orElseThrow(
                    () ->
                        new BadInputException(
                            "lab '"
                                + project.name()
                                + "' has no runs yet ('swarmlab up' makes one)"))
            : runs.find(runId);
    Summary summary = Reports.summary(record);
    switch (format) {
      case "json" -> emit(out, new String(Reports.json(summary), StandardCharsets.UTF_8) + "\n");
      case "csv" -> {
        if (output == null || output.toString().equals("-")) {
          CsvReport.write(table, record, summary, out);
          out.flush();
        } else {
          writeFile(output, w -> CsvReport.write(table, record, summary, w));
          out.println(output);
        }
      }
      default -> {
        String page;
        Path file;
        if (compare.isEmpty()) {
          page = HtmlReport.render(summary);
          file = record.dir().resolve("report.html");
        } else {
          List<Summary> all = new ArrayList<>(List.of(summary));
          for (String other : compare) {
            all.add(Reports.summary(runs.find(other)));
          }
          page = HtmlReport.compare(all);
          file = record.dir().resolve("compare.html");
        }
        if (output != null && output.toString().equals("-")) {
          out.print(page);
          out.flush();
          return ExitCodes.OK;
        }
        Path target = output != null ? output : file;
        writeFile(target, w -> w.write(page));
        out.println(shown(target));
      }
    }
    return ExitCodes.OK;
  }

  private void emit(PrintWriter out, String text) {
    if (output == null || output.toString().equals("-")) {
      out.print(text);
      out.flush();
    } else {
      writeFile(output, w -> w.write(text));
      out.println(shown(output));
    }
  }

  private interface Body {
    void write(Writer w) throws IOException;
  }

  /**
   * Writes {@code file} whole or not at all (a file beside it, then renamed over it), readable by
   * all like any file a user saves: a report holds nothing secret.
   */
  private static void writeFile(Path file, Body body) {
    Path abs = file.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new BadInputException("-o: " + file + " is a directory; give a file name");
    }
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new BadInputException("cannot write " + file + ": no such directory");
    }
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        body.write(w);
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // nothing more to do
        }
      }
    }
  }

  private static Path shown(Path p) {
    Path here = Path.of("").toAbsolutePath();
    Path abs = p.toAbsolutePath();
    return abs.startsWith(here) ? here.relativize(abs) : abs;
  }
}
