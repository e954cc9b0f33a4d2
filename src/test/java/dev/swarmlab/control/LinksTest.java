package dev.swarmlab.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Helper;
import dev.swarmlab.engine.StubEngine;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LinkConditions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LinksTest {
  private static final long MBIT = 1_000_000;

  @Test
  void bandwidthShapesBothWaysWithTokenBucketsAndNoNetem() {
    assertEquals(
        List.of(
            "tc qdisc del dev eth0 root 2>/dev/null || true",
            "tc qdisc del dev eth0 ingress 2>/dev/null || true",
            "ip link del swl-ifb 2>/dev/null || true",
            "tc qdisc add dev eth0 root tbf rate 8000000bit burst 20000 latency 100ms",
            "ip link add swl-ifb type ifb",
            "ip link set swl-ifb up",
            "tc qdisc add dev eth0 handle ffff: ingress",
            "tc filter add dev eth0 parent ffff: protocol all u32 match u32 0 0 action mirred"
                + " egress redirect dev swl-ifb",
            "tc qdisc add dev swl-ifb root tbf rate 8000000bit burst 20000 latency 100ms"),
        Links.commands(new LinkConditions(8 * MBIT, Duration.ZERO, Duration.ZERO, 0)));
  }

  @Test
  void aSlowLinkStillGetsABurstOfTwoFrames() {
    assertEquals("tbf rate 64000bit burst 3028 latency 100ms", Links.tbf(64_000));
  }

  @Test
  void latencyJitterAndLossUseNetemOnTheWayOutAfterAProbeThatChangesNothing() {
    List<String> c =
        Links.commands(
            new LinkConditions(20 * MBIT, Duration.ofMillis(50), Duration.ofMillis(10), 0.5));
    assertEquals(Links.PROBE, c.subList(0, 2), "the probe comes first");
    assertTrue(c.get(0).contains("dev lo root netem") && c.get(0).contains("exit 64"), c.get(0));
    assertEquals(
        "tc qdisc add dev eth0 root netem delay 50000us 10000us loss 0.5% rate 20000000bit",
        c.get(5));
    assertTrue(
        c.contains("tc qdisc add dev swl-ifb root tbf rate 20000000bit burst 50000 latency 100ms"));
    assertFalse(c.stream().anyMatch(x -> x.contains("dev eth0 root tbf")), c.toString());
  }

  @Test
  void latencyAloneNeedsNoIfb() {
    List<String> c =
        Links.commands(new LinkConditions(0, Duration.ofMillis(200), Duration.ZERO, 0));
    assertEquals("tc qdisc add dev eth0 root netem delay 200000us", c.get(c.size() - 1));
    assertFalse(c.stream().anyMatch(x -> x.contains("ifb type")), c.toString());
    List<String> loss = Links.commands(new LinkConditions(0, Duration.ZERO, Duration.ZERO, 1));
    assertEquals("tc qdisc add dev eth0 root netem loss 1%", loss.get(loss.size() - 1));
  }

  @Test
  void theScriptStopsAtTheFirstFailure() {
    assertEquals("set -e\na\nb\n", Links.script(List.of("a", "b")));
  }

  @Test
  void withoutNetemOnePeerIsAskedAndNoLinkChanges() {
    Helpers engine = new Helpers(h -> new Helper.Result(Links.NO_NETEM, "Error: unknown qdisc"));
    LinkConditions latency = new LinkConditions(0, Duration.ofMillis(50), Duration.ZERO, 0);
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> new Links(engine, "lab").apply(List.of(peer(1), peer(2), peer(3)), latency));
    assertEquals(Links.NO_NETEM_MESSAGE, e.getMessage());
    assertEquals(1, engine.runs.size(), "only the first peer was asked");
    assertTrue(engine.runs.get(0).command().get(2).startsWith("set -e\n" + Links.PROBE.get(0)));

    assertThrows(BadInputException.class, () -> new Links(engine, "lab").requireNetem("img"));
    assertNull(engine.runs.get(1).networkOf(), "the probe before up needs no lab");
    assertEquals("img", engine.runs.get(1).image());
  }

  @Test
  void eachPeerIsShapedByAHelperInItsNetworkWithOnlyNetAdmin() {
    Helpers engine = new Helpers(h -> new Helper.Result(0, ""));
    LinkConditions c = new LinkConditions(5 * MBIT, Duration.ZERO, Duration.ZERO, 0);
    List<Links.Result> r = new Links(engine, "lab").apply(List.of(peer(1), stopped(2), peer(3)), c);
    assertEquals(
        List.of(
            new Links.Result("leecher-1", "5 Mbit/s", null),
            new Links.Result("leecher-2", null, "not running (exited)"),
            new Links.Result("leecher-3", "5 Mbit/s", null)),
        r);
    assertEquals(2, engine.runs.size());
    for (Helper h : engine.runs) {
      assertEquals(List.of("NET_ADMIN"), h.capabilities());
      assertNull(h.image(), "the peer's own image");
      assertTrue(h.networkOf().equals("id1") || h.networkOf().equals("id3"), h.networkOf());
    }
  }

  @Test
  void aPeerWaitingToStartIsToldLastThatItsLinkIsShapedEvenWithNoConditions() {
    Helpers engine = new Helpers(h -> new Helper.Result(0, ""));
    ContainerInfo waiting =
        labelled(1, Map.of(dev.swarmlab.plan.LabContract.LINK_WAIT_LABEL, "120"));
    assertTrue(Links.waits(waiting));
    assertFalse(Links.waits(peer(2)));
    LinkConditions c = new LinkConditions(5 * MBIT, Duration.ZERO, Duration.ZERO, 0);
    new Links(engine, "lab").apply(List.of(waiting), c);
    new Links(engine, "lab").apply(List.of(waiting), LinkConditions.NONE);
    new Links(engine, "lab").apply(List.of(peer(2)), c);
    List<String> release = Links.releaseCommands();
    assertTrue(engine.runs.get(0).command().get(2).endsWith(String.join("\n", release) + "\n"));
    assertEquals(
        Links.script(concat(Links.clearCommands(), release)), engine.runs.get(1).command().get(2));
    assertFalse(engine.runs.get(2).command().get(2).contains(Links.SHAPED), "no one waits");
    assertTrue(release.get(release.size() - 1).endsWith("alias swarmlab-shaped"), "the mark last");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static ContainerInfo labelled(int n, Map<String, String> labels) {
    return new ContainerInfo(
        "id" + n,
        "lab-leecher-" + n,
        "leecher",
        n,
        "running",
        labels,
        Map.of(),
        Map.of(),
        "172.20.0." + (10 + n),
        1L);
  }

  @Test
  void aFailingTcIsReportedWithItsLastLine() {
    Helpers engine =
        new Helpers(h -> new Helper.Result(2, "ok\nRTNETLINK answers: No such device"));
    List<Links.Result> r =
        new Links(engine, "lab")
            .apply(List.of(peer(1)), new LinkConditions(MBIT, Duration.ZERO, Duration.ZERO, 0));
    assertEquals("tc failed: RTNETLINK answers: No such device", r.get(0).error());
  }

  @Test
  void noConditionsClearTheLink() {
    Helpers engine = new Helpers(h -> new Helper.Result(0, ""));
    new Links(engine, "lab").apply(List.of(peer(1)), LinkConditions.NONE);
    assertEquals(Links.script(Links.clearCommands()), engine.runs.get(0).command().get(2));
  }

  private static ContainerInfo peer(int n) {
    return info(n, "running");
  }

  private static ContainerInfo stopped(int n) {
    return info(n, "exited");
  }

  private static ContainerInfo info(int n, String state) {
    return new ContainerInfo(
        "id" + n,
        "lab-leecher-" + n,
        "leecher",
        n,
        state,
        Map.of(),
        Map.of(),
        Map.of(),
        "172.20.0." + (10 + n),
        1L);
  }

  /** An engine that only runs helpers, answering each as {@code reply} says. */
  private static final class Helpers extends StubEngine {
    final List<Helper> runs = new CopyOnWriteArrayList<>();
    private final Function<Helper, Helper.Result> reply;

    Helpers(Function<Helper, Helper.Result> reply) {
      this.reply = reply;
    }

    @Override
    public Helper.Result runHelper(String project, Helper helper) {
      runs.add(helper);
      return reply.apply(helper);
    }
  }
}
