package dev.swarmlab.rtorrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
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

  private static String line(String fields) {
    return "1795654038 " + HASH + "->piece_events: " + PEER + " " + fields;
  }

  @Test
  void malformedLinesArePassedOver() {
    String good = line("(down) completed 967 131072 16384");
    assertTrue(BlockLog.parse(good).isPresent(), "the line the others spoil");
    for (String bad :
        List.of(
            good.replace("1795654038 ", ""),
            good.replace("1795654038 ", "1795654038  "),
            good.replace("1795654038", "-1795654038"),
            good.replace("1795654038", "17956x4038"),
            good.replace(HASH, HASH.substring(1)),
            good.replace(HASH, HASH + "0"),
            good.replace(HASH, "G" + HASH.substring(1)),
            good.replace("->piece_events: ", "->piece_events:"),
            good.replace("->piece_events: ", "->other_events: "),
            good.replace(PEER, PEER.substring(0, 39) + "Z"),
            good.replace(PEER + " ", PEER.substring(0, 39) + " "),
            good.replace("(down)", "down"),
            good.replace("(down)", "(Down)"),
            good.replace("(down) ", "(down)"),
            good.replace("(down)", "(down" + " ".repeat(20) + ")"),
            good.replace(PEER + " (down)", PEER + "                  (down)"),
            good.replace("completed", "Completed"),
            good.replace("completed", "complet3d"),
            good.replace("completed", "a".repeat(33)),
            good.replace(" 967 ", " -967 "),
            good.replace(" 967 ", " +967 "),
            good.replace(" 967 ", " 9 67 "),
            good.replace(" 967 131072 ", " 967  131072 "),
            good.replace(" 967 ", "\t967 "),
            good.replace(" 16384", ""),
            good.replace(" 16384", " 16384 7"),
            good.replace(" 16384", " 16384x"),
            good.replace(" 16384", " 0x4000"))) {
      assertEquals(Optional.empty(), BlockLog.parse(bad), bad);
    }
  }

  @Test
  void rtorrentsOwnSpacingAndCaseAndTrailingBlanksAreRead() {
    BlockLog.Event e =
        BlockLog.parse(line("(down)    skipped      12 32768 4464   \r")).orElseThrow();
    assertEquals("skipped", e.event());
    assertEquals(12, e.piece());
    assertEquals(32768, e.offset());
    assertEquals(4464, e.length());
    BlockLog.Event lower =
        BlockLog.parse(
                line("(down) completed 1 0 16384")
                    .replace(HASH, HASH.toLowerCase())
                    .replace(PEER, PEER.toLowerCase()))
            .orElseThrow();
    assertEquals(HASH.toLowerCase(), lower.infoHash());
    assertEquals(PEER.toLowerCase(), lower.peerId());
    // a word of exactly 32 letters is still a word
    assertEquals(
        "a".repeat(32),
        BlockLog.parse(line("(up) " + "a".repeat(32) + " 1 0 1")).orElseThrow().event());
  }

  @Test
  void numbersTooLargeForTheirFieldAreRefused() {
    int max = Integer.MAX_VALUE;
    BlockLog.Event edge =
        BlockLog.parse(line("(down) completed " + max + " " + max + " " + max)).orElseThrow();
    assertEquals(max, edge.piece());
    assertEquals(max, edge.offset());
    assertEquals(max, edge.length());
    assertEquals(
        999_999_999_999L,
        BlockLog.parse(line("(down) completed 1 0 1").replace("1795654038", "999999999999"))
            .orElseThrow()
            .epochSecond(),
        "twelve digits of epoch");
    assertEquals(
        0L,
        BlockLog.parse(line("(down) completed 1 0 1").replace("1795654038", "0"))
            .orElseThrow()
            .epochSecond());
    for (String bad :
        List.of(
            line("(down) completed 2147483648 0 16384"),
            line("(down) completed 0 2147483648 16384"),
            line("(down) completed 0 0 2147483648"),
            line("(down) completed 9999999999 0 16384"),
            line("(down) completed 10000000000 0 16384"),
            line("(down) completed 0 0 99999999999999999999999"),
            line("(down) completed 1 0 1").replace("1795654038", "1000000000000"),
            line("(down) completed 1 0 1").replace("1795654038", "99999999999999999999"))) {
      assertEquals(Optional.empty(), BlockLog.parse(bad), bad);
    }
  }

  @Test
  void hostileBytesNeverMakeTheParserFailAndNeverMakeAnOddEvent() throws IOException {
    byte[] good =
        (line("(down) completed 967 131072 16384") + "\n").getBytes(StandardCharsets.US_ASCII);
    Random random = new Random(7);
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    int intact = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] l = good.clone();
      int flips = random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        int at = random.nextInt(l.length - 1);
        l[at] = (byte) random.nextInt(256);
      }
      if (random.nextInt(10) == 0) {
        l = Arrays.copyOf(l, 1 + random.nextInt(l.length - 1)); // cut short, no line feed
        l[l.length - 1] = '\n';
      }
      if (Arrays.equals(l, good)) {
        intact++;
      }
      log.write(l);
      if (random.nextInt(50) == 0) {
        byte[] noise = new byte[random.nextInt(3000)];
        random.nextBytes(noise);
        log.write(noise);
        log.write('\n');
      }
    }
    List<BlockLog.Event> events = new ArrayList<>();

    BlockLog.read(new ByteArrayInputStream(log.toByteArray()), events::add);

    assertTrue(events.size() >= intact, events.size() + " events of " + intact + " intact lines");
    for (BlockLog.Event e : events) {
      assertTrue(e.infoHash().matches("[0-9a-f]{40}"), e.toString());
      assertTrue(e.peerId().matches("[0-9a-f]{40}"), e.toString());
      assertTrue(e.event().matches("[a-z_]{1,32}"), e.toString());
      assertTrue(e.epochSecond() >= 0 && e.piece() >= 0 && e.offset() >= 0 && e.length() >= 0);
    }
  }

  @Test
  void nulAndHighBytesAroundALineDoNotHideTheNextOne() throws IOException {
    byte[] junk = {0, (byte) 0xFF, (byte) 0xC3, '(', ')', '\r', 0, '\n'};
    byte[] good = (line("(down) completed 3 0 16384") + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] withNul = line("(down) completed 3 0 16384").getBytes(StandardCharsets.US_ASCII);
    withNul[withNul.length - 3] = 0;
    byte[] all = concat(concat(junk, concat(withNul, new byte[] {'\n'})), good);
    List<BlockLog.Event> events = new ArrayList<>();

    BlockLog.read(new ByteArrayInputStream(all), events::add);

    assertEquals(1, events.size());
    assertEquals(16384, events.get(0).length(), "the CRLF line, its CR dropped");
  }

  @Test
  void aTenMegabyteLineWithoutEndDoesNotTakeTheMemory(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("10.0.0.3.blocks.log");
    Files.writeString(log, line("(down) completed 1 0 16384") + "\n");
    byte[] mib = new byte[1 << 20];
    Arrays.fill(mib, (byte) '7');
    for (int i = 0; i < 10; i++) {
      Files.write(log, mib, StandardOpenOption.APPEND);
    }
    var threads = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
    var counted = (com.sun.management.ThreadMXBean) threads;
    Assumptions.assumeTrue(counted.isThreadAllocatedMemorySupported());
    counted.setThreadAllocatedMemoryEnabled(true);
    List<BlockLog.Event> events = new ArrayList<>();
    BlockLog.read(log, e -> {}); // once to load the classes
    long before = counted.getThreadAllocatedBytes(Thread.currentThread().getId());

    BlockLog.read(log, events::add);

    long allocated = counted.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    assertEquals(1, events.size());
    assertTrue(allocated < (2 << 20), "reading allocated " + allocated + " bytes");
  }

  @Test
  void aTenMegabyteLineIsPassedOverAndTheNextLineRead() throws IOException {
    byte[] first = (line("(down) completed 1 0 16384") + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] huge = new byte[10 << 20];
    Arrays.fill(huge, (byte) '1');
    huge[huge.length - 1] = '\n';
    byte[] last = line("(down) completed 2 0 16384").getBytes(StandardCharsets.US_ASCII);
    int[] largest = {0};
    InputStream in =
        new ByteArrayInputStream(concat(first, concat(huge, last))) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            largest[0] = Math.max(largest[0], b.length);
            return super.read(b, off, len);
          }
        };
    List<Integer> pieces = new ArrayList<>();

    BlockLog.read(in, e -> pieces.add(e.piece()));

    assertEquals(List.of(1, 2), pieces);
    assertTrue(largest[0] <= 1 << 16, "a buffer of " + largest[0] + " bytes");
  }

  @Test
  void aLinkIsRefusedEvenToAGoodLog(@TempDir Path dir) throws IOException {
    Path log =
        Files.writeString(dir.resolve("real.blocks.log"), line("(down) completed 1 0 1") + "\n");
    Path link = Files.createSymbolicLink(dir.resolve("10.0.0.9.blocks.log"), log);
    List<BlockLog.Event> events = new ArrayList<>();

    assertThrows(IOException.class, () -> BlockLog.read(link, events::add));
    assertThrows(IOException.class, () -> BlockLog.read(dir, events::add));

    assertEquals(List.of(), events);
    BlockLog.read(log, events::add);
    assertEquals(1, events.size(), "the file itself reads");
  }

  @Test
  void theParserForgetsNoHashOrIdBetweenLines() throws IOException {
    String other = "B".repeat(40);
    String text =
        line("(down) completed 1 0 1")
            + "\n"
            + line("(down) completed 2 0 1").replace(PEER, other)
            + "\n"
            + line("(down) completed 3 0 1").replace(HASH, other)
            + "\n"
            + line("(down) completed 4 0 1").replace(HASH, HASH.toLowerCase())
            + "\n";
    List<BlockLog.Event> events = new ArrayList<>();

    BlockLog.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), events::add);

    assertEquals(
        List.of(HASH.toLowerCase(), HASH.toLowerCase(), other.toLowerCase(), HASH.toLowerCase()),
        events.stream().map(BlockLog.Event::infoHash).toList());
    assertEquals(
        List.of(PEER.toLowerCase(), other.toLowerCase(), PEER.toLowerCase(), PEER.toLowerCase()),
        events.stream().map(BlockLog.Event::peerId).toList());
  }
}
