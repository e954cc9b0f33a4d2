package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import dev.swarmlab.lab.LabUser;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.testing.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A lab of 10 leechers as an attacker on this machine or on the lab's network sees it: no TCP port
 * of any peer answers an SCGI request, the only way in is a socket in a directory that only the
 * lab's user opens, and every container runs with least privilege.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {
  /** BitTorrent's port, the one TCP port a peer listens on. */
  private static final int BITTORRENT = 6881;

  /** Docker's embedded DNS server listens in every container's namespace, on this address. */
  private static final String DOCKER_DNS = "0B00007F"; // 127.0.0.11 as /proc/net/tcp writes it

  private final String project = "it-sec-" + UUID.randomUUID().toString().substring(0, 8);
  private List<Container> peers;

  @BeforeAll
  void up() {
    Cli up =
        Cli.run(
            "up",
            "-p",
            project,
            "--leechers",
            "10",
            "--payload-size",
            "1MiB",
            "--wait",
            "--timeout",
            "5m");
    assertEquals(0, up.code(), up::toString);
    peers =
        Docker.containers(project).stream()
            .filter(c -> c.getLabels().containsKey("swarmlab.role"))
            .toList();
    assertEquals(12, peers.size());
  }

  @AfterAll
  void down() {
    Cli.run("down", "-p", project, "--volumes", "--purge");
  }

  @Test
  void noPeerListensOnAnyTcpPortButBitTorrents() throws Exception {
    for (Container c : peers) {
      String tables = Docker.exec(c.getId(), "cat", "/proc/net/tcp", "/proc/net/tcp6");
      Set<Integer> listening = new java.util.TreeSet<>();
      for (String line : tables.lines().toList()) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[3].equals("0A") && !f[1].startsWith(DOCKER_DNS + ":")) {
          listening.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
        }
      }
      assertEquals(
          Set.of(BITTORRENT),
          listening,
          c.getNames()[0] + " listens on " + listening + "\n" + tables);
    }
  }

  @Test
  void fromThisMachineNoPeerAddressAnswersScgi() throws Exception {
    for (Container c : peers) {
      String ip = address(c);
      for (int port : new int[] {5000, BITTORRENT}) {
        String reply = scgiOverTcp(ip, port);
        assertFalse(
            reply.contains("methodResponse"),
            c.getNames()[0] + ":" + port + " answered SCGI: " + reply);
      }
    }
  }

  @Test
  void fromAContainerOnTheLabsNetworkNoPeerAnswersScgi() throws Exception {
    var client = Docker.client();
    String image = client.inspectContainerCmd(peers.get(0).getId()).exec().getConfig().getImage();
    String targets = peers.stream().map(SecurityIT::address).collect(Collectors.joining(" "));
    String body =
        "<?xml version=\"1.0\"?><methodCall><methodName>system.client_version</methodName></methodCall>";
    String headers =
        "CONTENT_LENGTH\\x00"
            + body.length()
            + "\\x00SCGI\\x00"
            + "1\\x00"; // printf writes \x00 as a NUL
    int headerBytes = ("CONTENT_LENGTH\0" + body.length() + "\0SCGI\0" + "1\0").length();
    // bash's /dev/tcp from inside the lab: every peer, the old SCGI port and BitTorrent's
    String script =
        "for ip in "
            + targets
            + "; do for port in 5000 "
            + BITTORRENT
            + "; do "
            + "if exec 3<>/dev/tcp/$ip/$port; then "
            + "printf '%d:"
            + headers
            + ",%s' "
            + headerBytes
            + " '"
            + body
            + "' >&3; "
            + "reply=$(timeout 2 cat <&3 | head -c 65536 | tr -c '[:print:]' '.'); exec 3>&-; "
            + "case \"$reply\" in *methodResponse*) echo \"$ip:$port SCGI\";; *) echo \"$ip:$port no-scgi\";; esac; "
            + "else echo \"$ip:$port closed\"; fi; done; done 2>/dev/null";
    String id =
        client
            .createContainerCmd(image)
            .withName(project + "-attacker")
            .withLabels(Map.of("swarmlab.project", project))
            .withEntrypoint("bash", "-c", script)
            .withHostConfig(
                com.github.dockerjava.api.model.HostConfig.newHostConfig()
                    .withNetworkMode(project + "_default"))
            .exec()
            .getId();
    client.startContainerCmd(id).exec();
    client.waitContainerCmd(id).start().awaitStatusCode(3, java.util.concurrent.TimeUnit.MINUTES);
    String out = Docker.logs(id);
    assertEquals(
        peers.size() * 2,
        out.lines().filter(l -> l.matches("[0-9.]+:\\d+ (SCGI|no-scgi|closed)")).count(),
        out);
    assertFalse(out.contains(" SCGI"), "a peer answered SCGI on the lab's network:\n" + out);
    assertTrue(
        out.lines().filter(l -> l.contains(":5000 ")).allMatch(l -> l.endsWith("closed")), out);
    assertTrue(
        out.lines()
            .filter(l -> l.contains(":" + BITTORRENT + " "))
            .allMatch(l -> l.endsWith("no-scgi")),
        out);
    client.removeContainerCmd(id).withForce(true).exec();
  }

  @Test
  void theOnlyWayInIsASocketInADirectoryOnlyTheLabsUserOpens() throws Exception {
    Container peer = peers.get(0);
    String dir =
        Docker.client().inspectContainerCmd(peer.getId()).exec().getMounts().stream()
            .filter(
                m ->
                    m.getDestination() != null
                        && LabContract.CONTROL_MOUNT.equals(m.getDestination().getPath()))
            .map(m -> m.getSource())
            .findFirst()
            .orElseThrow();
    Path control = Path.of(dir);
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(control, LinkOption.NOFOLLOW_LINKS)));
    LabUser user = LabUser.current();
    assertEquals(
        user.uid(), (Integer) Files.getAttribute(control, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    for (Container c : peers) {
      Path socket = control.resolve(LabContract.socketName(address(c)));
      assertTrue(
          Files.exists(socket, LinkOption.NOFOLLOW_LINKS), socket + " of " + c.getNames()[0]);
      assertEquals(
          user.uid(), (Integer) Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }
  }

  @Test
  void everyContainerRunsWithLeastPrivilege() throws Exception {
    List<Container> all = Docker.containers(project);
    assertEquals(14, all.size(), "mktorrent, tracker, 2 seeders, 10 leechers");
    for (Container c : all) {
      InspectContainerResponse i = Docker.client().inspectContainerCmd(c.getId()).exec();
      String name = c.getNames()[0];
      String user = i.getConfig().getUser();
      assertTrue(
          user != null
              && !user.isEmpty()
              && !user.startsWith("0:")
              && !user.equals("0")
              && !user.equals("root"),
          name + " runs as '" + user + "'");
      assertTrue(
          Arrays.asList(i.getHostConfig().getCapDrop()).contains(Capability.ALL),
          name + " drops " + Arrays.toString(i.getHostConfig().getCapDrop()));
      assertTrue(
          i.getHostConfig().getCapAdd() == null || i.getHostConfig().getCapAdd().length == 0, name);
      assertTrue(i.getHostConfig().getSecurityOpts().contains("no-new-privileges:true"), name);
      assertTrue(
          i.getHostConfig().getPidsLimit() != null && i.getHostConfig().getPidsLimit() > 0, name);
      assertNotEquals(Boolean.TRUE, i.getHostConfig().getPrivileged(), name);
      if (Boolean.TRUE.equals(i.getState().getRunning())) {
        String uid = Docker.exec(c.getId(), "id", "-u").strip();
        assertNotEquals("0", uid, name + " runs a process as root");
      }
    }
  }

  private static String address(Container c) {
    return c.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
  }

  /** An SCGI request to {@code ip:port}; what came back within 2 s, or why nothing did. */
  private static String scgiOverTcp(String ip, int port) throws IOException {
    String body =
        "<?xml version=\"1.0\"?><methodCall><methodName>system.client_version</methodName></methodCall>";
    String headers = "CONTENT_LENGTH\0" + body.length() + "\0SCGI\0" + "1\0";
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(ip, port), 2000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write(
          (headers.length() + ":" + headers + "," + body).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    } catch (SocketTimeoutException e) {
      return "timed out";
    } catch (IOException e) {
      return "refused: " + e.getMessage();
    }
  }
}
