package dev.swarmlab.compose;

import dev.swarmlab.compose.ServiceSpec.Condition;
import dev.swarmlab.compose.ServiceSpec.Health;
import dev.swarmlab.compose.ServiceSpec.Mount;
import dev.swarmlab.compose.ServiceSpec.Port;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.TemplateException;
import dev.swarmlab.plan.Quantities;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  private static final Pattern PORT =
      Pattern.compile("(?:(?:([0-9.]+):)?(\\d*):)?(\\d+)(?:/(tcp|udp))?");

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

  private static Mount mount(Object value, String at) {
    if (value instanceof String s) {
      String[] parts = s.split(":");
      if (parts.length < 2 || parts.length > 3) {
        throw new TemplateException(at + "not a volume: '" + s + "'");
      }
      boolean ro = parts.length == 3 && parts[2].equals("ro");
      Mount.Type type = parts[0].startsWith("/") ? Mount.Type.BIND : Mount.Type.VOLUME;
      return new Mount(type, parts[0], parts[1], ro);
    }
    Map<String, Object> m = map(value, at);
    for (String key : m.keySet()) {
      if (!Set.of("type", "source", "target", "read_only").contains(key)) {
        throw new TemplateException(at + "unsupported key '" + key + "'");
      }
    }
    String type = string(m.get("type"), at + "type");
    Mount.Type t =
        switch (type) {
          case "bind" -> Mount.Type.BIND;
          case "volume" -> Mount.Type.VOLUME;
          default -> throw new TemplateException(at + "unsupported mount type '" + type + "'");
        };
    return new Mount(
        t,
        string(m.get("source"), at + "source"),
        string(m.get("target"), at + "target"),
        Boolean.TRUE.equals(m.get("read_only")));
  }

  static Port port(String text, String at) {
    Matcher m = PORT.matcher(text);
    if (!m.matches()) {
      throw new TemplateException(at + "not a port: '" + text + "'");
    }
    String ip = m.group(1) == null ? "0.0.0.0" : m.group(1);
    Integer host = m.group(2) == null || m.group(2).isEmpty() ? null : Integer.valueOf(m.group(2));
    String protocol = m.group(4) == null ? "tcp" : m.group(4);
    return new Port(ip, host, Integer.parseInt(m.group(3)), protocol);
  }

  private static Condition condition(Object value, String at) {
    Map<String, Object> m = map(value, at);
    String c = string(m.getOrDefault("condition", "service_started"), at + "condition");
    for (Condition cond : Condition.values()) {
      if (cond.composeName().equals(c)) {
        return cond;
      }
    }
    throw new TemplateException(at + "unsupported condition '" + c + "'");
  }

  private static Health health(Map<String, Object> m, String at) {
    for (String key : m.keySet()) {
      if (!Set.of("test", "interval", "timeout", "retries", "start_period").contains(key)) {
        throw new TemplateException(at + "unsupported key '" + key + "'");
      }
    }
    return new Health(
        strings(m.get("test"), at + "test"),
        duration(m.getOrDefault("interval", "30s"), at + "interval"),
        duration(m.getOrDefault("timeout", "30s"), at + "timeout"),
        integer(m.getOrDefault("retries", 3), at + "retries"),
        duration(m.getOrDefault("start_period", "0s"), at + "start_period"));
  }

  private static Duration duration(Object value, String at) {
    try {
      return Quantities.parseDuration(String.valueOf(value), at);
    } catch (BadInputException e) {
      throw new TemplateException(e.getMessage());
    }
  }

  private static String where(String source, String service, String key) {
    return source + ": service " + service + (key.isEmpty() ? "" : ", " + key) + ": ";
  }

  private static String string(Object value, String at) {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new TemplateException(at + " must be a non-empty string");
  }

  private static int integer(Object value, String at) {
    if (value instanceof Integer i && i >= 0) {
      return i;
    }
    throw new TemplateException(at + " must be a whole number, 0 or more");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value, String at) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new TemplateException(at + " must be a mapping");
  }

  private static List<?> list(Object value, String at) {
    if (value instanceof List<?> l) {
      return l;
    }
    throw new TemplateException(at + " must be a list");
  }

  private static List<String> strings(Object value, String at) {
    if (value instanceof String s) {
      return List.of(s.split("\\s+"));
    }
    return list(value, at).stream().map(String::valueOf).toList();
  }

  private static Map<String, String> stringMap(Object value, String at) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value != null) {
      map(value, at).forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
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
