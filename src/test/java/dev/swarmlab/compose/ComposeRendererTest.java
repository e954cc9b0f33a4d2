package dev.swarmlab.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.swarmlab.error.TemplateException;
import dev.swarmlab.plan.Client;
import dev.swarmlab.plan.Clients;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import dev.swarmlab.plan.RateLimits;
import dev.swarmlab.plan.StartOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The renderer against golden files in {@code src/test/resources/golden/ComposeRendererTest/}.
 * After an intended change, regenerate them with {@code mvn test -Dgolden.update=true} and read the
 * diff.
 */
class ComposeRendererTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden/ComposeRendererTest");
  private static final Map<String, String> IMAGES =
      Map.of(
          "tracker", "swarmlab/tracker:test",
          "mktorrent", "swarmlab/mktorrent:test",
          "rtorrent", "swarmlab/rtorrent:test",
          "rtorrent-have-now", "swarmlab/rtorrent-have-now:test",
          "flood", "swarmlab/flood:test");
  private static final RenderInputs INPUTS = inputs(Path.of("/labs/demo/payload"));

  private static RenderInputs inputs(Path payload) {
    return new RenderInputs(
        IMAGES,
        payload,
        "/data",
        2,
        1000,
        "1000:1000",
        Path.of("/labs/demo/peers"),
        Path.of("/labs/demo/flood-password"));
  }

  private final ComposeRenderer renderer = new ComposeRenderer(TemplateSource.packaged());

  @Test
  void defaultLab() throws IOException {
    assertGolden("default", spec("swarmlab", 2, 10, false));
  }

  @Test
  void zeroLeechersFloodWatchesTheFirstSeeder() throws IOException {
    assertGolden("zero-leechers", spec("demo", 1, 0, false));
  }

  @Test
  void debugLab() throws IOException {
    assertGolden("debug", spec("demo", 2, 3, true));
  }

  @Test
  void eachRoleStartsWithItsOwnRateLimitsInBytesPerSecond() {
    LabSpec spec =
        new LabSpec(
            "demo",
            2,
            3,
            new Payload.Generated(1024),
            false,
            new RateLimits(2L << 20, 0, 0, 8L << 20));
    ComposeProject p = ComposeProject.parse(renderer.render(spec, INPUTS), "demo", "test");
    Map<String, String> seeder = p.service("seeder").environment();
    Map<String, String> leecher = p.service("leecher").environment();
    assertEquals(String.valueOf(2L << 20), seeder.get("SWARMLAB_UP_RATE"));
    assertEquals("0", seeder.get("SWARMLAB_DOWN_RATE"));
    assertEquals("0", leecher.get("SWARMLAB_UP_RATE"));
    assertEquals(String.valueOf(8L << 20), leecher.get("SWARMLAB_DOWN_RATE"));
  }

  @Test
  void peersOfAShapedRoleWaitForTheirLinkAndSayHowLong() {
    LabSpec spec =
        new LabSpec("demo", 2, 3, new Payload.Generated(1024), false)
            .withShapedRoles(java.util.Set.of("leecher"));
    ComposeProject p = ComposeProject.parse(renderer.render(spec, INPUTS), "demo", "test");
    String wait = String.valueOf(LabSpec.LINK_WAIT_SECONDS);
    assertEquals(wait, p.service("leecher").environment().get("SWARMLAB_LINK_WAIT"));
    assertEquals(wait, p.service("leecher").labels().get(LabContract.LINK_WAIT_LABEL));
    assertEquals("0", p.service("seeder").environment().get("SWARMLAB_LINK_WAIT"));
    assertEquals("0", p.service("seeder").labels().get(LabContract.LINK_WAIT_LABEL));
  }

  @Test
  void eachRoleRunsTheImageOfItsClientAndSaysWhichInALabel() {
    LabSpec spec =
        new LabSpec("demo", 2, 3, new Payload.Generated(1024), false)
            .withClients(new Clients(Client.RTORRENT, Client.RTORRENT_HAVE_NOW));
    ComposeProject p = ComposeProject.parse(renderer.render(spec, INPUTS), "demo", "test");
    assertEquals("swarmlab/rtorrent:test", p.service("seeder").image());
    assertEquals("rtorrent", p.service("seeder").labels().get(LabContract.CLIENT_LABEL));
    assertEquals("swarmlab/rtorrent-have-now:test", p.service("leecher").image());
    assertEquals("rtorrent-have-now", p.service("leecher").labels().get(LabContract.CLIENT_LABEL));
  }

  @Test
  void theStartOrderIsWhatEachPeerServiceDependsOn() {
    LabSpec spec = new LabSpec("demo", 2, 3, new Payload.Generated(1024), false);
    assertEquals(
        List.of("mktorrent", "tracker", "seeder", "leecher"),
        order(spec.withStartOrder(StartOrder.SEEDERS_FIRST)));
    assertEquals(
        List.of("mktorrent", "tracker", "leecher", "seeder"),
        order(spec.withStartOrder(StartOrder.LEECHERS_FIRST)));
    // no leechers to start first
    assertEquals(
        List.of("mktorrent", "tracker", "seeder", "leecher"),
        order(
            new LabSpec("demo", 2, 0, new Payload.Generated(1024), false)
                .withStartOrder(StartOrder.LEECHERS_FIRST)));
  }

  private List<String> order(LabSpec spec) {
    return ComposeProject.parse(renderer.render(spec, INPUTS), "demo", "test")
        .startOrder(java.util.Set.of())
        .stream()
        .map(ServiceSpec::name)
        .toList();
  }

  @Test
  void noPeerPublishesAPortAndEveryPortIsOnLoopback() {
    ComposeProject p =
        ComposeProject.parse(renderer.render(spec("demo", 2, 3, true), INPUTS), "demo", "test");
    for (ServiceSpec s : p.services()) {
      for (ServiceSpec.Port port : s.ports()) {
        assertEquals("127.0.0.1", port.hostIp(), s.name() + " publishes " + port);
      }
    }
    ServiceSpec leecher = p.service("leecher");
    assertEquals(List.of(), leecher.ports(), "SCGI is a unix socket, never a port");
    assertEquals(List.of(), p.service("seeder").ports());
    for (String peer : List.of("seeder", "leecher", "flood")) {
      assertTrue(
          p.service(peer)
              .mounts()
              .contains(
                  new ServiceSpec.Mount(
                      ServiceSpec.Mount.Type.BIND,
                      "/labs/demo/peers",
                      LabContract.CONTROL_MOUNT,
                      false)),
          peer + " mounts the control directory: " + p.service(peer).mounts());
    }
    assertEquals(3, leecher.replicas());
    assertEquals(2, p.service("seeder").replicas());
    assertEquals(ServiceSpec.Condition.STARTED, leecher.dependsOn().get("seeder"));
    assertEquals(
        ServiceSpec.Condition.COMPLETED_SUCCESSFULLY,
        p.service("tracker").dependsOn().get("mktorrent"));
  }

  @Test
  void everyServiceRunsWithLeastPrivilege() {
    ComposeProject p =
        ComposeProject.parse(renderer.render(spec("demo", 2, 3, true), INPUTS), "demo", "test");
    assertEquals(5, p.services().size());
    for (ServiceSpec s : p.services()) {
      ServiceSpec.Privileges priv = s.privileges();
      assertEquals("1000:1000", priv.user(), s.name());
      assertEquals(List.of("ALL"), priv.capDrop(), s.name());
      assertEquals(List.of("no-new-privileges:true"), priv.securityOpt(), s.name());
      assertEquals(256L, priv.pidsLimit(), s.name());
    }
  }

  @Test
  void aDollarInAValueIsWrittenForComposeAsDataAndReadBackAsItself() {
    Path odd = Path.of("/tmp/a${b}c/$HOME/$$");
    Map<String, Object> tree = renderer.render(spec("demo", 1, 1, false), inputs(odd));
    String yaml = ComposeRenderer.toYaml(tree);
    assertTrue(yaml.contains("/tmp/a$${b}c/$$HOME/$$$$"), yaml);
    ComposeProject p = ComposeProject.parse(tree, "demo", "test");
    assertEquals(
        odd.toString(), p.service("seeder").mounts().get(0).source(), "not expanded a second time");
  }

  @Test
  void aLoneDollarInAComposeFileIsRefusedNotExpanded() {
    Map<String, Object> tree = renderer.render(spec("demo", 1, 1, false), INPUTS);
    @SuppressWarnings("unchecked")
    Map<String, Object> tracker =
        (Map<String, Object>) ((Map<String, Object>) tree.get("services")).get("tracker");
    tracker.put("image", "swarmlab/tracker:${TAG}");
    TemplateException e =
        assertThrows(TemplateException.class, () -> ComposeProject.parse(tree, "demo", "test"));
    assertTrue(
        e.getMessage().contains("service tracker") && e.getMessage().contains("$$"),
        e.getMessage());
  }

  @Test
  void valuesStayDataWhateverTheyContain() {
    Path odd = Path.of("/home/me/my: data # not a comment\n- x: y");
    RenderInputs inputs = inputs(odd);
    String yaml = ComposeRenderer.toYaml(renderer.render(spec("demo", 1, 1, false), inputs));
    Map<String, Object> back = new Yaml().load(yaml);
    @SuppressWarnings("unchecked")
    Map<String, Object> seeder =
        (Map<String, Object>) ((Map<String, Object>) back.get("services")).get("seeder");
    @SuppressWarnings("unchecked")
    Map<String, Object> mount = (Map<String, Object>) ((List<Object>) seeder.get("volumes")).get(0);
    assertEquals(odd.toString(), mount.get("source"));
    assertEquals(Boolean.TRUE, mount.get("read_only"));
  }

  @Test
  void anUnknownPlaceholderNamesTheFileAndThePlaceholder() {
    TemplateSource broken =
        name ->
            name.equals("tracker.yml")
                ? "image: ${images.nope}\n"
                : TemplateSource.packaged().read(name);
    TemplateException e =
        assertThrows(
            TemplateException.class,
            () -> new ComposeRenderer(broken).render(spec("demo", 1, 1, false), INPUTS));
    assertTrue(e.getMessage().contains("compose-templates/tracker.yml"), e.getMessage());
    assertTrue(e.getMessage().contains("${images.nope}"), e.getMessage());
  }

  @Test
  void invalidYamlInATemplateNamesTheFile() {
    TemplateSource broken =
        name ->
            name.equals("seeder.yml") ? "image: [unclosed\n" : TemplateSource.packaged().read(name);
    TemplateException e =
        assertThrows(
            TemplateException.class,
            () -> new ComposeRenderer(broken).render(spec("demo", 1, 1, false), INPUTS));
    assertTrue(
        e.getMessage().startsWith("compose-templates/seeder.yml: invalid YAML"), e.getMessage());
  }

  @Test
  void templatesCannotConstructJavaObjects() {
    TemplateSource hostile =
        name ->
            name.equals("tracker.yml")
                ? "image: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/\"]]]]\n"
                : TemplateSource.packaged().read(name);
    assertThrows(
        TemplateException.class,
        () -> new ComposeRenderer(hostile).render(spec("demo", 1, 1, false), INPUTS));
  }

  private static LabSpec spec(String project, int seeders, int leechers, boolean debug) {
    return new LabSpec(project, seeders, leechers, new Payload.Generated(1024), debug);
  }

  private void assertGolden(String name, LabSpec spec) throws IOException {
    String actual = ComposeRenderer.toYaml(renderer.render(spec, INPUTS));
    assertFalse(
        actual.contains("&id") || actual.contains("*id"), "no YAML anchors or aliases:\n" + actual);
    Path file = GOLDEN.resolve(name + ".yml");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    if (!Files.exists(file)) {
      fail("missing golden file " + file + " (run mvn test -Dgolden.update=true)");
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      fail("rendered compose file differs from " + file + ":\n" + diff(expected, actual));
    }
  }

  /** The lines that differ, marked - (golden) and + (rendered). */
  static String diff(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String x = i < e.size() ? e.get(i) : null;
      String y = i < a.size() ? a.get(i) : null;
      if (x == null || !x.equals(y)) {
        if (x != null) {
          sb.append(String.format("%4d - %s%n", i + 1, x));
        }
        if (y != null) {
          sb.append(String.format("%4d + %s%n", i + 1, y));
        }
      }
    }
    return sb.toString();
  }
}
