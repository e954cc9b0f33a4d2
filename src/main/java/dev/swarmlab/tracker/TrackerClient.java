package dev.swarmlab.tracker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** What an opentracker knows, from its full scrape ({@code /scrape} with no info-hash). */
public final class TrackerClient {
  private static final int MAX_REPLY_BYTES = 8 << 20;

  private final URI scrape;
  private final Duration timeout;
  private final HttpClient http;

  public TrackerClient(String host, int port, Duration timeout) {
    this.scrape = URI.create("http://" + host + ":" + port + "/scrape");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** One torrent as the tracker counts it. {@code infoHash} is 40 lowercase hex digits. */
  public record Swarm(String infoHash, long seeders, long leechers, long completed) {}

  /** Every torrent the tracker has seen. */
  public List<Swarm> scrape() throws IOException {
    byte[] body;
    try {
      HttpResponse<InputStream> r =
          http.send(HttpRequest.newBuilder(scrape).timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        body = in.readNBytes(MAX_REPLY_BYTES + 1);
      }
      if (r.statusCode() != 200) {
        throw new IOException("tracker answered HTTP " + r.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (body.length > MAX_REPLY_BYTES) {
      throw new IOException("scrape larger than " + MAX_REPLY_BYTES + " bytes");
    }
    return parse(body);
  }

  static List<Swarm> parse(byte[] body) throws IOException {
    try {
      if (!(Bencode.decode(body) instanceof Map<?, ?> root) || !(root.get("files") instanceof Map<?, ?> files)) {
        throw new IOException("scrape without a 'files' dictionary");
      }
      List<Swarm> out = new ArrayList<>();
      for (Map.Entry<?, ?> e : files.entrySet()) {
        byte[] hash = ((String) e.getKey()).getBytes(StandardCharsets.ISO_8859_1);
        if (hash.length != 20 || !(e.getValue() instanceof Map<?, ?> f)) {
          throw new IOException("scrape entry is not a 20-byte info-hash with counts");
        }
        out.add(new Swarm(HexFormat.of().formatHex(hash), count(f, "complete"), count(f, "incomplete"), count(f, "downloaded")));
      }
      return out;
    } catch (Bencode.BencodeException e) {
      throw new IOException("scrape is not bencode: " + e.getMessage(), e);
    }
  }

  private static long count(Map<?, ?> f, String key) {
    return f.get(key) instanceof Long l ? l : 0;
  }
}
