package dev.swarmlab.cli;

import dev.swarmlab.runs.RunRecord;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/** What a command did to a running lab, noted in its run's {@code events.jsonl}. */
final class RunNotes {
  private RunNotes() {}

  /**
   * Appends {@code event} with {@code detail} to the latest run of lab {@code project} if it has
   * not ended; a record that cannot be written is a warning on {@code err}, never a failure.
   */
  static void note(
      LabContext context, String project, String event, Map<String, ?> detail, PrintWriter err) {
    try {
      Optional<RunRecord> latest = context.lab(null).runs(project).latest();
      if (latest.isPresent() && !latest.get().ended()) {
        latest.get().event(event, detail);
      }
    } catch (RuntimeException e) {
      err.println("swarmlab: warning: the run record does not say so: " + e.getMessage());
    }
  }
}
