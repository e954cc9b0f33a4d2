package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.engine.docker.DockerEngine;
import dev.swarmlab.lab.LabUser;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.RtorrentClient;
import dev.swarmlab.rtorrent.XmlRpcFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The SCGI/XML-RPC client against swarmlab's real rtorrent image, started by Testcontainers as a
 * lab starts it: as the lab's user, its SCGI on a unix socket in a control directory of the host.
 */
class RtorrentContainerIT {
  private static GenericContainer<?> rtorrent;
  private static RtorrentClient client;
  private static Path control;

  @BeforeAll
  static void start() throws Exception {
    BuildOptions build = new BuildOptions(BuildOptions.DEFAULT_BASE_IMAGE, new byte[0]);
    ImageSource image = ImageSource.packaged("rtorrent").stage("rtorrent");
    try (DockerEngine engine = DockerEngine.connect()) {
      engine.prepareImages(List.of(image), build, m -> {});
    }
    LabUser user = LabUser.current();
    control =
        Files.createTempDirectory(
            "swarmlab-it-control",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    if (user.asRoot()) {
      Files.setAttribute(control, "unix:uid", user.uid());
      Files.setAttribute(control, "unix:gid", user.gid());
    }
    rtorrent =
        new GenericContainer<>(DockerImageName.parse(image.tag(build)))
            .withLabel("swarmlab.project", "it-rtorrent")
            .withCreateContainerCmdModifier(
                cmd -> {
                  cmd.withUser(user.compose());
                  cmd.getHostConfig()
                      .withBinds(
                          new Bind(
                              control.toString(),
                              new Volume(LabContract.CONTROL_MOUNT),
                              AccessMode.rw));
                });
    rtorrent.start();
    String address = rtorrent.getContainerInfo().getNetworkSettings().getIpAddress();
    Path socket = control.resolve(LabContract.socketName(address));
    Instant deadline = Instant.now().plusSeconds(30);
    while (!Files.exists(socket) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
    assertTrue(
        Files.exists(socket), "rtorrent opened no socket at " + socket + ": " + rtorrent.getLogs());
    client = new RtorrentClient(socket, Duration.ofSeconds(5));
  }

  @AfterAll
  static void stop() throws Exception {
    if (rtorrent != null) {
      rtorrent.stop();
    }
    if (control != null) {
      try (var files = Files.list(control)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(control);
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
    assertEquals(-506, fault.code(), "XML-RPC's 'no such method': " + fault.getMessage());
    assertTrue(fault.getMessage().contains("no.such.method"), fault.getMessage());
  }
}
