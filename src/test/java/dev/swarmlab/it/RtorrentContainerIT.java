package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.engine.docker.DockerEngine;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.rtorrent.XmlRpcFault;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** The SCGI/XML-RPC client against swarmlab's real rtorrent image, started by Testcontainers. */
class RtorrentContainerIT {
  private static GenericContainer<?> rtorrent;
  private static RtorrentClient client;

  @BeforeAll
  static void start() {
    BuildOptions build = new BuildOptions(BuildOptions.DEFAULT_BASE_IMAGE, new byte[0]);
    ImageSource image = ImageSource.packaged("rtorrent");
    try (DockerEngine engine = DockerEngine.connect()) {
      engine.prepareImages(List.of(image), build, m -> {});
    }
    rtorrent =
        new GenericContainer<>(DockerImageName.parse(image.tag(build)))
            .withExposedPorts(5000)
            .withLabel("swarmlab.project", "it-rtorrent")
            // SCGI runs arbitrary commands: publish it on loopback only, never on 0.0.0.0.
            .withCreateContainerCmdModifier(
                cmd -> cmd.getHostConfig().withPortBindings(
                    new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(5000))))
            .waitingFor(Wait.forListeningPort());
    rtorrent.start();
    client = new RtorrentClient(new InetSocketAddress("127.0.0.1", rtorrent.getMappedPort(5000)), Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() {
    if (rtorrent != null) {
      rtorrent.stop();
    }
  }

  @Test
  void answersWithItsVersion() throws Exception {
    assertEquals("0.9.8", client.call("system.client_version"));
  }

  @Test
  void integersComeBackAsLongs() throws Exception {
    Object port = client.call("network.port_range", "");
    assertEquals("6881-6881", port);
    Object pid = client.call("system.pid", "");
    assertTrue(pid instanceof Long && (Long) pid > 0, "pid: " + pid);
  }

  @Test
  void noTorrentsLoadedIsAnEmptyList() throws Exception {
    assertEquals(List.of(), client.torrents());
  }

  @Test
  void anUnknownMethodIsATypedFault() {
    XmlRpcFault fault = assertThrows(XmlRpcFault.class, () -> client.call("no.such.method", ""));
    assertTrue(fault.getMessage().contains("no.such.method") || fault.code() != 0, fault.getMessage());
  }
}
