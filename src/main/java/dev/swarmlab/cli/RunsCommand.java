package dev.swarmlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.swarmlab.report.Reports;
import dev.swarmlab.report.Summary;
import dev.swarmlab.runs.RunRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code swarmlab runs}: the lab's recorded runs. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = {
      "List the lab's runs (one per up), oldest first: kept in .swarmlab/PROJECT/runs/ after"
          + " down; delete a run's directory there to forget it.",
    })
final class RunsCommand implements Callable<Integer> {
  @Mixin ProjectOptions project;

  @Option(names = "--json", description = "Print the runs as JSON.")
  boolean json;

  @Spec CommandSpec spec;
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<RunRecord> runs = root.context().lab(null).runs(project.name()).list();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RunRecord r : runs) {
      Summary s = Reports.summary(r);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("run", s.run());
      row.put("started", s.started());
      row.put("plan", s.plan());
      row.put("state", s.state());
      row.put("outcome", outcome(r, s));
      row.put("leechersComplete", s.totals().leechersComplete());
      row.put("leechers", s.totals().leechers());
      row.put(
          "lastComplete",
          !s.complete()
              ? null
              : s.peers().stream()
                  .filter(p -> p.completedAt() != null && p.role().equals("leecher"))
                  .mapToLong(Summary.Peer::completedAt)
                  .max()
                  .stream()
                  .boxed()
                  .findFirst()
                  .orElse(null));
      rows.add(row);
    }
    if (json) {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
      return ExitCodes.OK;
    }
    if (rows.isEmpty()) {
      out.println("no runs of lab '" + project.name() + "' yet ('swarmlab up' makes one)");
      return ExitCodes.OK;
    }
    String format = "%-26s %-20s %-11s %-9s %-10s %s%n";
    out.printf(format, "RUN", "STARTED", "OUTCOME", "LEECHERS", "LAST DONE", "PLAN");
    for (Map<String, Object> row : rows) {
      Object last = row.get("lastComplete");
      out.printf(
          format,
          row.get("run"),
          row.get("started").toString().replace('T', ' ').replaceFirst("\\.\\d+Z$", "Z"),
          row.get("outcome"),
          row.get("leechersComplete") + "/" + row.get("leechers"),
          last == null ? "-" : last + " s",
          row.get("plan"));
    }
    return ExitCodes.OK;
  }

  /** {@code complete}, {@code incomplete}, {@code running}, or how the run's up failed. */
  static String outcome(RunRecord r, Summary s) {
    if (r.last("failed").isPresent()) {
      return "failed";
    }
    var ended = r.last(RunRecord.ENDED);
    if (ended.isPresent() && "up interrupted".equals(ended.get().detail().get("how"))) {
      return "cancelled";
    }
    if (s.complete()) {
      return "complete";
    }
    return s.state().equals("running") ? "running" : "incomplete";
  }
}
