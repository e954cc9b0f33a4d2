package dev.swarmlab.rtorrent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed calls to one rtorrent over SCGI, on its unix socket. */
public final class RtorrentClient {

  /** Replies larger than this are refused: a 250-torrent multicall is a few hundred KiB. */
  public static final int MAX_REPLY_BYTES = 4 << 20;

  private static final String[] TORRENT_FIELDS = {
    "d.hash=",
    "d.name=",
    "d.size_bytes=",
    "d.completed_bytes=",
    "d.down.rate=",
    "d.up.rate=",
    "d.peers_connected=",
    "d.complete=",
    "d.timestamp.finished="
  };
  private static final String[] PIECE_FIELDS = {"d.size_chunks=", "d.bitfield="};
  private static final String[] CONNECTION_FIELDS = {
    "p.address=",
    "p.port=",
    "p.client_version=",
    "p.completed_percent=",
    "p.down_rate=",
    "p.up_rate=",
    "p.down_total=",
    "p.up_total=",
    "p.is_incoming="
  };

  private final ScgiClient scgi;

  public RtorrentClient(Path socket, Duration timeout) {
    this.scgi = new ScgiClient(socket, timeout, MAX_REPLY_BYTES);
  }

  /** Calls {@code method} and returns its decoded result. */
  public Object call(String method, Object... params) throws RtorrentException {
    return scgi.call(XmlRpc.encodeCall(method, params), XmlRpc::decodeResponse);
  }

  /**
   * Every torrent loaded, in one multicall. rtorrent keeps reporting the last rate of a torrent
   * whose connections have all closed, and the last download rate of a torrent it has completed;
   * neither downloads anything, so those rates are given as 0.
   */
  public List<TorrentStatus> torrents() throws RtorrentException {
    return torrents(false);
  }

  /**
   * Every torrent loaded, in one multicall, with which pieces it has when {@code withPieces}
   * ({@code d.bitfield}: about one byte per 8 pieces more per torrent).
   */
  public List<TorrentStatus> torrents(boolean withPieces) throws RtorrentException {
    String[] fields = TORRENT_FIELDS;
    if (withPieces) {
      fields = java.util.Arrays.copyOf(TORRENT_FIELDS, TORRENT_FIELDS.length + PIECE_FIELDS.length);
      System.arraycopy(PIECE_FIELDS, 0, fields, TORRENT_FIELDS.length, PIECE_FIELDS.length);
    }
    List<TorrentStatus> out = new ArrayList<>();
    for (List<?> f : multicall("d.multicall2", "", "main", fields)) {
      int peers = (int) number(f.get(6));
      boolean complete = number(f.get(7)) == 1;
      PieceField pieces =
          withPieces ? PieceField.parse(text(f.get(10)), number(f.get(9)), complete) : null;
      out.add(
          new TorrentStatus(
              text(f.get(0)),
              text(f.get(1)),
              number(f.get(2)),
              number(f.get(3)),
              peers == 0 || complete ? 0 : number(f.get(4)),
              peers == 0 ? 0 : number(f.get(5)),
              peers,
              complete,
              number(f.get(8)),
              pieces));
    }
    return out;
  }

  /**
   * This rtorrent's own peer id for each torrent it has loaded (rtorrent uses one per torrent), in
   * lower-case hex, by info-hash in lower-case hex: the ids other peers' block logs name it by.
   */
  public Map<String, String> localIds() throws RtorrentException {
    Map<String, String> out = new LinkedHashMap<>();
    for (List<?> f :
        multicall("d.multicall2", "", "main", new String[] {"d.hash=", "d.local_id="})) {
      out.put(text(f.get(0)).toLowerCase(Locale.ROOT), text(f.get(1)).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /**
   * Every torrent loaded, as the peer file notes one ({@link PeerFile.Torrent}), noted at {@code
   * epochSecond}: info-hash and this rtorrent's own id for it in lower-case hex, size, piece size
   * and name ({@link PeerFile.Torrent#line} refuses a hash or id that is not 40 hex digits).
   */
  public List<PeerFile.Torrent> loaded(long epochSecond) throws RtorrentException {
    List<PeerFile.Torrent> out = new ArrayList<>();
    for (List<?> f :
        multicall(
            "d.multicall2",
            "",
            "main",
            new String[] {"d.hash=", "d.local_id=", "d.size_bytes=", "d.chunk_size=", "d.name="})) {
      out.add(
          new PeerFile.Torrent(
              epochSecond,
              text(f.get(0)).toLowerCase(Locale.ROOT),
              text(f.get(1)).toLowerCase(Locale.ROOT),
              number(f.get(2)),
              number(f.get(3)),
              text(f.get(4))));
    }
    return out;
  }

  /** Where each file of torrent {@code hash} is, or is to be, written ({@code f.frozen_path}). */
  public List<String> filePaths(String hash) throws RtorrentException {
    List<String> out = new ArrayList<>();
    for (List<?> f : multicall("f.multicall", hash, "", new String[] {"f.frozen_path="})) {
      out.add(text(f.get(0)));
    }
    return out;
  }

  /** The info-hash of every torrent loaded ({@code download_list}), as rtorrent writes them. */
  public List<String> hashes() throws RtorrentException {
    List<String> out = new ArrayList<>();
    for (Object hash : list(call("download_list", ""))) {
      out.add(text(hash));
    }
    return out;
  }

  /** Every connection of torrent {@code hash}, in one multicall. */
  public List<Connection> connections(String hash) throws RtorrentException {
    List<Connection> out = new ArrayList<>();
    for (List<?> f : multicall("p.multicall", hash, "", CONNECTION_FIELDS)) {
      out.add(
          new Connection(
              text(f.get(0)),
              (int) number(f.get(1)),
              text(f.get(2)),
              (int) number(f.get(3)),
              number(f.get(4)),
              number(f.get(5)),
              number(f.get(6)),
              number(f.get(7)),
              number(f.get(8)) == 1));
    }
    return out;
  }

  /** Calls a multicall command on {@code target} and {@code view}, and checks its rows' widths. */
  private List<List<?>> multicall(String method, String target, String view, String[] fields)
      throws RtorrentException {
    Object[] params = new Object[2 + fields.length];
    params[0] = target;
    params[1] = view;
    System.arraycopy(fields, 0, params, 2, fields.length);
    List<List<?>> rows = new ArrayList<>();
    for (Object row : list(call(method, params))) {
      List<?> f = list(row);
      if (f.size() != fields.length) {
        throw new RtorrentException(
            method + " row has " + f.size() + " fields, not " + fields.length);
      }
      rows.add(f);
    }
    return rows;
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
