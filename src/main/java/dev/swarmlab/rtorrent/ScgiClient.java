package dev.swarmlab.rtorrent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * SCGI over TCP, as rtorrent speaks it: one request per connection, a netstring of headers that
 * starts with {@code CONTENT_LENGTH}, then the body; the reply is CGI-style headers and a body,
 * ended by the server closing the connection. Replies are capped in size and in time.
 */
public final class ScgiClient {

  private final InetSocketAddress address;
  private final Duration timeout;
  private final int maxReplyBytes;

  public ScgiClient(InetSocketAddress address, Duration timeout, int maxReplyBytes) {
    this.address = address;
    this.timeout = timeout;
    this.maxReplyBytes = maxReplyBytes;
  }

  /** Sends {@code body} and returns the body of the reply. */
  public byte[] call(byte[] body) throws RtorrentException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) Math.max(1, timeout.toMillis()));
      OutputStream out = socket.getOutputStream();
      out.write(request(body));
      out.flush();
      return replyBody(readAll(socket, deadline));
    } catch (SocketTimeoutException e) {
      throw new RtorrentException("no reply within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new RtorrentException(describe(e), e);
    }
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

  private byte[] readAll(Socket socket, long deadline) throws IOException, RtorrentException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new RtorrentException("no complete reply within " + timeout.toMillis() + " ms");
      }
      socket.setSoTimeout((int) left);
      int n = in.read(buffer);
      if (n < 0) {
        return reply.toByteArray();
      }
      if (reply.size() + n > maxReplyBytes) {
        throw new RtorrentException("reply larger than " + maxReplyBytes + " bytes");
      }
      reply.write(buffer, 0, n);
    }
  }

  /** Strips the CGI headers ({@code Status:}, {@code Content-Type:}...) from a reply. */
  static byte[] replyBody(byte[] reply) throws RtorrentException {
    for (int i = 0; i + 1 < reply.length && i < 8192; i++) {
      if (reply[i] == '\n' && reply[i + 1] == '\n') {
        return java.util.Arrays.copyOfRange(reply, i + 2, reply.length);
      }
      if (i + 3 < reply.length
          && reply[i] == '\r'
          && reply[i + 1] == '\n'
          && reply[i + 2] == '\r'
          && reply[i + 3] == '\n') {
        return java.util.Arrays.copyOfRange(reply, i + 4, reply.length);
      }
    }
    throw new RtorrentException(
        reply.length == 0 ? "empty reply" : "reply has no header/body separator");
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return (m == null || m.isBlank()) ? e.getClass().getSimpleName() : m.toLowerCase();
  }
}
