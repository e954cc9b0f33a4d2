package dev.swarmlab.rtorrent;

/** A call to rtorrent that did not give an answer: unreachable, timed out, garbled, or a fault. */
public class RtorrentException extends Exception {
  /** A peer's words are quoted up to this many characters: a reply is not a place for essays. */
  static final int MAX_MESSAGE = 300;

  public RtorrentException(String message) {
    super(printable(message));
  }

  public RtorrentException(String message, Throwable cause) {
    super(printable(message), cause);
  }

  /** {@code text} on one line of printable characters, cut to {@value #MAX_MESSAGE}. */
  static String printable(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_MESSAGE + 3));
    for (int i = 0; i < text.length() && sb.length() < MAX_MESSAGE; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c);
    }
    return sb.length() < text.length() ? sb.append("...").toString() : sb.toString();
  }
}
