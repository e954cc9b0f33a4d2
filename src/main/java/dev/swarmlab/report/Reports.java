package dev.swarmlab.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.swarmlab.runs.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A run's summary: kept in {@code summary.json} once the run has ended, made anew while it runs.
 */
public final class Reports {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Reports() {}

  /**
   * What {@code record} came to: for a run that has ended, its {@code summary.json} (written now if
   * it is missing; its marks read from the record if it was written before summaries had them); for
   * one that runs, read from its peers' files as they are now.
   */
  public static Summary summary(RunRecord record) {
    if (record.ended()) {
      var stored = record.summaryFile();
      if (stored.isPresent()) {
        try (InputStream in = RunRecord.open(stored.get())) {
          Summary s = JSON.readValue(in, Summary.class);
          if (s.marks() == null) {
            // kept before summaries had marks: the record has what was done all the same
            RunMarks.Found marks = RunMarks.of(record, s.epoch0());
            s = s.withMarks(marks.marks(), marks.leftOut());
          }
          return s;
        } catch (IOException e) {
          // made again below
        }
      }
      Summary s = RunAnalysis.summarize(record);
      record.writeSummary(json(s));
      return s;
    }
    return RunAnalysis.summarize(record);
  }

  /** {@code summary} as {@code summary.json} holds it. */
  public static byte[] json(Summary summary) {
    try {
      return JSON.writeValueAsBytes(summary);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a summary", e);
    }
  }
}
