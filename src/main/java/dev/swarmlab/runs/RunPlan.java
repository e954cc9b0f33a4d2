package dev.swarmlab.runs;

import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import dev.swarmlab.plan.Quantities;
import java.util.List;

/**
 * What a run was asked for, as {@code run.json} keeps it.
 *
 * @param payload what the seeders shared, in words: {@code generated 64 MiB} or the user's path
 * @param payloadBytes its size; 0 if unknown
 * @param limits the rate limits and link conditions the peers started with, in words ({@code
 *     seeders up 2.0 MiB/s}); empty if none
 * @param clients the client variant each role ran, by role ({@code seeder}, {@code leecher}); empty
 *     in the record of a run made before there were variants, whose peers ran rtorrent
 * @param startOrder which peers started first ({@code seeders-first}, {@code leechers-first}); null
 *     in the record of a run made before there was a choice, whose seeders started first
 */
public record RunPlan(
    int seeders,
    int leechers,
    String payload,
    boolean debug,
    long payloadBytes,
    List<String> limits,
    java.util.Map<String, String> clients,
    String startOrder) {

  public RunPlan {
    limits = limits == null ? List.of() : List.copyOf(limits);
    clients = clients == null ? java.util.Map.of() : new java.util.LinkedHashMap<>(clients);
  }

  /** A plan whose peers all ran the default client. */
  public RunPlan(
      int seeders,
      int leechers,
      String payload,
      boolean debug,
      long payloadBytes,
      List<String> limits) {
    this(seeders, leechers, payload, debug, payloadBytes, limits, java.util.Map.of(), null);
  }

  /** A plan with no limits. */
  public RunPlan(int seeders, int leechers, String payload, boolean debug, long payloadBytes) {
    this(seeders, leechers, payload, debug, payloadBytes, List.of());
  }

  /** A plan whose payload's size is unknown. */
  public RunPlan(int seeders, int leechers, String payload, boolean debug) {
    this(seeders, leechers, payload, debug, 0);
  }

  /** The plan of {@code spec}, whose payload is {@code payloadBytes} long. */
  public static RunPlan of(LabSpec spec, long payloadBytes) {
    return new RunPlan(
        spec.seeders(),
        spec.leechers(),
        describe(spec.payload()),
        spec.debug(),
        payloadBytes,
        spec.rates().describe(),
        spec.clients().toMap(),
        spec.order().id());
  }

  /** {@code payload} as a plan says it: {@code generated 64.0 MiB}, or the user's path. */
  public static String describe(Payload payload) {
    return payload instanceof Payload.Generated g
        ? "generated " + Quantities.formatSize(g.sizeBytes())
        : ((Payload.UserData) payload).path().toAbsolutePath().toString();
  }

  /** The client variant peers of {@code role} ran; the default for an older run's record. */
  public dev.swarmlab.plan.Client client(String role) {
    return dev.swarmlab.plan.Client.orDefault(clients.get(role));
  }

  /** {@code 2 seeders, 10 leechers, generated 64 MiB}. */
  public String describe() {
    return seeders
        + (seeders == 1 ? " seeder, " : " seeders, ")
        + leechers
        + (leechers == 1 ? " leecher, " : " leechers, ")
        + payload
        + (debug ? ", debug" : "")
        + (limits.isEmpty() ? "" : ", " + String.join(", ", limits))
        + variants();
  }

  private String variants() {
    List<String> out = new java.util.ArrayList<>();
    for (String role :
        List.of(dev.swarmlab.plan.LabContract.SEEDER, dev.swarmlab.plan.LabContract.LEECHER)) {
      if (client(role) != dev.swarmlab.plan.Client.DEFAULT) {
        out.add(role + "s " + client(role).id());
      }
    }
    if (dev.swarmlab.plan.StartOrder.LEECHERS_FIRST.id().equals(startOrder)) {
      out.add("leechers first");
    }
    return out.isEmpty() ? "" : ", " + String.join(", ", out);
  }
}
