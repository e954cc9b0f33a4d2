package dev.swarmlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.swarmlab.engine.EngineHost;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.EngineUnavailableException;
import dev.swarmlab.error.LabFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A connection to one Docker engine: the HTTP transport, plain GETs read as JSON trees (reading a
 * lab needs nothing more), and docker-java's full client, made on first use because setting it up
 * is a large part of a short command's start-up.
 */
final class DockerApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final DockerHttpClient http;
  private final URI host;
  private final Supplier<DockerClientConfig> config;
  private DockerClient client;

  private DockerApi(DockerHttpClient http, URI host, Supplier<DockerClientConfig> config) {
    this.http = http;
    this.host = host;
    this.config = config;
  }

  /**
   * Connects to the engine that the first applicable {@link DockerHosts} strategy names, and checks
   * that it answers.
   *
   * @param connections the most requests in flight at once
   * @throws EngineUnavailableException naming every place it looked, if no engine answers
   */
  static DockerApi connect(DockerHosts.Environment env, int connections) {
    DockerHosts.Lookup lookup = DockerHosts.lookup(env);
    URI host = lookup.found().host();
    if (!Set.of("unix", "tcp").contains(host.getScheme())) {
      // ssh:// (and npipe://): not a transport docker-java has, and not a machine whose sockets
      // swarmlab could open anyway
      throw new BadInputException(
          "the Docker engine at "
              + host
              + " (from "
              + lookup.found().via()
              + ") is not supported: swarmlab drives its peers through unix sockets on the engine's"
              + " machine, so it needs an engine on this machine; labs on other machines are not"
              + " supported yet");
    }
    DockerApi api =
        new DockerApi(
            transport(host, lookup.found().ssl(), connections), host, lookup.found().config());
    try {
      api.get("/_ping");
    } catch (RuntimeException e) {
      api.close();
      String reason = EngineErrors.rootMessage(e);
      throw new EngineUnavailableException(
          "no Docker engine at "
              + host
              + " ("
              + reason
              + "); "
              + lookup.places("no engine answers")
              + "; start one with scripts/setup-engine.sh (as root), or set DOCKER_HOST",
          e);
    }
    return api;
  }

  static DockerHttpClient transport(URI host, SSLConfig ssl, int connections) {
    return new ZerodepDockerHttpClient.Builder()
        .dockerHost(host)
        .sslConfig(LocalTls.forHost(ssl, host))
        .maxConnections(connections)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofMinutes(30))
        .build();
  }

  /**
   * Loads and initialises what {@link #connect} needs (the HTTP transport, the JSON reader, the
   * container list's reading) without contacting the engine. Does nothing when docker-java's
   * configuration reader must pick the host.
   */
  static void preload() {
    URI plain = DockerHosts.plainHost(DockerHosts.Environment.current());
    if (plain == null) {
      return;
    }
    try {
      transport(plain, null, 1).close();
      JsonNode sample =
          JSON.readTree(
              "{\"Labels\":{},\"Ports\":[],\"Names\":[\"/x\"],\"NetworkSettings\":{\"Networks\":{}}}");
      ContainerListing.info(sample);
    } catch (IOException e) {
      // nothing was connected; connect() reports real problems
    }
  }

  /** What the engine says about its machine (one request). */
  EngineHost hostFacts() {
    JsonNode info = get("/info");
    boolean rootless = false;
    for (JsonNode option : info.path("SecurityOptions")) {
      rootless |= option.asText().contains("name=rootless");
    }
    return new EngineHost(
        host.toString(),
        "unix".equals(host.getScheme()),
        rootless,
        info.path("OperatingSystem").asText("").contains("Docker Desktop"),
        info.path("DockerRootDir").asText(""));
  }

  URI host() {
    return host;
  }

  /** The full docker-java client, made on first use. */
  synchronized DockerClient client() {
    if (client == null) {
      client = DockerClientImpl.getInstance(config.get(), http);
    }
    return client;
  }

  /** A GET on the Engine API through the transport, its body read as JSON. */
  JsonNode get(String path) {
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(path)
            .build();
    try (DockerHttpClient.Response response = http.execute(request)) {
      String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (response.getStatusCode() != 200) {
        throw new LabFailedException(
            "the engine answered "
                + response.getStatusCode()
                + " to GET "
                + path
                + ": "
                + body.strip());
      }
      return path.equals("/_ping") ? JSON.getNodeFactory().textNode(body) : JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (client != null) {
        client.close(); // closes the transport too
      } else {
        http.close();
      }
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
