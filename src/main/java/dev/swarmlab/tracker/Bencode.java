package dev.swarmlab.tracker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict bencode decoder: integers to {@link Long}, strings to {@code byte[]}, lists to {@link
 * List}, dictionaries to {@link Map} with keys decoded as ISO-8859-1 (so binary keys such as
 * info-hashes survive). Malformed input, trailing bytes or nesting deeper than 64 levels are a
 * {@link BencodeException}.
 */
public final class Bencode {
  private static final int MAX_DEPTH = 64;

  private final byte[] data;
  private int pos;

  private Bencode(byte[] data) {
    this.data = data;
  }

  /** Decodes one whole value. */
  public static Object decode(byte[] data) throws BencodeException {
    Bencode b = new Bencode(data);
    Object v = b.value(0);
    if (b.pos != data.length) {
      throw new BencodeException("trailing bytes at offset " + b.pos);
    }
    return v;
  }

  /** A dictionary key as raw bytes. */
  public static byte[] keyBytes(String key) {
    return key.getBytes(StandardCharsets.ISO_8859_1);
  }

  private Object value(int depth) throws BencodeException {
    if (depth > MAX_DEPTH) {
      throw new BencodeException("nested deeper than " + MAX_DEPTH + " levels");
    }
    int c = peek();
    if (c == 'i') {
      pos++;
      long v = number('e');
      return v;
    }
    if (c == 'l') {
      pos++;
      List<Object> list = new ArrayList<>();
      while (peek() != 'e') {
        list.add(value(depth + 1));
      }
      pos++;
      return list;
    }
    if (c == 'd') {
      pos++;
      Map<String, Object> map = new LinkedHashMap<>();
      while (peek() != 'e') {
        String key = new String(string(), StandardCharsets.ISO_8859_1);
        map.put(key, value(depth + 1));
      }
      pos++;
      return map;
    }
    if (c >= '0' && c <= '9') {
      return string();
    }
    throw new BencodeException("unexpected byte " + c + " at offset " + pos);
  }

  private byte[] string() throws BencodeException {
    long length = number(':');
    if (length < 0 || length > data.length - pos) {
      throw new BencodeException("string of " + length + " bytes overruns the input at offset " + pos);
    }
    byte[] s = java.util.Arrays.copyOfRange(data, pos, pos + (int) length);
    pos += (int) length;
    return s;
  }

  private long number(char end) throws BencodeException {
    int start = pos;
    while (pos < data.length && data[pos] != end) {
      pos++;
    }
    if (pos >= data.length || pos == start || pos - start > 20) {
      throw new BencodeException("bad number at offset " + start);
    }
    String text = new String(data, start, pos - start, StandardCharsets.US_ASCII);
    pos++;
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BencodeException("bad number '" + text + "' at offset " + start);
    }
  }

  private int peek() throws BencodeException {
    if (pos >= data.length) {
      throw new BencodeException("truncated at offset " + pos);
    }
    return data[pos] & 0xff;
  }

  /** Input that is not valid bencode. */
  public static final class BencodeException extends Exception {
    public BencodeException(String message) {
      super(message);
    }
  }
}
