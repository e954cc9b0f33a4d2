package dev.swarmlab.rtorrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines of rtorrent's block log, as bookworm's rtorrent 0.9.8 writes them. */
class BlockLogTest {
  private static final String HASH = "A8F820C917F4E44403946A6FC7F705B68DB123F2";
  private static final String PEER = "2D6C74304438302D2D89D3FF65AAD027C7BAE1B2";

  @Test
  void aReceivedBlock() {
    BlockLog.Event e =
        BlockLog.parse(
                "1795654038 "
                    + HASH
                    + "->piece_events: "
                    + PEER
                    + " (down) completed  967 131072 16384")
            .orElseThrow();

    assertEquals(1795654038L, e.epochSecond());
    assertEquals(HASH.toLowerCase(), e.infoHash());
    assertEquals(PEER.toLowerCase(), e.peerId());
    assertEquals(BlockLog.Direction.DOWN, e.direction());
    assertEquals("completed", e.event());
    assertEquals(967, e.piece());
    assertEquals(131072, e.offset());
    assertEquals(16384, e.length());
    assertTrue(e.receivedCompleted());
  }

  @Test
  void aSendersLineWithRtorrentsSpacing() {
    BlockLog.Event e =
        BlockLog.parse(
                "1795673083 "
                    + HASH
                    + "->piece_events: "
                    + PEER
                    + " (up)   request_added    1 0 16384")
            .orElseThrow();

    assertEquals(BlockLog.Direction.UP, e.direction());
    assertEquals("request_added", e.event());
    assertEquals(1, e.piece());
    assertFalse(e.receivedCompleted());
  }

  @Test
  void aStrayByteAfterThePeerIdIsPassedOver(@TempDir Path dir) throws Exception {
    // as bookworm's rtorrent writes some lines: the id's 20 bytes in hex, then one it did not mean
    Path log = dir.resolve("blocks.log");
    byte[] line =
        ("1 " + HASH + "->piece_events: " + PEER + "\u0001 (down) completed 3 0 16384\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] high = line.clone();
    high[2 + 40 + 16 + 40] = (byte) 0xC3; // not UTF-8 on its own
    Files.write(log, concat(line, high));
    List<BlockLog.Event> events = new ArrayList<>();

    BlockLog.read(log, events::add);

    assertEquals(2, events.size());
    assertEquals(PEER.toLowerCase(), events.get(0).peerId());
    assertTrue(events.get(1).receivedCompleted());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  @Test
  void sentStartedAndSkippedBlocksAreNotReceivedOnes() {
    for (String kind : List.of("(up) completed", "(down) started_on", "(down) skipped")) {
      BlockLog.Event e =
          BlockLog.parse("1 " + HASH + "->piece_events: " + PEER + " " + kind + " 0 0 16384")
              .orElseThrow();
      assertFalse(e.receivedCompleted(), kind);
    }
  }

  @Test
  void otherLinesArePassedOver() {
    for (String line :
        List.of(
            "",
            "1795654038 some other log group: hello",
            "1 " + HASH + "->piece_events: " + PEER + " (sideways) completed 0 0 16384",
            "1 " + HASH + "->piece_events: " + PEER + " (down) completed 0 0 99999999999",
            "1 "
                + HASH
                + "->piece_events: "
                + PEER
                + " (down) completed 0 0 16384 "
                + "x".repeat(2000))) {
      assertTrue(BlockLog.parse(line).isEmpty(), line);
    }
  }

  @Test
  void aFileIsReadInOrder(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("blocks.log");
    Files.writeString(
        log,
        "2 "
            + HASH
            + "->piece_events: "
            + PEER
            + " (down) started_on 0 0 16384\n"
            + "garbage\n"
            + "3 "
            + HASH
            + "->piece_events: "
            + PEER
            + " (down) completed 0 0 16384\n");
    List<BlockLog.Event> events = new ArrayList<>();

    BlockLog.read(log, events::add);

    assertEquals(
        List.of("started_on", "completed"), events.stream().map(BlockLog.Event::event).toList());
  }
}
