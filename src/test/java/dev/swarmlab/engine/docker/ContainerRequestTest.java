package dev.swarmlab.engine.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import dev.swarmlab.compose.ComposeProject;
import dev.swarmlab.engine.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A service of the compose model becomes the Engine API's create request, without an engine. */
class ContainerRequestTest {
  private static final Path FILE = Path.of("/labs/.swarmlab/demo/docker-compose.yml");

  private static ContainerRequest request(Map<String, Object> service, int number) {
    ComposeProject p =
        ComposeProject.parse(
            Map.of("services", Map.of("leecher", service), "volumes", Map.of("data", Map.of())),
            "demo",
            "test");
    return ContainerRequest.of("demo", p.service("leecher"), number, FILE, "run-7");
  }

  @Test
  void namesAndLabelsAsComposeDoesPlusTheRun() {
    ContainerRequest r =
        request(
            Map.of("image", "swarmlab/rtorrent:1", "labels", Map.of("swarmlab.role", "leecher")),
            3);

    assertEquals("demo-leecher-3", r.name());
    assertEquals("leecher-3", r.hostName());
    assertEquals("leecher", r.alias());
    assertEquals("swarmlab/rtorrent:1", r.image());
    assertEquals("demo", r.labels().get(Labels.PROJECT));
    assertEquals("leecher", r.labels().get(Labels.SERVICE));
    assertEquals("3", r.labels().get(Labels.NUMBER));
    assertEquals("False", r.labels().get(Labels.ONEOFF));
    assertEquals("/labs/.swarmlab/demo", r.labels().get(Labels.WORKING_DIR));
    assertEquals(FILE.toString(), r.labels().get(Labels.CONFIG_FILES));
    assertEquals("demo", r.labels().get(Labels.SWARMLAB_PROJECT));
    assertEquals("run-7", r.labels().get(Labels.SWARMLAB_RUN));
    assertEquals("leecher", r.labels().get("swarmlab.role"), "the service's own labels are kept");
    assertEquals(64, r.labels().get(Labels.CONFIG_HASH).length());
    assertEquals("demo_default", r.hostConfig().getNetworkMode());
    assertNull(r.user());
    assertNull(r.command());
    assertNull(r.healthCheck());
  }

  @Test
  void mountsPortsAndEnvironment() {
    ContainerRequest r =
        request(
            Map.of(
                "image", "i",
                "environment", Map.of("B", "2", "A", "1"),
                "volumes",
                    List.of(
                        Map.of(
                            "type",
                            "bind",
                            "source",
                            "/srv/payload",
                            "target",
                            "/payload",
                            "read_only",
                            true),
                        Map.of("type", "volume", "source", "data", "target", "/data")),
                "ports", List.of("127.0.0.1::3000", "127.0.0.1:8080:80/udp")),
            1);

    assertEquals(List.of("A=1", "B=2"), r.environment());
    List<Mount> mounts = r.hostConfig().getMounts();
    assertEquals(MountType.BIND, mounts.get(0).getType());
    assertEquals("/srv/payload", mounts.get(0).getSource());
    assertEquals("/payload", mounts.get(0).getTarget());
    assertEquals(true, mounts.get(0).getReadOnly());
    assertEquals(MountType.VOLUME, mounts.get(1).getType());
    assertEquals("demo_data", mounts.get(1).getSource(), "a named volume is the project's");
    assertEquals(false, mounts.get(1).getReadOnly());
    assertEquals(List.of(ExposedPort.tcp(3000), ExposedPort.udp(80)), r.exposedPorts());
    Map<ExposedPort, Ports.Binding[]> bindings = r.hostConfig().getPortBindings().getBindings();
    assertArrayEquals(
        new Ports.Binding[] {Ports.Binding.bindIp("127.0.0.1")},
        bindings.get(ExposedPort.tcp(3000)));
    assertArrayEquals(
        new Ports.Binding[] {Ports.Binding.bindIpAndPort("127.0.0.1", 8080)},
        bindings.get(ExposedPort.udp(80)));
  }

  @Test
  void privilegesCommandAndHealthCheck() {
    ContainerRequest r =
        request(
            Map.of(
                "image",
                "i",
                "user",
                "1000:1000",
                "cap_drop",
                List.of("ALL"),
                "security_opt",
                List.of("no-new-privileges:true"),
                "pids_limit",
                256,
                "command",
                List.of("rtorrent", "-n"),
                "stop_signal",
                "SIGINT",
                "healthcheck",
                Map.of(
                    "test",
                    List.of("CMD", "/health.sh"),
                    "interval",
                    "2s",
                    "timeout",
                    "3s",
                    "retries",
                    4,
                    "start_period",
                    "1s")),
            1);

    assertEquals("1000:1000", r.user());
    assertArrayEquals(new Capability[] {Capability.ALL}, r.hostConfig().getCapDrop());
    assertEquals(List.of("no-new-privileges:true"), r.hostConfig().getSecurityOpts());
    assertEquals(256L, r.hostConfig().getPidsLimit());
    assertEquals(List.of("rtorrent", "-n"), r.command());
    assertEquals("SIGINT", r.stopSignal());
    assertEquals(List.of("CMD", "/health.sh"), r.healthCheck().getTest());
    assertEquals(2_000_000_000L, r.healthCheck().getInterval());
    assertEquals(3_000_000_000L, r.healthCheck().getTimeout());
    assertEquals(4, r.healthCheck().getRetries());
    assertEquals(1_000_000_000L, r.healthCheck().getStartPeriod());
  }

  @Test
  void theCreateCommandCarriesEveryPartOfTheRequest() {
    ContainerRequest r =
        request(
            Map.of(
                "image", "swarmlab/rtorrent:1",
                "user", "1000:1000",
                "command", List.of("rtorrent"),
                "stop_signal", "SIGINT",
                "environment", Map.of("A", "1"),
                "ports", List.of("127.0.0.1::3000"),
                "healthcheck", Map.of("test", List.of("CMD", "true"))),
            2);

    CreateContainerCmd cmd =
        r.applyTo(new CreateContainerCmdImpl(command -> null, null, r.image()));

    assertEquals("swarmlab/rtorrent:1", cmd.getImage());
    assertEquals("demo-leecher-2", cmd.getName());
    assertEquals("leecher-2", cmd.getHostName());
    assertEquals(List.of("leecher"), cmd.getAliases());
    assertEquals(r.labels(), cmd.getLabels());
    assertArrayEquals(new String[] {"A=1"}, cmd.getEnv());
    assertArrayEquals(new ExposedPort[] {ExposedPort.tcp(3000)}, cmd.getExposedPorts());
    assertEquals(r.hostConfig(), cmd.getHostConfig());
    assertEquals("1000:1000", cmd.getUser());
    assertArrayEquals(new String[] {"rtorrent"}, cmd.getCmd());
    assertEquals("SIGINT", cmd.getStopSignal());
    assertEquals(r.healthCheck(), cmd.getHealthcheck());
  }
}
