package dev.swarmlab.tracker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BencodeTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void decodesEveryType() throws Exception {
    assertEquals(42L, Bencode.decode(b("i42e")));
    assertEquals(-7L, Bencode.decode(b("i-7e")));
    assertArrayEquals(b("spam"), (byte[]) Bencode.decode(b("4:spam")));
    Object list = Bencode.decode(b("l4:spami3ee"));
    assertEquals(2, ((List<?>) list).size());
    Map<?, ?> dict = (Map<?, ?>) Bencode.decode(b("d3:cow3:moo4:spami1ee"));
    assertEquals(1L, dict.get("spam"));
  }

  @Test
  void malformedInputIsRejected() {
    for (String bad :
        List.of(
            "",
            "i42",
            "ie",
            "iabce",
            "5:abc",
            "l",
            "d3:cow",
            "x",
            "i1ei2e",
            "99999999999999999999999:x",
            "-1:x")) {
      assertThrows(Bencode.BencodeException.class, () -> Bencode.decode(b(bad)), bad);
    }
    assertThrows(
        Bencode.BencodeException.class, () -> Bencode.decode(b("l".repeat(100) + "e".repeat(100))));
  }

  @Test
  void onlyTheCanonicalFormIsAccepted() {
    for (String bad :
        List.of(
            "i-0e",
            "i03e",
            "i-03e",
            "i+3e",
            "i--3e",
            "i-e",
            "03:abc",
            "00:",
            "d1:b1:x1:a1:ye",
            "d1:a1:x1:a1:ye",
            "di1e1:xe",
            "i 3e")) {
      assertThrows(Bencode.BencodeException.class, () -> Bencode.decode(b(bad)), bad);
    }
    assertDoesNotThrow(() -> Bencode.decode(b("i0e")));
    assertDoesNotThrow(() -> Bencode.decode(b("0:")));
    assertDoesNotThrow(() -> Bencode.decode(b("d1:a1:x1:b1:ye")));
    // keys compare as raw bytes, unsigned: 0xff sorts after 'z'
    assertDoesNotThrow(() -> Bencode.decode(b("d1:zi1e1:\u00ffi2ee")));
  }

  @Test
  void aSmallInputCannotBecomeAHugeTree() {
    // 8 MiB of empty dictionaries in a list would be millions of maps: refused long before
    byte[] many = new byte[8 << 20];
    many[0] = 'l';
    for (int i = 1; i + 1 < many.length - 1; i += 2) {
      many[i] = 'd';
      many[i + 1] = 'e';
    }
    many[many.length - 1] = 'e';
    Bencode.BencodeException e =
        assertThrows(Bencode.BencodeException.class, () -> Bencode.decode(many));
    assertTrue(
        e.getMessage().contains("more than " + Bencode.MAX_VALUES + " values"), e.getMessage());
  }

  @Test
  void randomBytesNeverThrowAnythingElse() {
    Random r = new Random(7);
    byte[] good =
        b("d5:filesd20:" + "A".repeat(20) + "d8:completei2e10:downloadedi1e10:incompletei0eeee");
    for (int i = 0; i < 5000; i++) {
      byte[] x = Arrays.copyOf(good, r.nextInt(good.length + 1));
      if (x.length > 0) {
        x[r.nextInt(x.length)] = (byte) r.nextInt(256);
      }
      try {
        Bencode.decode(x);
      } catch (Bencode.BencodeException expected) {
        // fine
      }
    }
  }

  @Test
  void aFullScrapeBecomesCountsPerInfoHash() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(b("d5:filesd20:"));
    byte[] hash = new byte[20];
    for (int i = 0; i < 20; i++) {
      hash[i] = (byte) (0xf0 + i % 16);
    }
    out.writeBytes(hash);
    out.writeBytes(b("d8:completei2e10:downloadedi3e10:incompletei4eeee"));
    List<TrackerClient.Swarm> swarms = TrackerClient.parse(out.toByteArray());
    assertEquals(
        List.of(new TrackerClient.Swarm("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff" + "f0f1f2f3", 2, 4, 3)),
        swarms);
    assertThrows(IOException.class, () -> TrackerClient.parse(b("d5:filesi1ee")));
    assertThrows(IOException.class, () -> TrackerClient.parse(b("<html>Access Denied</html>")));
  }
}
