package dev.swarmlab.rtorrent;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML-RPC codec: calls out, replies in. Values map to Java as: string and untyped values to
 * {@link String}, {@code i4}/{@code int}/{@code i8} to {@link Long}, {@code boolean} to {@link
 * Boolean}, {@code double} to {@link Double}, {@code base64} to {@code byte[]}, arrays to {@link
 * List}, structs to {@link Map}. The parser reads no DTD and resolves no external entity.
 */
public final class XmlRpc {

  static final int MAX_DEPTH = 64;
  private static final XMLInputFactory FACTORY = newFactory();

  private XmlRpc() {}

  /** A one-row multicall reply, read by {@link #preload}. */
  private static final byte[] SAMPLE_REPLY =
      ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><params><param><value><array><data>"
              + "<value><array><data><value><string>hash</string></value><value><i8>1</i8></value>"
              + "</data></array></value></data></array></value></param></params></methodResponse>")
          .getBytes(StandardCharsets.UTF_8);

  /**
   * Loads and initialises the XML reader and this codec, the slow part of a first call, so that a
   * command can have it done on another thread while it does something else.
   */
  public static void preload() {
    encodeCall("d.multicall2", "", "main", List.of("d.hash="));
    try {
      decodeResponse(SAMPLE_REPLY);
    } catch (RtorrentException e) {
      throw new IllegalStateException("the sample reply does not decode", e);
    }
  }

  /**
   * The body of a call to {@code method} with {@code params} (String, Integer or Long, Boolean,
   * Double, byte[] as base64, List).
   */
  public static byte[] encodeCall(String method, Object... params) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("<?xml version=\"1.0\"?><methodCall><methodName>");
    escape(sb, method);
    sb.append("</methodName><params>");
    for (Object p : params) {
      sb.append("<param>");
      encodeValue(sb, p);
      sb.append("</param>");
    }
    sb.append("</params></methodCall>");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void encodeValue(StringBuilder sb, Object v) {
    sb.append("<value>");
    if (v instanceof String s) {
      sb.append("<string>");
      escape(sb, s);
      sb.append("</string>");
    } else if (v instanceof Integer || v instanceof Long) {
      sb.append("<i8>").append(v).append("</i8>");
    } else if (v instanceof Boolean b) {
      sb.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
    } else if (v instanceof Double d) {
      sb.append("<double>").append(d).append("</double>");
    } else if (v instanceof byte[] bytes) {
      sb.append("<base64>").append(Base64.getEncoder().encodeToString(bytes)).append("</base64>");
    } else if (v instanceof List<?> list) {
      sb.append("<array><data>");
      list.forEach(item -> encodeValue(sb, item));
      sb.append("</data></array>");
    } else {
      throw new IllegalArgumentException("cannot encode " + (v == null ? "null" : v.getClass()));
    }
    sb.append("</value>");
  }

  private static void escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        default -> sb.append(c);
      }
    }
  }

  /**
   * The value of a reply.
   *
   * @throws XmlRpcFault if the reply is a fault
   * @throws RtorrentException if the reply is not well-formed XML-RPC
   */
  public static Object decodeResponse(byte[] body) throws RtorrentException {
    return decodeResponse(body, Long.MAX_VALUE);
  }

  /** The value of a reply, decoded by {@code deadline} ({@link System#nanoTime()}), or an error. */
  public static Object decodeResponse(byte[] body, long deadline) throws RtorrentException {
    XMLStreamReader r = null;
    try {
      Reader reader = new Reader(deadline);
      r = FACTORY.createXMLStreamReader(new StringReader(utf8(body)));
      nextElement(r, "methodResponse");
      String what = nextStart(r);
      if (what.equals("fault")) {
        nextElement(r, "value");
        Object fault = reader.value(r, 0);
        if (fault instanceof Map<?, ?> m) {
          Object code = m.get("faultCode");
          throw new XmlRpcFault(
              code instanceof Long l ? l.intValue() : -1, String.valueOf(m.get("faultString")));
        }
        throw new RtorrentException("malformed fault reply");
      }
      expect(what, "params");
      nextElement(r, "param");
      nextElement(r, "value");
      return reader.value(r, 0);
    } catch (XMLStreamException | RuntimeException e) {
      throw new RtorrentException("malformed XML-RPC reply: " + firstLine(e.getMessage()), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing left to release
        }
      }
    }
  }

  /** Reads values, checking the deadline as it goes. */
  private static final class Reader {
    private final long deadline;
    private int values;

    Reader(long deadline) {
      this.deadline = deadline;
    }

    /**
     * Reads the content of a {@code <value>} whose start tag was just read, through its end tag.
     */
    private Object value(XMLStreamReader r, int depth)
        throws XMLStreamException, RtorrentException {
      if (depth > MAX_DEPTH) {
        throw new RtorrentException("reply nested deeper than " + MAX_DEPTH + " levels");
      }
      if ((++values & 1023) == 0 && System.nanoTime() > deadline) {
        throw new RtorrentException("reply not decoded by the deadline");
      }
      StringBuilder text = new StringBuilder();
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
          text.append(r.getText());
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          return text.toString(); // <value>untyped</value> is a string
        } else if (event == XMLStreamConstants.START_ELEMENT) {
          String type = r.getLocalName();
          Object v =
              switch (type) {
                case "string" -> r.getElementText();
                case "i4", "int", "i8" -> parseLong(r.getElementText());
                case "boolean" -> "1".equals(r.getElementText().trim());
                case "double" -> Double.valueOf(r.getElementText().trim());
                case "base64" -> Base64.getMimeDecoder().decode(r.getElementText().trim());
                case "array" -> array(r, depth);
                case "struct" -> struct(r, depth);
                default -> throw new RtorrentException("unknown XML-RPC type <" + type + ">");
              };
          closeValue(r);
          return v;
        }
      }
      throw new RtorrentException("truncated reply");
    }

    private List<Object> array(XMLStreamReader r, int depth)
        throws XMLStreamException, RtorrentException {
      nextElement(r, "data");
      List<Object> out = new ArrayList<>();
      while (true) {
        int event = r.nextTag();
        if (event == XMLStreamConstants.END_ELEMENT) { // </data>
          r.nextTag(); // </array>
          return out;
        }
        expect(r.getLocalName(), "value");
        out.add(value(r, depth + 1));
      }
    }

    private Map<String, Object> struct(XMLStreamReader r, int depth)
        throws XMLStreamException, RtorrentException {
      Map<String, Object> out = new LinkedHashMap<>();
      while (true) {
        int event = r.nextTag();
        if (event == XMLStreamConstants.END_ELEMENT) { // </struct>
          return out;
        }
        expect(r.getLocalName(), "member");
        nextElement(r, "name");
        String name = r.getElementText();
        nextElement(r, "value");
        out.put(name, value(r, depth + 1));
        r.nextTag(); // </member>
      }
    }
  }

  private static void closeValue(XMLStreamReader r) throws XMLStreamException, RtorrentException {
    int event = r.nextTag();
    if (event != XMLStreamConstants.END_ELEMENT || !r.getLocalName().equals("value")) {
      throw new RtorrentException("expected </value>");
    }
  }

  private static long parseLong(String text) {
    return Long.parseLong(text.trim());
  }

  private static String nextStart(XMLStreamReader r) throws XMLStreamException, RtorrentException {
    while (r.hasNext()) {
      if (r.next() == XMLStreamConstants.START_ELEMENT) {
        return r.getLocalName();
      }
    }
    throw new RtorrentException("truncated reply");
  }

  private static void nextElement(XMLStreamReader r, String name)
      throws XMLStreamException, RtorrentException {
    expect(nextStart(r), name);
  }

  private static void expect(String got, String want) throws RtorrentException {
    if (!got.equals(want)) {
      throw new RtorrentException("expected <" + want + "> but found <" + got + ">");
    }
  }

  /**
   * rtorrent replies in UTF-8. Decoding here, strictly, turns bad bytes into this codec's error;
   * left to the JDK's parser they would also be printed on stderr.
   */
  private static String utf8(byte[] body) throws RtorrentException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RtorrentException("reply is not valid UTF-8");
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }
}
