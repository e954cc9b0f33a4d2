package dev.swarmlab.tracker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What an opentracker knows, from its full scrape ({@code /scrape} with no info-hash). */
public final class TrackerClient {
  private static final int MAX_REPLY_BYTES = 8 << 20;

  private final URI scrape;
  private final Duration timeout;

  public TrackerClient(String host, int port, Duration timeout) {
    this.scrape = URI.create("http://" + host + ":" + port + "/scrape");
    this.timeout = timeout;
  }

  /** One torrent as the tracker counts it. {@code infoHash} is 40 lowercase hex digits. */
  public record Swarm(String infoHash, long seeders, long leechers, long completed) {}

  /**
   * Every torrent the tracker has seen. The whole exchange, body included, ends within the timeout,
   * and a body past {@value #MAX_REPLY_BYTES} bytes is refused as it arrives.
   */
  public List<Swarm> scrape() throws IOException {
    return parse(fetch(scrape, timeout, MAX_REPLY_BYTES));
  }

  /** The body of a GET of {@code uri}: whole within {@code timeout}, at most {@code maxBytes}. */
  static byte[] fetch(URI uri, Duration timeout, int maxBytes) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
    CompletableFuture<HttpResponse<byte[]>> reply =
        http.sendAsync(
            HttpRequest.newBuilder(uri).timeout(timeout).build(), info -> new Capped(maxBytes));
    HttpResponse<byte[]> r;
    try {
      r = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      reply.cancel(true);
      throw new IOException("no complete reply within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      reply.cancel(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io
          && io.getMessage() != null
          && io.getMessage().startsWith("reply larger")) {
        throw io;
      }
      String m = cause.getMessage();
      throw new IOException(
          m == null || m.isBlank() ? "the tracker could not be reached" : m, cause);
    }
    if (r.statusCode() != 200) {
      throw new IOException("tracker answered HTTP " + r.statusCode());
    }
    return r.body();
  }

  /** A body read into memory up to a cap; past it, the exchange is cancelled and fails. */
  private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Capped(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        if (body.size() + b.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new IOException("reply larger than " + max + " bytes"));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        body.writeBytes(chunk);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(body.toByteArray());
    }
  }

  static List<Swarm> parse(byte[] body) throws IOException {
    try {
      if (!(Bencode.decode(body) instanceof Map<?, ?> root)
          || !(root.get("files") instanceof Map<?, ?> files)) {
        throw new IOException("scrape without a 'files' dictionary");
      }
      List<Swarm> out = new ArrayList<>();
      for (Map.Entry<?, ?> e : files.entrySet()) {
        byte[] hash = ((String) e.getKey()).getBytes(StandardCharsets.ISO_8859_1);
        if (hash.length != 20 || !(e.getValue() instanceof Map<?, ?> f)) {
          throw new IOException("scrape entry is not a 20-byte info-hash with counts");
        }
        out.add(
            new Swarm(
                HexFormat.of().formatHex(hash),
                count(f, "complete"),
                count(f, "incomplete"),
                count(f, "downloaded")));
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
