package dev.swarmlab.compose;

import static dev.swarmlab.compose.ComposeValues.condition;
import static dev.swarmlab.compose.ComposeValues.health;
import static dev.swarmlab.compose.ComposeValues.integer;
import static dev.swarmlab.compose.ComposeValues.list;
import static dev.swarmlab.compose.ComposeValues.map;
import static dev.swarmlab.compose.ComposeValues.mount;
import static dev.swarmlab.compose.ComposeValues.port;
import static dev.swarmlab.compose.ComposeValues.string;
import static dev.swarmlab.compose.ComposeValues.stringMap;
import static dev.swarmlab.compose.ComposeValues.strings;
import static dev.swarmlab.compose.ComposeValues.where;

import dev.swarmlab.compose.ServiceSpec.Condition;
import dev.swarmlab.compose.ServiceSpec.Health;
import dev.swarmlab.compose.ServiceSpec.Mount;
import dev.swarmlab.compose.ServiceSpec.Port;
import dev.swarmlab.error.TemplateException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a compose tree strictly into a {@link ComposeProject}: every key swarmlab does not apply is
 * an error that names the service and the key, so nothing in the file is silently ignored.
 */
final class ComposeReader {
  private ComposeReader() {}

  static ComposeProject read(Map<String, Object> tree, String name, String source) {
    for (String key : tree.keySet()) {
      if (!TOP_KEYS.contains(key)) {
        throw new TemplateException(source + ": unsupported top-level key '" + key + "'");
      }
    }
    List<ServiceSpec> services = new ArrayList<>();
    map(tree.get("services"), source + ": services")
        .forEach(
            (svc, def) ->
                services.add(
                    service(
                        svc,
                        map(interpolate(def, where(source, svc, "")), where(source, svc, "")),
                        source)));
    Map<String, Object> volumeDefs =
        map(tree.getOrDefault("volumes", Map.of()), source + ": volumes");
    volumeDefs.forEach((v, def) -> labelsOnly(def, source + ": volume '" + v + "'"));
    List<String> volumes = new ArrayList<>(volumeDefs.keySet());
    map(tree.getOrDefault("networks", Map.of()), source + ": networks")
        .forEach(
            (n, def) -> {
              if (!n.equals("default")) {
                throw new TemplateException(
                    source + ": only the default network is supported (got '" + n + "')");
              }
              labelsOnly(def, source + ": network 'default'");
            });
    ComposeProject project = new ComposeProject(name, services, volumes);
    checkReferences(project, source);
    return project;
  }

  private static final Set<String> TOP_KEYS = Set.of("services", "volumes", "networks");
  private static final Set<String> OBJECT_KEYS = Set.of("labels");
  private static final Set<String> SERVICE_KEYS =
      Set.of(
          "image",
          "command",
          "environment",
          "labels",
          "volumes",
          "ports",
          "depends_on",
          "deploy",
          "healthcheck",
          "profiles",
          "restart",
          "stop_signal",
          "user",
          "cap_drop",
          "security_opt",
          "pids_limit");

  /**
   * A service's values as docker compose reads them: {@code $$} is a literal {@code $}. Any other
   * {@code $} would be a variable for compose to substitute from its environment, which swarmlab
   * does not do: an error, so a file never means one thing to compose and another to swarmlab.
   */
  static Object interpolate(Object node, String at) {
    return Yamls.mapStrings(node, text -> unescape(text, at));
  }

