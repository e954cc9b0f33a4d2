package dev.swarmlab.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/** The client variant each role's peers run. */
public record Clients(Client seeder, Client leecher) {

  /** Every peer runs the default client. */
  public static final Clients DEFAULT = new Clients(Client.DEFAULT, Client.DEFAULT);

  public Clients {
    seeder = seeder == null ? Client.DEFAULT : seeder;
    leecher = leecher == null ? Client.DEFAULT : leecher;
  }

  /** The variant peers of {@code role} run. */
  public Client of(String role) {
    return LabContract.SEEDER.equals(role) ? seeder : leecher;
  }

  /** Role to variant name, as run records keep it: {@code {seeder: rtorrent, leecher: ...}}. */
  public Map<String, String> toMap() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(LabContract.SEEDER, seeder.id());
    out.put(LabContract.LEECHER, leecher.id());
    return out;
  }
}
