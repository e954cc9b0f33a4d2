package dev.swarmlab.scenario;

import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.LinkConditions;
import dev.swarmlab.plan.Quantities;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a step does to the lab, on a target as the commands name it. */
public sealed interface Action {

  /** The actions' names as a scenario file writes them, in the order errors list them. */
  List<String> NAMES =
      List.of("kill", "restart", "pause", "unpause", "throttle", "link", "scale", "verify");

  /** The faults, as {@code swarmlab kill|restart|pause|unpause} does them. */
  List<String> FAULTS = List.of("kill", "restart", "pause", "unpause");

  /** What a target may be: {@code all}, a role ({@code seeder}, {@code leecher}) or one peer. */
  Pattern TARGET = Pattern.compile("all|seeder|leecher|(seeder|leecher)-[1-9][0-9]{0,5}");

  /** How a target is described in errors. */
  String TARGET_HINT = "a peer like leecher-3, a role: seeder or leecher, or all";

  /** In one line, as a user would type it: {@code kill seeder-1}, {@code scale leechers=+5}. */
  String describe();

  /** Whether {@code text} is a target as {@link #TARGET} has it. */
  static boolean isTarget(String text) {
    return text != null && TARGET.matcher(text).matches();
  }

  private static String checkTarget(String target) {
    if (!isTarget(target)) {
      throw new IllegalArgumentException("not a target: " + target);
    }
    return target;
  }

  /**
   * A fault through the engine: {@code kill} (as a crash would), {@code restart}, {@code pause},
   * {@code unpause}.
   */
  record Fault(String verb, String target) implements Action {
    public Fault {
      if (!FAULTS.contains(verb)) {
        throw new IllegalArgumentException("not a fault: " + verb);
      }
      checkTarget(target);
    }

    @Override
    public String describe() {
      return verb + " " + target;
    }
  }

  /**
   * rtorrent's own rate limits, bytes per second.
   *
   * @param up the upload limit; null leaves it as it is, 0 is none
   * @param down the download limit; null leaves it as it is, 0 is none
   */
  record Throttle(String target, Long up, Long down) implements Action {
    public Throttle {
      checkTarget(target);
      if (up == null && down == null) {
        throw new IllegalArgumentException("a throttle sets up, down or both");
      }
      for (Long r : new Long[] {up, down}) {
        if (r != null && r != 0 && (r < Quantities.MIN_RATE || r > Quantities.MAX_RATE)) {
          throw new IllegalArgumentException("rate out of bounds: " + r);
        }
      }
    }

    /** {@code throttle seeder up 1.0 MiB/s, down none}. */
    @Override
    public String describe() {
      List<String> limits = new ArrayList<>();
      if (up != null) {
        limits.add("up " + rate(up));
      }
      if (down != null) {
        limits.add("down " + rate(down));
      }
      return "throttle " + target + " " + String.join(", ", limits);
    }

    private static String rate(long bytesPerSecond) {
      return bytesPerSecond == 0 ? "none" : Quantities.formatSize(bytesPerSecond) + "/s";
    }
  }

  /**
   * Link conditions that replace what the target's link had; {@link LinkConditions#NONE} gives the
   * link back as the engine made it.
   */
  record Link(String target, LinkConditions conditions) implements Action {
    public Link {
      checkTarget(target);
      Objects.requireNonNull(conditions, "conditions");
    }

    /** {@code link leecher-2 8 Mbit/s, latency 50 ms}; {@code link leecher-2 clear}. */
    @Override
    public String describe() {
      return "link " + target + " " + (conditions.none() ? "clear" : conditions.describe());
    }
  }

  /**
   * Leechers join or leave: as many as {@code n} in all ({@code sign} empty), or {@code n} more
   * ({@code +}) or fewer ({@code -}).
   */
  record Scale(String sign, int n) implements Action {
    public Scale {
      if (!List.of("", "+", "-").contains(sign)) {
        throw new IllegalArgumentException("not a sign: " + sign);
      }
      if (n < 0 || n > LabSpec.MAX_LEECHERS) {
        throw new IllegalArgumentException("leechers out of bounds: " + n);
      }
    }

    /** {@code scale leechers=+5}. */
    @Override
    public String describe() {
      return "scale leechers=" + sign + n;
    }
  }

  /** Each running peer of the target checks its copy of the payload. */
  record Verify(String target) implements Action {
    public Verify {
      checkTarget(target);
    }

    @Override
    public String describe() {
      return "verify " + target;
    }
  }
}
