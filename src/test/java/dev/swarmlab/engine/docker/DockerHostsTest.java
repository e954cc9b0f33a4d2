package dev.swarmlab.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.EngineUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the engine is looked for, in order, and what is said about each place. */
class DockerHostsTest {
  @TempDir Path home;

  private DockerHosts.Lookup lookup(Map<String, String> env) {
    return DockerHosts.lookup(DockerHosts.Environment.of(env, Map.of(), home));
  }

  @Test
  void theDefaultSocketWhenNothingElseApplies() {
    DockerHosts.Lookup l = lookup(Map.of());

    assertEquals(URI.create("unix:///var/run/docker.sock"), l.found().host());
    assertFalse(l.found().byReader(), "no configuration reader needed");
    assertEquals(
        "looked at docker-java settings (no DOCKER_CONTEXT, -DDOCKER_HOST or ~/.docker-java.properties),"
            + " DOCKER_HOST (not set), the docker context (no "
            + home.resolve(".docker/config.json")
            + "),"
            + " the default socket (no engine answers)",
        l.places("no engine answers"));
  }

  @Test
  void dockerHostWinsOverAContextAndTheDefault() throws IOException {
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"remote\"}");

    DockerHosts.Lookup l = lookup(Map.of("DOCKER_HOST", "unix:///run/user/docker.sock"));

    assertEquals("DOCKER_HOST", l.found().via());
    assertEquals(URI.create("unix:///run/user/docker.sock"), l.found().host());
    assertEquals(
        URI.create("unix:///run/user/docker.sock"),
        DockerHosts.plainHost(
            DockerHosts.Environment.of(
                Map.of("DOCKER_HOST", "unix:///run/user/docker.sock"), Map.of(), home)));
  }

  @Test
  void aContextInUseIsLeftToDockerJavasReader() throws IOException {
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"default\"}");
    assertEquals(
        "the default socket",
        lookup(Map.of()).found().via(),
        "the default context is the default socket");
    assertTrue(lookup(Map.of()).places("x").contains("the docker context (none in use)"));

    Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"remote\"}");
    assertNull(
        DockerHosts.plainHost(DockerHosts.Environment.of(Map.of(), Map.of(), home)),
        "a context needs docker-java's reader");
  }

  @Test
  void noEngineNamesEveryPlaceItLooked() {
    Path missing = home.resolve("docker.sock");
    EngineUnavailableException e =
        assertThrows(
            EngineUnavailableException.class,
            () ->
                DockerApi.connect(
                    DockerHosts.Environment.of(
                        Map.of("DOCKER_HOST", "unix://" + missing), Map.of(), home),
                    2));
    String m = e.getMessage();
    assertTrue(
        m.startsWith(
            "no Docker engine at unix://" + missing + " (No such file or directory); looked at "),
        m);
    assertTrue(m.contains("docker-java settings (no DOCKER_CONTEXT"), m);
    assertTrue(m.contains("DOCKER_HOST (no engine answers)"), m);
    assertTrue(
        m.endsWith("start one with scripts/setup-engine.sh (as root), or set DOCKER_HOST"), m);
  }
}
