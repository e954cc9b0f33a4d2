package dev.swarmlab.rtorrent;

/** A call to rtorrent that did not give an answer: unreachable, timed out, garbled, or a fault. */
public class RtorrentException extends Exception {
  public RtorrentException(String message) {
    super(message);
  }

  public RtorrentException(String message, Throwable cause) {
    super(message, cause);
  }
}
