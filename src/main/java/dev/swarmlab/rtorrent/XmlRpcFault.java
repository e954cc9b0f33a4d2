package dev.swarmlab.rtorrent;

/** An XML-RPC fault reply: the call arrived, and rtorrent refused it. */
public final class XmlRpcFault extends RtorrentException {
  private final int code;

  public XmlRpcFault(int code, String text) {
    super("fault " + code + ": " + text);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
