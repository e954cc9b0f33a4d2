package dev.swarmlab.rtorrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded line reader under the block log and the peer file. */
class LinesTest {
  private static final int BUFFER = 1 << 16;

  @Test
  void linesAreHandedOverWithoutTheirLineFeedAndTheLastMayLackOne() throws IOException {
    assertEquals(List.of("one", "", "two", "three"), read("one\n\ntwo\nthree", 16));
    assertEquals(List.of("one", "two"), read("one\ntwo\n", 16));
    assertEquals(List.of(), read("", 16));
    assertEquals(List.of(""), read("\n", 16));
  }

  @Test
  void aCarriageReturnIsLeftToTheCaller() throws IOException {
    assertEquals(List.of("one\r", "two\r"), read("one\r\ntwo\r\n", 16));
  }

  @Test
  void aLineOfExactlyTheMaximumIsKeptAndOneByteMoreIsPassedOverWhole() throws IOException {
    String max = "a".repeat(10);
    String over = "b".repeat(11);
    assertEquals(List.of(max, "next"), read(max + "\n" + over + "\nnext\n", 10));
    assertEquals(List.of(max), read(over + "\n" + max, 10));
    assertEquals(List.of("x"), read("x\n" + over, 10), "a long last line without end");
  }

  @Test
  void aLongLineIsPassedOverWholeEvenWhenItArrivesAByteAtATime() throws IOException {
    String text = "short\n" + "z".repeat(5000) + "\nafter\n";
    assertEquals(List.of("short", "after"), read(text, 100, n -> 1));
  }

  @Test
  void linesAcrossTheBufferBoundaryAreWhole() throws IOException {
    // a kept line and a skipped one, each straddling the 64 KiB mark of the reader's buffer
    int max = 1024;
    String filler = "f".repeat(1000);
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    while (text.length() < BUFFER - 500) {
      text.append(filler).append('\n');
      expected.add(filler);
    }
    String straddling = "k".repeat(900);
    text.append(straddling).append('\n');
    expected.add(straddling);
    while (text.length() < 2 * BUFFER - 700) {
      text.append(filler).append('\n');
      expected.add(filler);
    }
    text.append("s".repeat(3000)).append('\n'); // skipped, across the second boundary
    text.append("end");
    expected.add("end");
    int boundary = BUFFER;
    assertTrue(text.indexOf(straddling) < boundary && text.indexOf(straddling) + 900 > boundary);

    assertEquals(expected, read(text.toString(), max));
    assertEquals(expected, read(text.toString(), max, n -> 4093));
    assertEquals(expected, read(text.toString(), max, n -> 1));
  }

  @Test
  void anyTextReadsAsItsBoundedLinesHoweverItArrives() throws IOException {
    Random random = new Random(42);
    for (int round = 0; round < 40; round++) {
      int max = 1 + random.nextInt(300);
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      int lines = random.nextInt(400);
      for (int i = 0; i < lines; i++) {
        int length =
            switch (random.nextInt(6)) {
              case 0 -> max;
              case 1 -> max + 1;
              case 2 -> 0;
              case 3 -> max + random.nextInt(3 * BUFFER);
              default -> random.nextInt(max + 1);
            };
        for (int j = 0; j < length; j++) {
          text.write('!' + random.nextInt(90));
        }
        if (i < lines - 1 || random.nextBoolean()) {
          text.write('\n');
        }
      }
      byte[] bytes = text.toByteArray();
      List<String> expected = reference(bytes, max);
      int chunk = 1 + random.nextInt(BUFFER + 100);
      assertEquals(expected, read(bytes, max, n -> n), "round " + round);
      assertEquals(expected, read(bytes, max, n -> Math.min(n, chunk)), "round " + round);
      assertEquals(
          expected, read(bytes, max, n -> Math.min(n, 1 + random.nextInt(2000))), "round " + round);
    }
  }

  @Test
  void aTenMegabyteLineWithoutEndTakesNoMoreThanTheBuffer() throws IOException {
    long size = 10L << 20;
    int[] largest = {0};
    InputStream endless =
        new InputStream() {
          long left = size;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            largest[0] = Math.max(largest[0], b.length);
            if (left == 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 'x');
            left -= n;
            return n;
          }
        };
    InputStream in =
        new java.io.SequenceInputStream(
            new ByteArrayInputStream("first\n".getBytes(StandardCharsets.US_ASCII)), endless);
    List<String> lines = new ArrayList<>();

    Lines.read(in, 1024, (buf, from, to) -> lines.add(new String(buf, from, to - from)));

    assertEquals(List.of("first"), lines);
    assertTrue(largest[0] <= BUFFER, "read into a buffer of " + largest[0] + " bytes");
  }

  @Test
  void openRefusesALinkAndWhatIsNotAFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "line\n");
    Path link = Files.createSymbolicLink(dir.resolve("link"), file);
    assertThrows(IOException.class, () -> Lines.open(link).close());
    assertThrows(IOException.class, () -> Lines.open(dir).close());
    assertThrows(IOException.class, () -> Lines.open(dir.resolve("missing")).close());
    try (InputStream in = Lines.open(file)) {
      assertEquals("line\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }
  }

  /** What the reader should hand over: split on \n, lines over {@code max} bytes dropped. */
  private static List<String> reference(byte[] bytes, int max) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>();
    String[] parts = text.split("\n", -1);
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      if (last && parts[i].isEmpty()) {
        break;
      }
      if (parts[i].length() <= max) {
        out.add(parts[i]);
      }
    }
    return out;
  }

  private static List<String> read(String text, int max) throws IOException {
    return read(text, max, n -> n);
  }

  private static List<String> read(String text, int max, IntUnaryOperator chunk)
      throws IOException {
    return read(text.getBytes(StandardCharsets.ISO_8859_1), max, chunk);
  }

  /** Reads {@code bytes} as a stream that hands over at most {@code chunk(len)} bytes a read. */
  private static List<String> read(byte[] bytes, int max, IntUnaryOperator chunk)
      throws IOException {
    InputStream in =
        new ByteArrayInputStream(bytes) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.max(1, Math.min(len, chunk.applyAsInt(len))));
          }
        };
    List<String> lines = new ArrayList<>();
    Lines.read(
        in,
        max,
        (buf, from, to) ->
            lines.add(new String(buf, from, to - from, StandardCharsets.ISO_8859_1)));
    return lines;
  }
}
