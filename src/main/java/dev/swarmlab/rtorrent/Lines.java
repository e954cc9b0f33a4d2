package dev.swarmlab.rtorrent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the lines of a file a peer wrote, as bytes: every line of at most a given length is handed
 * over, longer ones are passed over whole. A peer's files are only as trustworthy as the peer: a
 * line without end must not take the reader's memory, and a link must not make it read a file the
 * peer could not.
 */
public final class Lines {
  /** Receives one line: {@code buf[from, to)}, without its line feed. */
  @FunctionalInterface
  interface Sink {
    void line(byte[] buf, int from, int to);
  }

  private Lines() {}

  /** How long opening a peer's file may take: a FIFO planted in its place never opens. */
  static final java.time.Duration OPEN_TIMEOUT = java.time.Duration.ofSeconds(5);

  /**
   * Opens a file a peer wrote, for reading: refused if it is a link, not a regular file, or does
   * not open within {@link #OPEN_TIMEOUT} (a FIFO swapped in after the check). A hard link is read:
   * the kernel lets a user link only files it could read anyway (fs.protected_hardlinks).
   *
   * @throws IOException if it cannot be opened, or is refused
   */
  public static InputStream open(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(file + " is not a regular file");
    }
    java.util.concurrent.FutureTask<InputStream> opening =
        new java.util.concurrent.FutureTask<>(
            () -> Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    Thread t = new Thread(opening, "swarmlab-open");
    t.setDaemon(true);
    t.start();
    try {
      return opening.get(OPEN_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException(file + " did not open (not a regular file?)");
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening " + file);
    }
  }

  /** Every line of {@code in} of at most {@code maxLine} bytes, in order; the last may lack \n. */
  static void read(InputStream in, int maxLine, Sink sink) throws IOException {
    byte[] buf = new byte[1 << 16];
    int start = 0; // first byte of the line being read
    int end = 0; // bytes in buf
    boolean skipping = false; // inside a line longer than maxLine
    while (true) {
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        break;
      }
      end += n;
      int scan = start;
      while (true) {
        int nl = indexOf(buf, scan, end);
        if (nl < 0) {
          break;
        }
        if (!skipping && nl - start <= maxLine) {
          sink.line(buf, start, nl);
        }
        skipping = false;
        start = nl + 1;
        scan = start;
      }
      if (end - start > maxLine) {
        skipping = true; // the rest of this line is passed over
        start = end;
      }
      if (start == end) {
        start = end = 0;
      } else if (end == buf.length) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
    }
    if (!skipping && end > start && end - start <= maxLine) {
      sink.line(buf, start, end);
    }
  }

  private static int indexOf(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
