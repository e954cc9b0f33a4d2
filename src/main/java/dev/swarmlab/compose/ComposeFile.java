package dev.swarmlab.compose;

import dev.swarmlab.error.TemplateException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A compose file swarmlab wrote, read back: to apply more of it, or to say how many replicas. */
public final class ComposeFile {
  private ComposeFile() {}

  /** The compose file {@code yaml} as project {@code name}; {@code source} names it in errors. */
  public static ComposeProject read(String yaml, String name, String source) {
    return ComposeProject.parse(tree(yaml, source), name, source);
  }

  /** {@code yaml} with {@code service}'s {@code deploy.replicas} set to {@code replicas}. */
  @SuppressWarnings("unchecked")
  public static String withReplicas(String yaml, String service, int replicas, String source) {
    Map<String, Object> tree = tree(yaml, source);
    if (!(tree.get("services") instanceof Map<?, ?> services)
        || !(services.get(service) instanceof Map<?, ?> s)) {
      throw new TemplateException(source + ": no service " + service);
    }
    Map<String, Object> spec = (Map<String, Object>) s;
    Map<String, Object> deploy =
        spec.get("deploy") instanceof Map<?, ?> d
            ? (Map<String, Object>) d
            : new LinkedHashMap<String, Object>();
    deploy.put("replicas", replicas);
    spec.put("deploy", deploy);
    return Yamls.dump(tree);
  }

  /**
   * {@code yaml} with {@code service}'s {@code environment} holding {@code variables} (each added
   * or replaced; the others kept). The environment must be a mapping, as swarmlab writes it.
   */
  public static String withEnvironment(
      String yaml, String service, Map<String, String> variables, String source) {
    return withEntries(yaml, service, "environment", variables, source);
  }

  /**
   * {@code yaml} with {@code service}'s {@code labels} holding {@code labels} (each added or
   * replaced; the others kept). The labels must be a mapping, as swarmlab writes them.
   */
  public static String withLabels(
      String yaml, String service, Map<String, String> labels, String source) {
    return withEntries(yaml, service, "labels", labels, source);
  }

  @SuppressWarnings("unchecked")
  private static String withEntries(
      String yaml, String service, String key, Map<String, String> entries, String source) {
    Map<String, Object> tree = tree(yaml, source);
    if (!(tree.get("services") instanceof Map<?, ?> services)
        || !(services.get(service) instanceof Map<?, ?> s)) {
      throw new TemplateException(source + ": no service " + service);
    }
    Map<String, Object> spec = (Map<String, Object>) s;
    Object found = spec.get(key);
    if (found != null && !(found instanceof Map<?, ?>)) {
      throw new TemplateException(source + ": the " + key + " of " + service + " is not a mapping");
    }
    Map<String, Object> mapping =
        found == null ? new LinkedHashMap<String, Object>() : (Map<String, Object>) found;
    mapping.putAll(entries);
    spec.put(key, mapping);
    return Yamls.dump(tree);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(String yaml, String source) {
    if (!(Yamls.load(yaml, source) instanceof Map<?, ?> m)) {
      throw new TemplateException(source + ": not a compose file");
    }
    return (Map<String, Object>) m;
  }
}