  private static String unescape(String text, String at) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$') {
        if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
          i++;
        } else {
          throw new TemplateException(
              at
                  + "variable substitution is not supported ('"
                  + text
                  + "'); write $$ for a literal $");
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** A volume or network definition: nothing, or labels (which the engine sets itself). */
  private static void labelsOnly(Object def, String where) {
    if (def == null) {
      return;
    }
    for (String key : map(def, where).keySet()) {
      if (!OBJECT_KEYS.contains(key)) {
        throw new TemplateException(where + ": unsupported key '" + key + "'");
      }
    }
  }

  private static void checkReferences(ComposeProject project, String source) {
    List<ServiceSpec> services = project.services();
    List<String> volumes = project.volumes();
    for (ServiceSpec s : services) {
      for (String dep : s.dependsOn().keySet()) {
        if (services.stream().noneMatch(o -> o.name().equals(dep))) {
          throw new TemplateException(where(source, s.name(), "depends_on") + "no service " + dep);
        }
      }
      for (Mount m : s.mounts()) {
        if (m.type() == Mount.Type.VOLUME && !volumes.contains(m.source())) {
          throw new TemplateException(
              where(source, s.name(), "volumes") + "volume '" + m.source() + "' is not declared");
        }
      }
    }
  }

  private static ServiceSpec service(String name, Map<String, Object> def, String source) {
    for (String key : def.keySet()) {
      if (!SERVICE_KEYS.contains(key)) {
        throw new TemplateException(where(source, name, "") + "unsupported key '" + key + "'");
      }
    }
    String image = string(def.get("image"), where(source, name, "image"));
    List<String> command =
        strings(def.getOrDefault("command", List.of()), where(source, name, "command"));
    Map<String, String> env = stringMap(def.get("environment"), where(source, name, "environment"));
    Map<String, String> labels = stringMap(def.get("labels"), where(source, name, "labels"));
    List<Mount> mounts = new ArrayList<>();
    for (Object v : list(def.getOrDefault("volumes", List.of()), where(source, name, "volumes"))) {
      mounts.add(mount(v, where(source, name, "volumes")));
    }
    List<Port> ports = new ArrayList<>();
    for (Object p : list(def.getOrDefault("ports", List.of()), where(source, name, "ports"))) {
      ports.add(port(String.valueOf(p), where(source, name, "ports")));
    }
    Map<String, Condition> deps = new LinkedHashMap<>();
    Object dependsOn = def.getOrDefault("depends_on", Map.of());
    if (dependsOn instanceof List<?> l) {
      l.forEach(d -> deps.put(String.valueOf(d), Condition.STARTED));
    } else {
      map(dependsOn, where(source, name, "depends_on"))
          .forEach(
              (dep, cond) -> deps.put(dep, condition(cond, where(source, name, "depends_on"))));
    }
    int replicas = 1;
    if (def.containsKey("deploy")) {
      Map<String, Object> deploy = map(def.get("deploy"), where(source, name, "deploy"));
      for (String key : deploy.keySet()) {
        if (!key.equals("replicas")) {
          throw new TemplateException(
              where(source, name, "deploy") + "unsupported key '" + key + "'");
        }
      }
      replicas = integer(deploy.get("replicas"), where(source, name, "deploy.replicas"));
    }
    Health health =
        def.containsKey("healthcheck")
            ? health(
                map(def.get("healthcheck"), where(source, name, "healthcheck")),
                where(source, name, "healthcheck"))
            : null;
    List<String> profiles =
        strings(def.getOrDefault("profiles", List.of()), where(source, name, "profiles"));
    Object restart = def.getOrDefault("restart", "no");
    if (!"no".equals(restart) && !Boolean.FALSE.equals(restart)) {
      throw new TemplateException(where(source, name, "restart") + "only \"no\" is supported");
    }
    String stopSignal =
        def.containsKey("stop_signal")
            ? string(def.get("stop_signal"), where(source, name, "stop_signal"))
            : null;
    String user =
        def.containsKey("user")
            ? string(String.valueOf(def.get("user")), where(source, name, "user"))
            : null;
    List<String> capDrop =
        strings(def.getOrDefault("cap_drop", List.of()), where(source, name, "cap_drop"));
    List<String> securityOpt =
        strings(def.getOrDefault("security_opt", List.of()), where(source, name, "security_opt"));
    Long pidsLimit =
        def.containsKey("pids_limit")
            ? (long) integer(def.get("pids_limit"), where(source, name, "pids_limit"))
            : null;
    return new ServiceSpec(
        name,
        image,
        command,
        env,
        labels,
        mounts,
        ports,
        deps,
        replicas,
        health,
        profiles,
        stopSignal,
        new ServiceSpec.Privileges(user, capDrop, securityOpt, pidsLimit),
        sha256(Yamls.dump(def)));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
