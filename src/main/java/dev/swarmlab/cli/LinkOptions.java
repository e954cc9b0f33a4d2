package dev.swarmlab.cli;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LinkConditions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/** {@code up}'s link conditions, per role: {@code --bandwidth leecher=20mbit}. */
final class LinkOptions {
  @Option(
      names = "--bandwidth",
      paramLabel = "ROLE=RATE",
      description =
          "Shape the link of every peer of a role, both ways, bits a second: leecher=20mbit"
              + " (repeatable; see swarmlab link).")
  Map<String, String> bandwidth = new LinkedHashMap<>();

  @Option(
      names = "--latency",
      paramLabel = "ROLE=DURATION",
      description = "Latency added to what each peer of a role sends: seeder=50ms (needs netem).")
  Map<String, String> latency = new LinkedHashMap<>();

  @Option(
      names = "--jitter",
      paramLabel = "ROLE=DURATION",
      description = "How much that latency varies: seeder=10ms (needs netem).")
  Map<String, String> jitter = new LinkedHashMap<>();

  @Option(
      names = "--loss",
      paramLabel = "ROLE=PERCENT",
      description =
          "Packets each peer of a role sends that are dropped: leecher=1%% (needs netem).")
  Map<String, String> loss = new LinkedHashMap<>();

  /** The conditions asked for each role, seeders first; empty if none. */
  Map<String, LinkConditions> byRole() {
    Map<String, LinkConditions> out = new LinkedHashMap<>();
    add(
        out,
        bandwidth,
        "--bandwidth",
        (v, o) -> bandwidthOnly(LinkConditions.parseBandwidth(v, o)));
    add(
        out,
        latency,
        "--latency",
        (v, o) -> new LinkConditions(0, LinkConditions.parseLatency(v, o), null, 0));
    add(
        out,
        jitter,
        "--jitter",
        (v, o) -> new LinkConditions(0, null, LinkConditions.parseLatency(v, o), 0));
    add(
        out,
        loss,
        "--loss",
        (v, o) -> new LinkConditions(0, null, null, LinkConditions.parseLoss(v, o)));
    Map<String, LinkConditions> ordered = new LinkedHashMap<>();
    for (String role : new String[] {LabContract.SEEDER, LabContract.LEECHER}) {
      if (out.containsKey(role) && !out.get(role).none()) {
        ordered.put(role, out.get(role));
      }
    }
    return ordered;
  }

  private static LinkConditions bandwidthOnly(long bits) {
    return new LinkConditions(bits, Duration.ZERO, Duration.ZERO, 0);
  }

  private static void add(
      Map<String, LinkConditions> out,
      Map<String, String> given,
      String option,
      BiFunction<String, String, LinkConditions> parse) {
    given.forEach(
        (role, value) -> {
          if (!role.equals(LabContract.SEEDER) && !role.equals(LabContract.LEECHER)) {
            throw new BadInputException(
                option + ": not a role: '" + role + "' (seeder or leecher, as in leecher=20mbit)");
          }
          LinkConditions c = parse.apply(value, option + " " + role);
          out.merge(role, c, LinkConditions::with);
        });
  }
}
