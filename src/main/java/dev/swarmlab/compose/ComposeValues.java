package dev.swarmlab.compose;

import dev.swarmlab.compose.ServiceSpec.Condition;
import dev.swarmlab.compose.ServiceSpec.Health;
import dev.swarmlab.compose.ServiceSpec.Mount;
import dev.swarmlab.compose.ServiceSpec.Port;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.error.TemplateException;
import dev.swarmlab.plan.Quantities;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values inside a compose file, each read strictly and named in errors by where it is: mounts,
 * ports, conditions, health checks, durations, and the plain strings, numbers, lists and maps they
 * are made of.
 */
final class ComposeValues {
  private ComposeValues() {}

  private static final Pattern PORT =
      Pattern.compile("(?:(?:([0-9.]+):)?(\\d*):)?(\\d+)(?:/(tcp|udp))?");

  static Mount mount(Object value, String at) {
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

  static Condition condition(Object value, String at) {
    Map<String, Object> m = map(value, at);
    String c = string(m.getOrDefault("condition", "service_started"), at + "condition");
    for (Condition cond : Condition.values()) {
      if (cond.composeName().equals(c)) {
        return cond;
      }
    }
    throw new TemplateException(at + "unsupported condition '" + c + "'");
  }

  static Health health(Map<String, Object> m, String at) {
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

  static Duration duration(Object value, String at) {
    try {
      return Quantities.parseDuration(String.valueOf(value), at);
    } catch (BadInputException e) {
      throw new TemplateException(e.getMessage());
    }
  }

  static String where(String source, String service, String key) {
    return source + ": service " + service + (key.isEmpty() ? "" : ", " + key) + ": ";
  }

  static String string(Object value, String at) {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw new TemplateException(at + " must be a non-empty string");
  }

  static int integer(Object value, String at) {
    if (value instanceof Integer i && i >= 0) {
      return i;
    }
    throw new TemplateException(at + " must be a whole number, 0 or more");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value, String at) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new TemplateException(at + " must be a mapping");
  }

  static List<?> list(Object value, String at) {
    if (value instanceof List<?> l) {
      return l;
    }
    throw new TemplateException(at + " must be a list");
  }

  static List<String> strings(Object value, String at) {
    if (value instanceof String s) {
      return List.of(s.split("\\s+"));
    }
    return list(value, at).stream().map(String::valueOf).toList();
  }

  static Map<String, String> stringMap(Object value, String at) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value != null) {
      map(value, at).forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
  }
}
