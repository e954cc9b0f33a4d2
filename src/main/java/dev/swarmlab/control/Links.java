package dev.swarmlab.control;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.Helper;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.LinkConditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Link conditions on purpose: the kernel's queueing disciplines ({@code tc}) in a peer's own
 * network namespace, set by a short-lived helper container that joins it with {@code NET_ADMIN}
 * (the peer keeps no capabilities). Bandwidth is shaped both ways: what the peer sends by a token
 * bucket ({@code tbf}) on its interface, what it receives by the same on an {@code ifb} device its
 * incoming packets are redirected to. Latency, jitter and loss need {@code netem}, on what the peer
 * sends; where the kernel has no {@code netem}, they are refused before anything is changed.
 */
public final class Links {

  /** The peer's interface on the lab's network: its only one. */
  static final String DEVICE = "eth0";

  /** The device a peer's incoming packets are redirected to, to be shaped on the way in. */
  static final String IFB = "swl-ifb";

  /** The exit code of a helper that found no {@code netem} in the kernel. */
  static final int NO_NETEM = 64;

  /** What a helper may take. */
  static final Duration HELPER_TIMEOUT = Duration.ofMinutes(1);

  /** The one line that says why latency, jitter and loss cannot be had here. */
  public static final String NO_NETEM_MESSAGE =
      "latency, jitter and loss need the kernel's netem queueing discipline (module sch_netem),"
          + " which the Docker host's kernel does not have; bandwidth alone works without it";

  private final Engine engine;
  private final String project;

  public Links(Engine engine, String project) {
    this.engine = engine;
    this.project = project;
  }

  /** What became of one peer's link: the conditions it now has, or why they could not be set. */
  public record Result(String peer, String conditions, String error) {}

  /**
   * The commands that give a peer's link {@code c}, after clearing what it had; with {@code netem}
   * conditions, a probe first that exits {@link #NO_NETEM} before anything is changed when the
   * kernel lacks it.
   */
  static List<String> commands(LinkConditions c) {
    List<String> out = new ArrayList<>();
    if (c.needsNetem()) {
      out.addAll(PROBE);
    }
    out.addAll(clearCommands());
    if (c.needsNetem()) {
      StringBuilder netem = new StringBuilder("tc qdisc add dev " + DEVICE + " root netem");
      if (!c.latency().isZero() || !c.jitter().isZero()) {
        netem.append(" delay ").append(micros(c.latency())).append("us");
        if (!c.jitter().isZero()) {
          netem.append(' ').append(micros(c.jitter())).append("us");
        }
      }
      if (c.lossPercent() > 0) {
        netem.append(" loss ").append(percent(c.lossPercent())).append('%');
      }
      if (c.bandwidthBits() > 0) {
        netem.append(" rate ").append(c.bandwidthBits()).append("bit");
      }
      out.add(netem.toString());
    } else if (c.bandwidthBits() > 0) {
      out.add("tc qdisc add dev " + DEVICE + " root " + tbf(c.bandwidthBits()));
    }
    if (c.bandwidthBits() > 0) {
      out.add("ip link add " + IFB + " type ifb");
      out.add("ip link set " + IFB + " up");
      out.add("tc qdisc add dev " + DEVICE + " handle ffff: ingress");
      out.add(
          "tc filter add dev "
              + DEVICE
              + " parent ffff: protocol all u32 match u32 0 0 action mirred egress redirect dev "
              + IFB);
      out.add("tc qdisc add dev " + IFB + " root " + tbf(c.bandwidthBits()));
    }
    return out;
  }

  /**
   * Whether the kernel has {@code netem}: tried on the namespace's loopback, which no peer traffic
   * uses, so nothing of the link changes; exits {@link #NO_NETEM} if not.
   */
  static final List<String> PROBE =
      List.of(
          "out=$(tc qdisc add dev lo root netem delay 1ms 2>&1) || { echo \"$out\" >&2; exit "
              + NO_NETEM
              + "; }",
          "tc qdisc del dev lo root");

  /**
   * Refuses, with {@link #NO_NETEM_MESSAGE}, conditions the kernel cannot give: tried by a helper
   * of {@code image} (which has tc) in a namespace of its own, so that no lab needs to exist.
   */
  public void requireNetem(String image) {
    Helper probe =
        new Helper(
            image,
            null,
            List.of("NET_ADMIN"),
            List.of("/bin/sh", "-c", script(PROBE)),
            HELPER_TIMEOUT);
    Helper.Result r = engine.runHelper(project, probe);
    if (r.exitCode() == NO_NETEM) {
      throw new BadInputException(NO_NETEM_MESSAGE);
    }
    if (r.exitCode() != 0) {
      throw new LabFailedException("cannot tell whether the kernel has netem: " + r.output());
    }
  }

