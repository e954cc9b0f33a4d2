package dev.swarmlab.rtorrent;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Typed calls to one rtorrent over SCGI. */
public final class RtorrentClient {

  /** Replies larger than this are refused: a 250-torrent multicall is a few hundred KiB. */
  public static final int MAX_REPLY_BYTES = 16 << 20;

  private static final String[] TORRENT_FIELDS = {
    "d.hash=", "d.name=", "d.size_bytes=", "d.completed_bytes=", "d.down.rate=", "d.up.rate=",
    "d.peers_connected=", "d.complete="
  };

  private final ScgiClient scgi;

  public RtorrentClient(InetSocketAddress address, Duration timeout) {
    this.scgi = new ScgiClient(address, timeout, MAX_REPLY_BYTES);
  }

  /** Calls {@code method} and returns its decoded result. */
  public Object call(String method, Object... params) throws RtorrentException {
    return XmlRpc.decodeResponse(scgi.call(XmlRpc.encodeCall(method, params)));
  }

  /** Every torrent loaded, in one multicall. */
  public List<TorrentStatus> torrents() throws RtorrentException {
    Object[] params = new Object[2 + TORRENT_FIELDS.length];
    params[0] = "";
    params[1] = "main";
    System.arraycopy(TORRENT_FIELDS, 0, params, 2, TORRENT_FIELDS.length);
    Object reply = call("d.multicall2", params);
    List<TorrentStatus> out = new ArrayList<>();
    for (Object row : list(reply)) {
      List<?> f = list(row);
      if (f.size() != TORRENT_FIELDS.length) {
        throw new RtorrentException("d.multicall2 row has " + f.size() + " fields");
      }
      out.add(
          new TorrentStatus(
              text(f.get(0)),
              text(f.get(1)),
              number(f.get(2)),
              number(f.get(3)),
              number(f.get(4)),
              number(f.get(5)),
              (int) number(f.get(6)),
              number(f.get(7)) == 1));
    }
    return out;
  }

  private static List<?> list(Object o) throws RtorrentException {
    if (o instanceof List<?> l) {
      return l;
    }
    throw new RtorrentException("expected an array in the reply");
  }

  private static long number(Object o) throws RtorrentException {
    if (o instanceof Long l) {
      return l;
    }
    throw new RtorrentException("expected an integer in the reply, got " + o);
  }

  private static String text(Object o) throws RtorrentException {
    if (o instanceof String s) {
      return s;
    }
    throw new RtorrentException("expected a string in the reply, got " + o);
  }
}
