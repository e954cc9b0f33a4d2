package dev.swarmlab.control;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.plan.LabContract;
import java.util.List;
import java.util.Locale;

/** Which peers a command acts on, as a user names them. */
public final class Targets {
  private Targets() {}

  /**
   * The peers of {@code containers} that {@code target} names: one peer by its name ({@code
   * leecher-3}), every peer of a role ({@code seeder}, {@code leecher}), or {@code all}.
   *
   * @throws BadInputException if it names none
   */
  public static List<ContainerInfo> select(List<ContainerInfo> containers, String target) {
    List<ContainerInfo> peers = SwarmMonitor.peers(containers);
    String t = target.toLowerCase(Locale.ROOT);
    List<ContainerInfo> chosen =
        peers.stream()
            .filter(
                c ->
                    t.equals("all")
                        || t.equals(c.service())
                        || t.equals(c.service() + "s")
                        || t.equals(SwarmMonitor.peerName(c)))
            .toList();
    if (chosen.isEmpty()) {
      throw new BadInputException(
          "no peer or role named '"
              + target
              + "' in this lab: name a peer as status does (leecher-3), a role ("
              + LabContract.SEEDER
              + ", "
              + LabContract.LEECHER
              + ") or all");
    }
    return chosen;
  }
}
