package dev.swarmlab.rtorrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XmlRpcTest {

  /** A reply carrying the params of {@code encodeCall}'s output: the same value encoding. */
  private static byte[] replyOf(Object value) {
    String call = new String(XmlRpc.encodeCall("m", value), StandardCharsets.UTF_8);
    String param = call.substring(call.indexOf("<params>"), call.indexOf("</params>") + 9);
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodResponse>\n"
            + param
            + "\n</methodResponse>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void valuesRoundTrip() throws Exception {
    List<Object> values =
        List.of(
            "",
            "plain",
            "<tag> & \"quotes\" 'apos'",
            "ünïcødé ✓ 🚀",
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            0L,
            true,
            false,
            2.5,
            List.of(),
            List.of("a", 1L, List.of(List.of("deep", 7L))));
    for (Object v : values) {
      assertEquals(v, XmlRpc.decodeResponse(replyOf(v)), "value " + v);
    }
  }

  @Test
  void bytesGoAsBase64AndComeBackWhole() throws Exception {
    byte[] raw = new byte[300];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (i * 7);
    }
    String call = new String(XmlRpc.encodeCall("load.raw_start", "", raw), StandardCharsets.UTF_8);
    assertTrue(
        call.contains("<base64>" + java.util.Base64.getEncoder().encodeToString(raw) + "</base64>"),
        call);
    assertArrayEquals(raw, (byte[]) XmlRpc.decodeResponse(replyOf(raw)));
  }

  @Test
  void integersOfEveryWidthAreLongs() throws Exception {
    for (String type : List.of("i4", "int", "i8")) {
      byte[] reply =
          ("<methodResponse><params><param><value><"
                  + type
                  + ">-42</"
                  + type
                  + "></value></param></params></methodResponse>")
              .getBytes(StandardCharsets.UTF_8);
      assertEquals(-42L, XmlRpc.decodeResponse(reply));
    }
  }

  @Test
  void untypedValuesAreStringsAndStructsAreMaps() throws Exception {
    byte[] reply =
        ("<methodResponse><params><param><value><struct>"
                + "<member><name>a</name><value>text</value></member>"
                + "<member><name>b</name><value><i8>3</i8></value></member>"
                + "</struct></value></param></params></methodResponse>")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(Map.of("a", "text", "b", 3L), XmlRpc.decodeResponse(reply));
  }

  @Test
  void aFaultIsTypedWithCodeAndText() {
    byte[] reply =
        ("<?xml version=\"1.0\"?><methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><i4>-506</i4></value></member>"
                + "<member><name>faultString</name><value><string>Method 'x' not defined</string></value></member>"
                + "</struct></value></fault></methodResponse>")
            .getBytes(StandardCharsets.UTF_8);
    XmlRpcFault f = assertThrows(XmlRpcFault.class, () -> XmlRpc.decodeResponse(reply));
    assertEquals(-506, f.code());
    assertTrue(f.getMessage().contains("Method 'x' not defined"), f.getMessage());
  }

  @Test
  void callsEscapeTheirStrings() {
    String body =
        new String(XmlRpc.encodeCall("d.multicall2", "", "main", "a<b&c"), StandardCharsets.UTF_8);
    assertTrue(body.contains("<methodName>d.multicall2</methodName>"), body);
    assertTrue(body.contains("<string>a&lt;b&amp;c</string>"), body);
    assertTrue(body.contains("<string></string>"), body);
  }

  @Test
  void malformedRepliesAreTheClientsOwnError() {
    List<String> bad =
        List.of(
            "",
            "not xml at all",
            "<methodResponse>",
            "<methodResponse><params><param><value><i8>12",
            "<methodResponse><params><param><value><i8>twelve</i8></value></param></params></methodResponse>",
            "<methodResponse><params><param><value><blob>x</blob></value></param></params></methodResponse>",
            "<html><body>502 Bad Gateway</body></html>",
            "<methodResponse><fault><value><string>no struct</string></value></fault></methodResponse>");
    for (String b : bad) {
      assertThrows(
          RtorrentException.class,
          () -> XmlRpc.decodeResponse(b.getBytes(StandardCharsets.UTF_8)),
          b);
    }
  }

  @Test
  void invalidUtf8IsRejected() {
    byte[] head = "<methodResponse><params><param><value><string>".getBytes(StandardCharsets.UTF_8);
    byte[] tail =
        "</string></value></param></params></methodResponse>".getBytes(StandardCharsets.UTF_8);
    byte[] reply = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, reply, 0, head.length);
    reply[head.length] = (byte) 0xC3; // a lead byte...
    reply[head.length + 1] = (byte) 0x28; // ...with no continuation
    System.arraycopy(tail, 0, reply, head.length + 2, tail.length);
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      RtorrentException e =
          assertThrows(RtorrentException.class, () -> XmlRpc.decodeResponse(reply));
      assertEquals("reply is not valid UTF-8", e.getMessage());
    } finally {
      System.setErr(stderr);
    }
    assertEquals("", printed.toString(StandardCharsets.UTF_8), "the parser printed on stderr");
  }

  @Test
  void deepNestingIsRefused() {
    int depth = XmlRpc.MAX_DEPTH + 10;
    String open = "<value><array><data>".repeat(depth);
    String close = "</data></array></value>".repeat(depth);
    byte[] reply =
        ("<methodResponse><params><param>" + open + close + "</param></params></methodResponse>")
            .getBytes(StandardCharsets.UTF_8);
    RtorrentException e = assertThrows(RtorrentException.class, () -> XmlRpc.decodeResponse(reply));
    assertTrue(e.getMessage().contains("nested"), e.getMessage());
  }

  @Test
  void entitiesAndDtdsAreNeverExpanded() {
    String bomb =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
            + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
            + "<methodResponse><params><param><value><string>&lol3;</string></value></param></params></methodResponse>";
    assertThrows(
        RtorrentException.class,
        () -> XmlRpc.decodeResponse(bomb.getBytes(StandardCharsets.UTF_8)));
    String external =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<methodResponse><params><param><value><string>&x;</string></value></param></params></methodResponse>";
    try {
      Object v = XmlRpc.decodeResponse(external.getBytes(StandardCharsets.UTF_8));
      assertTrue(!String.valueOf(v).contains("root:"), "external entity was read: " + v);
    } catch (RtorrentException expected) {
      // refusing the document is as good as not reading the file
    }
  }

  @Test
  void randomlyDamagedRepliesNeverThrowAnythingElse() {
    byte[] good =
        replyOf(
            List.of(
                List.of("ABCDEF0123", "disk.img", 67108864L, 1024L, 5L, 0L, 3L, 1L),
                List.of("x", 7L)));
    Random random = new Random(20261124L);
    for (int i = 0; i < 3000; i++) {
      byte[] damaged = Arrays.copyOf(good, random.nextInt(good.length + 1));
      int flips = random.nextInt(4);
      for (int f = 0; f < flips && damaged.length > 0; f++) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      try {
        XmlRpc.decodeResponse(damaged);
      } catch (RtorrentException expected) {
        // the only failure allowed
      } catch (Throwable other) {
        throw new AssertionError(
            "case "
                + i
                + " threw "
                + other
                + " for "
                + new String(damaged, StandardCharsets.ISO_8859_1),
            other);
      }
    }
  }

  @Test
  void base64IsBytes() throws Exception {
    byte[] reply =
        "<methodResponse><params><param><value><base64>AAEC</base64></value></param></params></methodResponse>"
            .getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(new byte[] {0, 1, 2}, (byte[]) XmlRpc.decodeResponse(reply));
  }
}