  /** The name the marker device is given once a namespace is shaped (the peer waits for it). */
  static final String SHAPED = "swarmlab-shaped";

  /**
   * The commands that tell a peer waiting to start (its role's {@link
   * dev.swarmlab.plan.LabContract#LINK_WAIT_LABEL}) that its link is as it should be: the {@code
   * ifb} device named {@link #SHAPED}, added if missing. Last of all, so nothing moves before the
   * rest.
   */
  static List<String> releaseCommands() {
    return List.of(
        "ip link show "
            + IFB
            + " >/dev/null 2>&1 || { ip link add "
            + IFB
            + " type ifb && ip link set "
            + IFB
            + " up; }",
        "ip link set dev " + IFB + " alias " + SHAPED);
  }

  /** Whether {@code peer} waits, before it starts, for its link to be shaped. */
  public static boolean waits(ContainerInfo peer) {
    try {
      return Integer.parseInt(
              peer.labels().getOrDefault(dev.swarmlab.plan.LabContract.LINK_WAIT_LABEL, "0"))
          > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The commands that give a peer's link back as the engine made it; harmless on a clear one. */
  static List<String> clearCommands() {
    return List.of(
        "tc qdisc del dev " + DEVICE + " root 2>/dev/null || true",
        "tc qdisc del dev " + DEVICE + " ingress 2>/dev/null || true",
        "ip link del " + IFB + " 2>/dev/null || true");
  }

  /** The shell script a helper runs: {@code commands}, stopping at the first that fails. */
  static String script(List<String> commands) {
    return "set -e\n" + String.join("\n", commands) + "\n";
  }

  /**
   * A token bucket of {@code bits} a second: a burst of 20 ms of it (at least two full frames), and
   * at most 100 ms of packets queued.
   */
  static String tbf(long bits) {
    long burst = Math.max(3028, bits / 8 / 50);
    return "tbf rate " + bits + "bit burst " + burst + " latency 100ms";
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1000;
  }

  private static String percent(double p) {
    String s = String.format(Locale.ROOT, "%.4f", p).replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * Gives each of {@code peers} the conditions {@code c} (or none at all, clearing them, when
   * {@code c} is {@link LinkConditions#NONE}), at most 8 at once.
   *
   * @throws BadInputException if {@code c} needs {@code netem} and the kernel has none: then no
   *     peer's link was changed
   */
  public List<Result> apply(List<ContainerInfo> peers, LinkConditions c) {
    List<ContainerInfo> running = peers.stream().filter(ContainerInfo::running).toList();
    if (c.needsNetem() && !running.isEmpty()) {
      // one peer first: if the kernel has no netem, it says so before any link has changed
      Result first = apply(running.get(0), c);
      if (first.error() != null && first.error().equals(NO_NETEM_MESSAGE)) {
        throw new BadInputException(NO_NETEM_MESSAGE);
      }
    }
    return PerPeer.apply(peers, 8, p -> apply(p, c), (name, why) -> new Result(name, null, why));
  }

  private Result apply(ContainerInfo peer, LinkConditions c) {
    String name = SwarmMonitor.peerName(peer);
    if (!peer.running()) {
      return new Result(name, null, "not running (" + peer.state() + ")");
    }
    List<String> commands = new ArrayList<>(c.none() ? clearCommands() : commands(c));
    if (waits(peer)) {
      commands.addAll(releaseCommands());
    }
    Helper helper =
        new Helper(
            null, // the peer's own image, which has tc
            peer.id(),
            List.of("NET_ADMIN"),
            List.of("/bin/sh", "-c", script(commands)),
            HELPER_TIMEOUT);
    try {
      Helper.Result r = engine.runHelper(project, helper);
      if (r.exitCode() == NO_NETEM) {
        return new Result(name, null, NO_NETEM_MESSAGE);
      }
      if (r.exitCode() != 0) {
        String last = r.output().lines().reduce((a, b) -> b).orElse("exit " + r.exitCode());
        return new Result(name, null, "tc failed: " + last);
      }
      return new Result(name, c.describe(), null);
    } catch (LabFailedException e) {
      return new Result(name, null, e.getMessage());
    }
  }
}
