package dev.swarmlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run as CSV tables, read back and compared with its summary. */
class CsvReportTest {
  @TempDir Path tmp;
  private SyntheticRun run;
  private Summary summary;

  @BeforeEach
  void run() {
    run = SyntheticRun.standard(tmp);
    summary = RunAnalysis.summarize(run.record);
  }

  private String write(String table) {
    StringWriter out = new StringWriter();
    CsvReport.write(table, run.record, summary, out);
    return out.toString();
  }

  private static List<Map<String, String>> rows(String csv) throws Exception {
    List<Map<String, String>> out = new ArrayList<>();
    try (MappingIterator<Map<String, String>> it =
        new CsvMapper()
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(csv)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static String header(String csv) {
    return csv.substring(0, csv.indexOf('\n'));
  }

  private static String orEmpty(Long value) {
    return value == null ? "" : value.toString();
  }

  @Test
  void flowsAreTheSummarysFlowsInOrder() throws Exception {
    String csv = write("flows");

    assertEquals("from,from_role,to,bytes,blocks,duplicate_bytes,first_s,last_s", header(csv));
    List<Map<String, String>> rows = rows(csv);
    assertEquals(summary.flows().size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      Summary.Flow f = summary.flows().get(i);
      assertEquals(
          Map.of(
              "from", f.from(),
              "from_role", f.fromRole(),
              "to", f.to(),
              "bytes", Long.toString(f.bytes()),
              "blocks", Long.toString(f.blocks()),
              "duplicate_bytes", Long.toString(f.duplicateBytes()),
              "first_s", Long.toString(f.firstAt()),
              "last_s", Long.toString(f.lastAt())),
          rows.get(i));
    }
    assertEquals("seeder-1", rows.get(1).get("from"));
    assertEquals("leecher-2", rows.get(1).get("to"));
    assertEquals("32768", rows.get(1).get("duplicate_bytes"));
  }

  @Test
  void peersAreTheSummarysPeersWithEmptyCellsForWhatIsUnknown() throws Exception {
    String csv = write("peers");

    assertEquals(
        "name,role,address,started_s,completed_s,time_to_complete_s,received_bytes,sent_bytes,duplicate_bytes,client",
        header(csv));
    List<Map<String, String>> rows = rows(csv);
    assertEquals(
        List.of("seeder-1", "leecher-2", "leecher-10"),
        rows.stream().map(r -> r.get("name")).toList());
    for (int i = 0; i < rows.size(); i++) {
      Summary.Peer p = summary.peers().get(i);
      Map<String, String> expected = new HashMap<>();
      expected.put("name", p.name());
      expected.put("role", p.role());
      expected.put("address", p.address());
      expected.put("started_s", orEmpty(p.startedAt()));
      expected.put("completed_s", orEmpty(p.completedAt()));
      expected.put("time_to_complete_s", orEmpty(p.timeToComplete()));
      expected.put("received_bytes", Long.toString(p.receivedBytes()));
      expected.put("sent_bytes", Long.toString(p.sentBytes()));
      expected.put("duplicate_bytes", Long.toString(p.duplicateBytes()));
      expected.put("client", p.client() == null ? "" : p.client());
      assertEquals(expected, rows.get(i));
    }
    assertEquals("", rows.get(0).get("completed_s"), "a seeder never completes");
  }

  @Test
  void blocksAreEveryBlockReceivedAndAddUpToTheFlows() throws Exception {
    String csv = write("blocks");

    assertEquals("time_s,epoch,torrent,piece,offset,length,from,to,duplicate", header(csv));
    List<Map<String, String>> rows = rows(csv);
    assertEquals(10 + 12, rows.size(), "10 blocks to leecher-2 and 2 more again, 10 to leecher-10");
    Map<String, Long> bytes = new HashMap<>();
    Map<String, Long> blocks = new HashMap<>();
    Map<String, Long> duplicates = new HashMap<>();
    for (Map<String, String> r : rows) {
      String flow = r.get("from") + ">" + r.get("to");
      long length = Long.parseLong(r.get("length"));
      assertEquals(
          Long.parseLong(r.get("epoch")) - summary.epoch0(), Long.parseLong(r.get("time_s")));
      if (Boolean.parseBoolean(r.get("duplicate"))) {
        duplicates.merge(flow, length, Long::sum);
      } else {
        bytes.merge(flow, length, Long::sum);
        blocks.merge(flow, 1L, Long::sum);
      }
    }
    Map<String, Long> flowBytes = new HashMap<>();
    Map<String, Long> flowBlocks = new HashMap<>();
    Map<String, Long> flowDuplicates = new HashMap<>();
    for (Summary.Flow f : summary.flows()) {
      flowBytes.put(f.from() + ">" + f.to(), f.bytes());
      flowBlocks.put(f.from() + ">" + f.to(), f.blocks());
      if (f.duplicateBytes() > 0) {
        flowDuplicates.put(f.from() + ">" + f.to(), f.duplicateBytes());
      }
    }
    assertEquals(flowBytes, bytes);
    assertEquals(flowBlocks, blocks);
    assertEquals(flowDuplicates, duplicates);
    Map<String, String> first = rows.get(0);
    assertEquals(
        Map.of(
            "time_s", "3",
            "epoch", "1003",
            "torrent", SyntheticRun.H1.toLowerCase(),
            "piece", "0",
            "offset", "0",
            "length", "16384",
            "from", "seeder-1",
            "to", "leecher-2",
            "duplicate", "false"),
        first,
        "the receivers' logs in order, by address: leecher-2 (10.0.0.3) first");
    Map<String, String> again = rows.get(9);
    assertEquals("true", again.get("duplicate"));
    assertEquals("1007", again.get("epoch"));
    assertEquals("seeder-1", again.get("from"));
  }

  @Test
  void marksAreWhatWasDoneByTime() throws Exception {
    run.noted(1030, "kill", Map.of("target", "seeder-1", "peers", List.of("seeder-1")))
        .noted(
            1012,
            "throttle",
            Map.of("target", "seeder", "up", 1_048_576, "peers", List.of("seeder-1")))
        .noted(1013, "step", Map.of("step", 2, "action", "link leecher, \"8 Mbit/s\"\n"));
    summary = RunAnalysis.summarize(run.record);

    String csv = write("marks");

    assertEquals("time_s,event,label", header(csv));
    assertEquals(
        List.of(
            Map.of("time_s", "12", "event", "throttle", "label", "throttle seeder up 1.0 MiB/s"),
            Map.of("time_s", "13", "event", "step", "label", "link leecher, \"8 Mbit/s\""),
            Map.of("time_s", "30", "event", "kill", "label", "kill seeder-1")),
        rows(csv));
  }

  @Test
  void aRunWhereNothingWasDoneHasAnEmptyMarksTable() {
    assertEquals("time_s,event,label\n", write("marks"));
  }

  @Test
  void anUnknownTableIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> write("pieces"));
    assertEquals(List.of("flows", "peers", "blocks", "marks"), CsvReport.TABLES);
  }
}
