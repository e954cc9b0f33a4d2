package dev.swarmlab.tracker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict bencode decoder: integers to {@link Long}, strings to {@code byte[]}, lists to {@link
 * List}, dictionaries to {@link Map} with keys decoded as ISO-8859-1 (so binary keys such as
 * info-hashes survive). Only the canonical form is accepted, as BEP 3 defines it: no {@code -0}, no
 * leading zeros in integers or string lengths, dictionary keys unique and sorted. Malformed input,
 * trailing bytes, nesting deeper than 64 levels, or more than {@value #MAX_VALUES} values in all
 * (so a small input can never become a huge tree) are a {@link BencodeException}.
 */
public final class Bencode {
  private static final int MAX_DEPTH = 64;

  /** A full scrape of a thousand torrents has a few thousand values. */
  static final int MAX_VALUES = 1 << 18;

  private final byte[] data;
  private int pos;
  private int values;

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

  private Object value(int depth) throws BencodeException {
    if (depth > MAX_DEPTH) {
      throw new BencodeException("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (++values > MAX_VALUES) {
      throw new BencodeException("more than " + MAX_VALUES + " values");
    }
    int c = peek();
    if (c == 'i') {
      pos++;
      long v = number('e', true);
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
      byte[] previous = null;
      while (peek() != 'e') {
        int at = pos;
        if (peek() < '0' || peek() > '9') {
          throw new BencodeException("dictionary key is not a string at offset " + at);
        }
        byte[] key = string();
        if (previous != null && java.util.Arrays.compareUnsigned(previous, key) >= 0) {
          throw new BencodeException(
              "dictionary key at offset "
                  + at
                  + (java.util.Arrays.equals(previous, key)
                      ? " repeats the one before"
                      : " is out of order"));
        }
        previous = key;
        map.put(new String(key, StandardCharsets.ISO_8859_1), value(depth + 1));
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
    long length = number(':', false);
    if (length < 0 || length > data.length - pos) {
      throw new BencodeException(
          "string of " + length + " bytes overruns the input at offset " + pos);
    }
    byte[] s = java.util.Arrays.copyOfRange(data, pos, pos + (int) length);
    pos += (int) length;
    return s;
  }

  /** A decimal number up to {@code end}: canonical (no {@code +}, {@code -0} or leading zero). */
  private long number(char end, boolean signed) throws BencodeException {
    int start = pos;
    while (pos < data.length && data[pos] != end) {
      pos++;
    }
    if (pos >= data.length || pos == start || pos - start > 20) {
      throw new BencodeException("bad number at offset " + start);
    }
    String text = new String(data, start, pos - start, StandardCharsets.US_ASCII);
    pos++;
    String digits = signed && text.startsWith("-") ? text.substring(1) : text;
    if (digits.isEmpty()
        || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')
        || (digits.length() > 1 && digits.charAt(0) == '0')
        || text.equals("-0")) {
      throw new BencodeException("bad number '" + shown(text) + "' at offset " + start);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BencodeException("bad number '" + shown(text) + "' at offset " + start);
    }
  }

  private static String shown(String text) {
    return text.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f) ? text : "(binary)";
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
