package dev.swarmlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.SSLConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Where the Docker engine is: an ordered list of strategies, each of which either names the
 * engine's address or says why it does not apply (the shape of Testcontainers' {@code
 * DockerClientProviderStrategy}). The first that applies decides, as the docker CLI does; the
 * others' reasons go into the error when nothing answers there.
 *
 * <p>docker-java's own configuration reader knows every source, but costs a noticeable part of each
 * command's start-up (it builds an object mapper to read {@code ~/.docker/config.json}), so it runs
 * only where a strategy needs it: docker-java's settings, a docker context, TCP with TLS.
 */
final class DockerHosts {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

  /**
   * What a strategy found: an address, and how to read the rest of docker-java's configuration.
   *
   * @param byReader whether docker-java's configuration reader had to run to find it
   */
  record Found(
      String via, URI host, SSLConfig ssl, Supplier<DockerClientConfig> config, boolean byReader) {}

  /** Where a strategy looked, and why it did not apply there. */
  record Skipped(String place, String why) {
    @Override
    public String toString() {
      return place + " (" + why + ")";
    }
  }

  /** The outcome of a lookup: what was found, and every place passed over on the way. */
  record Lookup(Found found, List<Skipped> skipped) {
    /** "looked at A (why), B (why), C (what happened)". */
    String places(String lastWhy) {
      List<String> all = new ArrayList<>();
      skipped.forEach(s -> all.add(s.toString()));
      all.add(found.via() + " (" + lastWhy + ")");
      return "looked at " + String.join(", ", all);
    }
  }

  /** One place the engine's address may come from. */
  interface Strategy {
    /** The address, or null when this strategy does not apply; {@code why} says why not. */
    Found find(Environment env, Supplier<DockerClientConfig> reader, StringBuilder why);

    String place();
  }

  /** What the strategies read: environment, system properties, the user's home. */
  record Environment(Function<String, String> env, Function<String, String> properties, Path home) {
    static Environment current() {
      return new Environment(
          System::getenv, System::getProperty, Path.of(System.getProperty("user.home", "/")));
    }

    static Environment of(Map<String, String> env, Map<String, String> properties, Path home) {
      return new Environment(env::get, properties::get, home);
    }
  }

  static final List<Strategy> STRATEGIES =
      List.of(
          new DockerJavaSettings(),
          new DockerHostVariable(),
          new DockerContext(),
          new DefaultSocket());

  private DockerHosts() {}

  /** Runs the strategies in order; the last one always applies. */
  static Lookup lookup(Environment env) {
    return lookup(
        env, memoize(() -> DefaultDockerClientConfig.createDefaultConfigBuilder().build()));
  }

  private static Lookup lookup(Environment env, Supplier<DockerClientConfig> reader) {
    List<Skipped> skipped = new ArrayList<>();
    for (Strategy s : STRATEGIES) {
      StringBuilder why = new StringBuilder();
      Found found = s.find(env, reader, why);
      if (found != null) {
        return new Lookup(found, List.copyOf(skipped));
      }
      skipped.add(new Skipped(s.place(), why.toString()));
    }
    throw new IllegalStateException("the default socket always applies");
  }

  /**
   * The engine's address when it is a unix socket known without docker-java's reader; null when the
   * reader must decide. Lets start-up prepare the transport before connecting.
   */
  static URI plainHost(Environment env) {
    Found found;
    try {
      found =
          lookup(
                  env,
                  () -> {
                    throw new ReaderNeeded();
                  })
              .found();
    } catch (ReaderNeeded e) {
      return null;
    }
    return "unix".equals(found.host().getScheme()) ? found.host() : null;
  }

  /** Thrown where a strategy would run docker-java's reader during {@link #plainHost}. */
  private static final class ReaderNeeded extends RuntimeException {
    ReaderNeeded() {
      super(null, null, false, false);
    }
  }

  private static Found viaReader(String via, Supplier<DockerClientConfig> reader) {
    return new Found(via, reader.get().getDockerHost(), reader.get().getSSLConfig(), reader, true);
  }

  /** docker-java's own settings and {@code DOCKER_CONTEXT}: its reader decides. */
  static final class DockerJavaSettings implements Strategy {
    @Override
    public String place() {
      return "docker-java settings";
    }

    @Override
    public Found find(Environment env, Supplier<DockerClientConfig> reader, StringBuilder why) {
      if (env.env().apply("DOCKER_CONTEXT") != null
          || env.properties().apply("DOCKER_HOST") != null
          || Files.exists(env.home().resolve(".docker-java.properties"))) {
        return viaReader("docker-java settings", reader);
      }
      why.append("no DOCKER_CONTEXT, -DDOCKER_HOST or ~/.docker-java.properties");
      return null;
    }
  }

  /** {@code DOCKER_HOST}: a unix socket as it is; TCP through the reader, for its TLS settings. */
  static final class DockerHostVariable implements Strategy {
    @Override
    public String place() {
      return "DOCKER_HOST";
    }

    @Override
    public Found find(Environment env, Supplier<DockerClientConfig> reader, StringBuilder why) {
      String value = env.env().apply("DOCKER_HOST");
      if (value == null) {
        why.append("not set");
        return null;
      }
      URI uri = URI.create(value);
      return "unix".equals(uri.getScheme())
          ? new Found("DOCKER_HOST", uri, null, reader, false)
          : viaReader("DOCKER_HOST", reader);
    }
  }

  /** The current docker context of {@code ~/.docker/config.json} (or {@code $DOCKER_CONFIG}). */
  static final class DockerContext implements Strategy {
    @Override
    public String place() {
      return "the docker context";
    }

    @Override
    public Found find(Environment env, Supplier<DockerClientConfig> reader, StringBuilder why) {
      String dir = env.env().apply("DOCKER_CONFIG");
      Path file =
          (dir != null ? Path.of(dir) : env.home().resolve(".docker")).resolve("config.json");
      if (!Files.exists(file)) {
        why.append("no ").append(file);
        return null;
      }
      if (!usesContext(file)) {
        why.append("none in use");
        return null;
      }
      return viaReader("the docker context", reader);
    }

    private static boolean usesContext(Path configJson) {
      try {
        JsonNode context = JSON.readTree(configJson.toFile()).get("currentContext");
        return context != null
            && !context.asText().isEmpty()
            && !context.asText().equals("default");
      } catch (IOException | RuntimeException e) {
        return true; // unreadable: let docker-java's reader have its say
      }
    }
  }

  /** The engine's default socket. */
  static final class DefaultSocket implements Strategy {
    @Override
    public String place() {
      return "the default socket";
    }

    @Override
    public Found find(Environment env, Supplier<DockerClientConfig> reader, StringBuilder why) {
      return new Found("the default socket", URI.create(DEFAULT_SOCKET), null, reader, false);
    }
  }

  static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
