package dev.swarmlab.compose;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One service of a compose file, in the subset of the compose specification that swarmlab applies.
 *
 * @param configHash SHA-256 of the service's definition, as docker compose labels containers
 */
public record ServiceSpec(
    String name,
    String image,
    List<String> command,
    Map<String, String> environment,
    Map<String, String> labels,
    List<Mount> mounts,
    List<Port> ports,
    Map<String, Condition> dependsOn,
    int replicas,
    Health healthcheck,
    List<String> profiles,
    String stopSignal,
    Privileges privileges,
    String configHash) {

  public ServiceSpec {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    labels = Map.copyOf(labels);
    mounts = List.copyOf(mounts);
    ports = List.copyOf(ports);
    dependsOn = Map.copyOf(dependsOn);
    profiles = List.copyOf(profiles);
  }

  /** Whether the service runs when {@code activeProfiles} are active (compose's rule). */
  public boolean enabledFor(java.util.Set<String> activeProfiles) {
    return profiles.isEmpty() || profiles.stream().anyMatch(activeProfiles::contains);
  }

  /**
   * What a service's containers may do.
   *
   * @param user {@code uid:gid} (or a name) to run as; null for the image's own user
   * @param capDrop capabilities to drop ({@code ALL} for every one)
   * @param securityOpt security options, such as {@code no-new-privileges:true}
   * @param pidsLimit the most processes and threads a container may have; null for no limit
   */
  public record Privileges(
      String user, List<String> capDrop, List<String> securityOpt, Long pidsLimit) {
    public Privileges {
      capDrop = List.copyOf(capDrop);
      securityOpt = List.copyOf(securityOpt);
    }
  }

  /** When a dependent service may start. */
  public enum Condition {
    STARTED("service_started"),
    HEALTHY("service_healthy"),
    COMPLETED_SUCCESSFULLY("service_completed_successfully");

    private final String composeName;

    Condition(String composeName) {
      this.composeName = composeName;
    }

    public String composeName() {
      return composeName;
    }
  }

  /** A bind mount of a host path or a mount of one of the project's named volumes. */
  public record Mount(Type type, String source, String target, boolean readOnly) {
    public enum Type {
      BIND,
      VOLUME
    }
  }

  /**
   * A published port. {@code hostPort} is null for an ephemeral port chosen by the engine.
   *
   * @param hostIp the host address to bind; never empty (swarmlab does not publish on 0.0.0.0
   *     unless a template says so)
   */
  public record Port(String hostIp, Integer hostPort, int containerPort, String protocol) {}

  /** A container health check, as in the compose specification. */
  public record Health(
      List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {
    public Health {
      test = List.copyOf(test);
    }
  }
}
