package dev.swarmlab.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.swarmlab.runs.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * A run as CSV tables, with a header line; the columns are documented in README ("Reports"):
 *
 * <ul>
 *   <li>{@code flows}: one row per sender and receiver;
 *   <li>{@code peers}: one row per peer;
 *   <li>{@code blocks}: one row per block a peer received (kept, or a duplicate), in each
 *       receiver's log order: the exact record of which block came from which peer, and when;
 *   <li>{@code marks}: one row per thing done to the lab on purpose while it ran ({@link
 *       Summary#marks}), by time.
 * </ul>
 */
public final class CsvReport {
  private static final CsvMapper CSV = new CsvMapper();

  /** The tables. */
  public static final List<String> TABLES = List.of("flows", "peers", "blocks", "marks");

  private CsvReport() {}

  @JsonPropertyOrder({
    "from",
    "from_role",
    "to",
    "bytes",
    "blocks",
    "duplicate_bytes",
    "first_s",
    "last_s"
  })
  record FlowRow(
      String from,
      String from_role,
      String to,
      long bytes,
      long blocks,
      long duplicate_bytes,
      long first_s,
      long last_s) {}

  @JsonPropertyOrder({
    "name",
    "role",
    "address",
    "started_s",
    "completed_s",
    "time_to_complete_s",
    "received_bytes",
    "sent_bytes",
    "duplicate_bytes",
    "client"
  })
  record PeerRow(
      String name,
      String role,
      String address,
      Long started_s,
      Long completed_s,
      Long time_to_complete_s,
      long received_bytes,
      long sent_bytes,
      long duplicate_bytes,
      String client) {}

  @JsonPropertyOrder({
    "time_s",
    "epoch",
    "torrent",
    "piece",
    "offset",
    "length",
    "from",
    "to",
    "duplicate"
  })
  record BlockRow(
      long time_s,
      long epoch,
      String torrent,
      int piece,
      int offset,
      int length,
      String from,
      String to,
      boolean duplicate) {}

  @JsonPropertyOrder({"time_s", "event", "label"})
  record MarkRow(long time_s, String event, String label) {}

  /**
   * Writes table {@code table} of {@code record} (summarized as {@code summary}) to {@code out}.
   */
  public static void write(String table, RunRecord record, Summary summary, Writer out) {
    try {
      switch (table) {
        case "flows" -> {
          try (SequenceWriter w = writer(FlowRow.class, out)) {
            for (Summary.Flow f : summary.flows()) {
              w.write(
                  new FlowRow(
                      f.from(),
                      f.fromRole(),
                      f.to(),
                      f.bytes(),
                      f.blocks(),
                      f.duplicateBytes(),
                      f.firstAt(),
                      f.lastAt()));
            }
          }
        }
        case "peers" -> {
          try (SequenceWriter w = writer(PeerRow.class, out)) {
            for (Summary.Peer p : summary.peers()) {
              w.write(
                  new PeerRow(
                      p.name(),
                      p.role(),
                      p.address(),
                      p.startedAt(),
                      p.completedAt(),
                      p.timeToComplete(),
                      p.receivedBytes(),
                      p.sentBytes(),
                      p.duplicateBytes(),
                      p.client()));
            }
          }
        }
        case "blocks" -> {
          try (SequenceWriter w = writer(BlockRow.class, out)) {
            long epoch0 = summary.epoch0();
            RunAnalysis.blocks(
                record,
                b -> {
                  try {
                    w.write(
                        new BlockRow(
                            b.epoch() - epoch0,
                            b.epoch(),
                            b.torrent(),
                            b.piece(),
                            b.offset(),
                            b.length(),
                            b.from().name(),
                            b.to().name(),
                            b.duplicate()));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
          }
        }
        case "marks" -> {
          try (SequenceWriter w = writer(MarkRow.class, out)) {
            for (Summary.Mark m :
                summary.marks() == null ? List.<Summary.Mark>of() : summary.marks()) {
              w.write(new MarkRow(m.at(), m.event(), m.label()));
            }
          }
        }
        default -> throw new IllegalArgumentException("no table " + table);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + table + " table", e);
    }
  }

  private static SequenceWriter writer(Class<?> row, Writer out) throws IOException {
    CsvSchema schema = CSV.schemaFor(row).withHeader();
    return CSV.writer(schema)
        .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .writeValues(out);
  }
}
