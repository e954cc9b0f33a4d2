package dev.swarmlab.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.TemplateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeProjectTest {

  @Test
  void aComposeFilesEnvironmentAndReplicasAreRewrittenInPlace() {
    String yaml =
        "services:\n"
            + "  leecher:\n"
            + "    image: x\n"
            + "    deploy: {replicas: 2}\n"
            + "    environment: {SWARMLAB_ROLE: leecher, SWARMLAB_UP_RATE: '0'}\n"
            + "    labels: {swarmlab.role: leecher, swarmlab.torrents: '2'}\n"
            + "  other:\n"
            + "    image: y\n"
            + "    environment: {A: '1'}\n";
    String changed =
        ComposeFile.withEnvironment(
            yaml, "leecher", Map.of("SWARMLAB_UP_RATE", "1024", "SWARMLAB_DOWN_RATE", "0"), "f");
    changed = ComposeFile.withReplicas(changed, "leecher", 5, "f");
    changed = ComposeFile.withLabels(changed, "leecher", Map.of("swarmlab.torrents", "3"), "f");
    ServiceSpec leecher = ComposeFile.read(changed, "p", "f").service("leecher");
    assertEquals(Map.of("swarmlab.role", "leecher", "swarmlab.torrents", "3"), leecher.labels());
    assertEquals(
        Map.of("SWARMLAB_ROLE", "leecher", "SWARMLAB_UP_RATE", "1024", "SWARMLAB_DOWN_RATE", "0"),
        leecher.environment());
    assertEquals(5, leecher.replicas());
    assertEquals("y", ComposeFile.read(changed, "p", "f").service("other").image());
    assertThrows(
        TemplateException.class,
        () ->
            ComposeFile.withEnvironment(
                "services: {other: {image: y, environment: [A=1]}}\n",
                "other",
                Map.of("B", "2"),
                "f"),
        "a list of variables is not what swarmlab writes");
    assertThrows(
        TemplateException.class,
        () -> ComposeFile.withEnvironment(yaml, "nobody", Map.of("B", "2"), "f"));
  }

  @Test
  void shortPortSyntax() {
    assertEquals(
        new ServiceSpec.Port("127.0.0.1", null, 5000, "tcp"),
        ComposeValues.port("127.0.0.1::5000", ""));
    assertEquals(
        new ServiceSpec.Port("127.0.0.1", 3000, 3000, "tcp"),
        ComposeValues.port("127.0.0.1:3000:3000", ""));
    assertEquals(
        new ServiceSpec.Port("0.0.0.0", 6969, 6969, "udp"),
        ComposeValues.port("6969:6969/udp", ""));
    ServiceSpec.Port bare = ComposeValues.port("5000", "");
    assertNull(bare.hostPort());
    assertThrows(TemplateException.class, () -> ComposeValues.port("localhost:x:5000", ""));
  }

  @Test
  void anUnsupportedServiceKeyNamesTheServiceAndTheKey() {
    Map<String, Object> tree = project(Map.of("tracker", Map.of("image", "t", "privileged", true)));
    TemplateException e =
        assertThrows(TemplateException.class, () -> ComposeProject.parse(tree, "p", "file.yml"));
    assertTrue(
        e.getMessage().contains("file.yml")
            && e.getMessage().contains("service tracker")
            && e.getMessage().contains("'privileged'"),
        e.getMessage());
  }

  @Test
  void aDependencyOnAnUnknownServiceIsAnError() {
    Map<String, Object> tree =
        project(
            Map.of(
                "leecher",
                Map.of(
                    "image",
                    "r",
                    "depends_on",
                    Map.of("ghost", Map.of("condition", "service_started")))));
    TemplateException e =
        assertThrows(TemplateException.class, () -> ComposeProject.parse(tree, "p", "file.yml"));
    assertTrue(e.getMessage().contains("no service ghost"), e.getMessage());
  }

  @Test
  void anUndeclaredVolumeIsAnError() {
    Map<String, Object> tree =
        project(Map.of("seeder", Map.of("image", "r", "volumes", List.of("cache:/cache"))));
    TemplateException e =
        assertThrows(TemplateException.class, () -> ComposeProject.parse(tree, "p", "file.yml"));
    assertTrue(e.getMessage().contains("'cache' is not declared"), e.getMessage());
  }

  @Test
  void onlyTheDefaultNetworkAndLabelsOnNetworksAndVolumesAreAccepted() {
    Map<String, Object> labelled =
        new LinkedHashMap<>(project(Map.of("tracker", Map.of("image", "t"))));
    labelled.put("networks", Map.of("default", Map.of("labels", Map.of("swarmlab.project", "p"))));
    labelled.put("volumes", Map.of("torrents", Map.of("labels", Map.of("swarmlab.project", "p"))));
    assertEquals(List.of("torrents"), ComposeProject.parse(labelled, "p", "f").volumes());

    Map<String, Object> other = new LinkedHashMap<>(labelled);
    other.put("networks", Map.of("backend", Map.of()));
    TemplateException e =
        assertThrows(TemplateException.class, () -> ComposeProject.parse(other, "p", "f"));
    assertTrue(e.getMessage().contains("only the default network"), e.getMessage());

    Map<String, Object> driver = new LinkedHashMap<>(labelled);
    driver.put("volumes", Map.of("torrents", Map.of("driver", "nfs")));
    e = assertThrows(TemplateException.class, () -> ComposeProject.parse(driver, "p", "f"));
    assertTrue(
        e.getMessage().contains("volume 'torrents'") && e.getMessage().contains("'driver'"),
        e.getMessage());
  }

  @Test
  void replicasAndHealthcheckAreRead() {
    Map<String, Object> svc = new LinkedHashMap<>();
    svc.put("image", "r");
    svc.put("deploy", Map.of("replicas", 7));
    svc.put("healthcheck", Map.of("test", List.of("CMD", "true"), "interval", "1s", "retries", 5));
    ServiceSpec s =
        ComposeProject.parse(project(Map.of("leecher", svc)), "p", "f").service("leecher");
    assertEquals(7, s.replicas());
    assertEquals(List.of("CMD", "true"), s.healthcheck().test());
    assertEquals(java.time.Duration.ofSeconds(1), s.healthcheck().interval());
    assertEquals(5, s.healthcheck().retries());
    assertEquals(64, s.configHash().length());
  }

  private static Map<String, Object> project(Map<String, Object> services) {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("services", services);
    tree.put("volumes", Map.of("torrents", Map.of()));
    return tree;
  }

  private static Map<String, Object> dependsOn(String... on) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("image", "i");
    if (on.length > 0) {
      s.put("depends_on", List.of(on));
    }
    return s;
  }

  private static List<String> order(Map<String, Object> services, java.util.Set<String> profiles) {
    return ComposeProject.parse(Map.of("services", services), "p", "test")
        .startOrder(profiles)
        .stream()
        .map(ServiceSpec::name)
        .toList();
  }

  @Test
  void servicesStartAfterWhatTheyDependOnAndProfilesLeaveSomeOut() {
    Map<String, Object> services = new LinkedHashMap<>();
    services.put("web", dependsOn("app", "db"));
    services.put("app", dependsOn("db"));
    services.put("db", dependsOn());
    Map<String, Object> debug = dependsOn("web");
    debug.put("profiles", List.of("debug"));
    services.put("ui", debug);

    assertEquals(List.of("db", "app", "web"), order(services, java.util.Set.of()));
    assertEquals(List.of("db", "app", "web", "ui"), order(services, java.util.Set.of("debug")));
  }

  @Test
  void aCycleOrADependencyLeftOutByProfileCannotBeOrdered() {
    Map<String, Object> cycle = new LinkedHashMap<>();
    cycle.put("a", dependsOn("b"));
    cycle.put("b", dependsOn("a"));
    var e =
        assertThrows(
            dev.swarmlab.error.LabFailedException.class, () -> order(cycle, java.util.Set.of()));
    assertTrue(e.getMessage().startsWith("cannot order services [a, b]"), e.getMessage());

    Map<String, Object> leftOut = new LinkedHashMap<>();
    Map<String, Object> dbg = dependsOn();
    dbg.put("profiles", List.of("debug"));
    leftOut.put("tool", dbg);
    leftOut.put("app", dependsOn("tool"));
    assertThrows(
        dev.swarmlab.error.LabFailedException.class, () -> order(leftOut, java.util.Set.of()));
  }
}
