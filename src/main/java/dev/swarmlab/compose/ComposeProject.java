package dev.swarmlab.compose;

import dev.swarmlab.error.LabFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compose file read strictly into typed records: every key swarmlab does not apply is an error
 * that names the service and the key, so nothing in the file is silently ignored.
 */
public record ComposeProject(String name, List<ServiceSpec> services, List<String> volumes) {

  public ComposeProject {
    services = List.copyOf(services);
    volumes = List.copyOf(volumes);
  }

  /**
   * Reads a compose tree (as made by {@link ComposeRenderer}) as project {@code name}; {@code
   * source} names the tree in errors.
   */
  public static ComposeProject parse(Map<String, Object> tree, String name, String source) {
    return ComposeReader.read(tree, name, source);
  }

  /** The service named {@code name}. */
  public ServiceSpec service(String name) {
    return services.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no service " + name));
  }

  /**
   * The services enabled by {@code profiles}, each after the services it depends on (the order in
   * which an engine starts them).
   *
   * @throws LabFailedException if a dependency is missing, disabled by the profiles, or circular
   */
  public List<ServiceSpec> startOrder(Set<String> profiles) {
    List<ServiceSpec> order = new ArrayList<>();
    List<ServiceSpec> left =
        new ArrayList<>(services.stream().filter(s -> s.enabledFor(profiles)).toList());
    while (!left.isEmpty()) {
      ServiceSpec next =
          left.stream()
              .filter(
                  s ->
                      s.dependsOn().keySet().stream()
                          .allMatch(d -> order.stream().anyMatch(o -> o.name().equals(d))))
              .findFirst()
              .orElseThrow(
                  () ->
                      new LabFailedException(
                          "cannot order services "
                              + left.stream().map(ServiceSpec::name).toList()
                              + ": a dependency is missing, disabled by profile, or circular"));
      order.add(next);
      left.remove(next);
    }
    return order;
  }
}
