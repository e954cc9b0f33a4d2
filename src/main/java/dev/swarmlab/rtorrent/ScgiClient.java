package dev.swarmlab.rtorrent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * SCGI over a unix socket, as rtorrent speaks it: one request per connection, a netstring of
 * headers that starts with {@code CONTENT_LENGTH}, then the body; the reply is CGI-style headers
 * and a body, ended by the server closing the connection. Every call, connecting and decoding
 * included, ends by its deadline, and a reply is refused past {@code maxReplyBytes}. A reply larger
 * than {@value #LARGE_REPLY_BYTES} bytes needs one of {@value #LARGE_REPLIES} permits shared by the
 * whole process until it is decoded, so that however many peers are polled at once and however they
 * answer, only that many large replies are in memory together.
 */
public final class ScgiClient {

  /**
   * The longest path of a unix socket the JDK connects to on Linux: {@code sun_path} is 108 bytes
   * with its NUL, and the JDK refuses 107 bytes too ("Unix domain path too long").
   */
  static final int MAX_SOCKET_PATH_BYTES = 106;

  /**
   * Replies up to this size are read without a permit: rtorrent's usual replies are far smaller.
   */
  static final int LARGE_REPLY_BYTES = 256 << 10;

  static final int LARGE_REPLIES = 2;
  private static final Semaphore LARGE = new Semaphore(LARGE_REPLIES, true);

  /** Turns a reply's body into a value, by {@code deadline} ({@link System#nanoTime()}). */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] body, long deadline) throws RtorrentException;
  }

  private final Path socket;
  private final Duration timeout;
  private final int maxReplyBytes;

  public ScgiClient(Path socket, Duration timeout, int maxReplyBytes) {
    this.socket = socket;
    this.timeout = timeout;
    this.maxReplyBytes = maxReplyBytes;
  }

  /** Sends {@code body} and returns the body of the reply. */
  public byte[] call(byte[] body) throws RtorrentException {
    return call(body, (reply, deadline) -> reply);
  }

  /**
   * Sends {@code body} and returns the body of the reply as {@code decoder} reads it, all by the
   * deadline.
   */
  public <T> T call(byte[] body, Decoder<T> decoder) throws RtorrentException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean[] large = {false};
    try {
      return decoder.decode(replyBody(exchange(request(body), deadline, large)), deadline);
    } finally {
      if (large[0]) {
        LARGE.release();
      }
    }
  }

  private byte[] exchange(byte[] request, long deadline, boolean[] large) throws RtorrentException {
    UnixDomainSocketAddress address = UnixDomainSocketAddress.of(reachable(socket));
    try (SocketChannel channel = connect(address, deadline);
        Selector selector = Selector.open()) {
      SelectionKey key = channel.register(selector, 0);
      if (channel.isConnectionPending()) {
        await(selector, key, SelectionKey.OP_CONNECT, deadline, "no connection");
        channel.finishConnect();
      }
      ByteBuffer out = ByteBuffer.wrap(request);
      while (out.hasRemaining()) {
        if (channel.write(out) == 0) {
          await(selector, key, SelectionKey.OP_WRITE, deadline, "request not taken");
        }
      }
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      ByteBuffer in = ByteBuffer.allocate(16 * 1024);
      while (true) {
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
          return reply.toByteArray();
        }
        if (n == 0) {
          await(selector, key, SelectionKey.OP_READ, deadline, "no complete reply");
          continue;
        }
        if (reply.size() + n > maxReplyBytes) {
          throw new RtorrentException("reply larger than " + maxReplyBytes + " bytes");
        }
        if (!large[0] && reply.size() + n > LARGE_REPLY_BYTES) {
          large[0] = acquireLarge(deadline);
        }
        reply.write(in.array(), 0, n);
      }
    } catch (IOException e) {
      throw new RtorrentException(describe(e), e);
    }
  }

  /**
   * A non-blocking channel connected (or connecting) to {@code address}. A unix socket whose
   * listener has a full backlog refuses a non-blocking connection at once (EAGAIN, and the channel
   * is closed) instead of queueing it: tried again on a new channel until the deadline.
   */
  private SocketChannel connect(UnixDomainSocketAddress address, long deadline)
      throws IOException, RtorrentException {
    while (true) {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        channel.configureBlocking(false);
        channel.connect(address);
        return channel;
      } catch (java.net.SocketException e) {
        channel.close();
        if (e.getMessage() == null || !e.getMessage().contains("temporarily unavailable")) {
          throw e;
        }
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      if (System.nanoTime() >= deadline) {
        throw new RtorrentException(
            "no connection within " + timeout.toMillis() + " ms (its backlog is full)");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RtorrentException("interrupted");
      }
    }
  }

  private boolean acquireLarge(long deadline) throws RtorrentException {
    try {
      if (LARGE.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new RtorrentException(
        "no complete reply within " + timeout.toMillis() + " ms (other large replies being read)");
  }

  /** Waits until {@code key}'s channel is ready for {@code op}, or fails at the deadline. */
  private void await(Selector selector, SelectionKey key, int op, long deadline, String what)
      throws IOException, RtorrentException {
    key.interestOps(op);
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        // select() returns at once for an interrupted thread: give up rather than spin
        throw new RtorrentException("interrupted");
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new RtorrentException(what + " within " + timeout.toMillis() + " ms");
      }
      selector.selectedKeys().clear();
      if (selector.select(left) > 0 && (key.readyOps() & op) != 0) {
        return;
      }
    }
  }

  /**
   * {@code socket} as a path the kernel takes: its absolute form, or, when that is longer than a
   * socket address may be, its form relative to the working directory if that one fits.
   */
  static Path reachable(Path socket) throws RtorrentException {
    Path absolute = socket.toAbsolutePath().normalize();
    if (length(absolute) <= MAX_SOCKET_PATH_BYTES) {
      return absolute;
    }
    Path relative = Path.of("").toAbsolutePath().relativize(absolute);
    if (length(relative) <= MAX_SOCKET_PATH_BYTES) {
      return relative;
    }
    throw new RtorrentException(
        "socket path "
            + absolute
            + " is longer than "
            + MAX_SOCKET_PATH_BYTES
            + " bytes; run swarmlab from a directory with a shorter path");
  }

  private static int length(Path p) {
    return p.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  static byte[] request(byte[] body) {
    String headers = "CONTENT_LENGTH\0" + body.length + "\0SCGI\0" + "1\0";
    byte[] h = headers.getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(h.length + body.length + 16);
    out.writeBytes((h.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(h);
    out.write(',');
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Strips the CGI headers ({@code Status:}, {@code Content-Type:}...) from a reply. */
  static byte[] replyBody(byte[] reply) throws RtorrentException {
    for (int i = 0; i + 1 < reply.length && i < 8192; i++) {
      if (reply[i] == '\n' && reply[i + 1] == '\n') {
        return Arrays.copyOfRange(reply, i + 2, reply.length);
      }
      if (i + 3 < reply.length
          && reply[i] == '\r'
          && reply[i + 1] == '\n'
          && reply[i + 2] == '\r'
          && reply[i + 3] == '\n') {
        return Arrays.copyOfRange(reply, i + 4, reply.length);
      }
    }
    throw new RtorrentException(
        reply.length == 0 ? "empty reply" : "reply has no header/body separator");
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return (m == null || m.isBlank()) ? "connection failed" : m.toLowerCase(java.util.Locale.ROOT);
  }
}
