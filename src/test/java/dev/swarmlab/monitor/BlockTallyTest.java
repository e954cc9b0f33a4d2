package dev.swarmlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swarmlab.plan.LabContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes received from each peer, from the logs, read again only where they grew. */
class BlockTallyTest {
  private static final String HASH = "A8F820C917F4E44403946A6FC7F705B68DB123F2";
  private static final String SEEDER_ID = "2D6C74304438302D000000000000000000000001";
  private static final String LEECHER = "10.0.0.3";
  @TempDir Path dir;

  private static String block(int piece, int offset) {
    return "1795654038 "
        + HASH
        + "->piece_events: "
        + SEEDER_ID
        + " (down) completed  "
        + piece
        + " "
        + offset
        + " 16384\n";
  }

  private void append(String file, String text) throws Exception {
    Files.writeString(
        dir.resolve(file),
        text,
        StandardCharsets.ISO_8859_1,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private Map<String, Long> tally(BlockTally t) {
    return t.receivedFrom(dir, Map.of("10.0.0.2", "seeder-1"), List.of(LEECHER)).get(LEECHER);
  }

  @Test
  void aTallyAskedAgainReadsOnlyWhatWasWrittenAndNeverHalfALine() throws Exception {
    append(
        "10.0.0.2.peer",
        "peer 1 seeder-1 seeder\ntorrent 1 " + HASH + " " + SEEDER_ID + " 65536 32768 f\n");
    String log = LabContract.blockLogName(LEECHER);
    append(log, block(0, 0) + block(0, 16384));
    BlockTally t = new BlockTally();
    assertEquals(Map.of("seeder-1", 32768L), tally(t));

    String next = block(1, 0);
    append(log, next.substring(0, 40)); // a line being written
    assertEquals(Map.of("seeder-1", 32768L), tally(t), "half a line waits");
    append(log, next.substring(40) + block(0, 0)); // the rest, and a block already kept
    assertEquals(Map.of("seeder-1", 49152L), tally(t), "each block once");
    assertEquals(tally(new BlockTally()), tally(t), "the same as reading it all at once");

    // the log replaced (the peer started again): read again from its start
    Files.delete(dir.resolve(log));
    append(log, block(1, 16384));
    assertEquals(Map.of("seeder-1", 16384L), tally(t));
  }
}
