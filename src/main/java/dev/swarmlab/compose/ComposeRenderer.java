package dev.swarmlab.compose;

import dev.swarmlab.error.TemplateException;
import dev.swarmlab.plan.Client;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.LabSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the templates of {@code compose-templates/} and a plan into one compose file.
 *
 * <p>Templates are parsed first, then values are put into the parsed tree: a scalar (or a map key)
 * that is exactly {@code ${name}} is replaced by the value itself (a number, a map...), and {@code
 * ${name}} inside a longer string is replaced by the value's text. YAML text is never concatenated,
 * so no value can change the structure of the file. A value is put in once, as data: a {@code
 * ${...}} inside it is not expanded again, and every {@code $} in it is written as {@code $$}, so
 * docker compose does not expand it either.
 */
public final class ComposeRenderer {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9_.-]+)}");
  private static final String SKELETON = "project.yml";

  /** The skeleton's keys for settings every service gets unless its template sets them itself. */
  private static final String DEFAULTS = "defaults";

  private final TemplateSource templates;

  public ComposeRenderer(TemplateSource templates) {
    this.templates = templates;
  }

  /** The compose file for {@code spec} as a tree of maps, lists and scalars, in template order. */
  public Map<String, Object> render(LabSpec spec, RenderInputs inputs) {
    Map<String, Object> values = values(spec, inputs);
    Map<String, Object> project = asMap(load(SKELETON, values), SKELETON);
    Map<String, Object> defaults =
        asMap(project.getOrDefault(DEFAULTS, Map.of()), SKELETON + ": " + DEFAULTS);
    Object names = project.get("services");
    if (!(names instanceof List<?> list)) {
      throw new TemplateException(SKELETON + ": 'services' must list the service templates");
    }
    Map<String, Object> services = new LinkedHashMap<>();
    for (Object name : list) {
      String file = name + ".yml";
      Map<String, Object> service = withDefaults(asMap(load(file, values), file), defaults);
      stringify(service, "environment");
      stringify(service, "labels");
      service.put("labels", owned(spec, service.get("labels")));
      services.put(String.valueOf(name), service);
    }
    Map<String, Object> out = new LinkedHashMap<>(project);
    out.remove(DEFAULTS);
    out.put("services", services);
    // Volumes and the network carry swarmlab's label too, so a lab started from this file with
    // docker compose is one that swarmlab status and down recognise.
    Map<String, Object> volumes = new LinkedHashMap<>();
    asMap(project.getOrDefault("volumes", Map.of()), SKELETON + ": volumes")
        .forEach(
            (volume, def) -> {
              Map<String, Object> labelled =
                  def instanceof Map<?, ?> m
                      ? asMap(m, SKELETON + ": volume " + volume)
                      : new LinkedHashMap<>();
              labelled.put("labels", owned(spec, labelled.get("labels")));
              volumes.put(volume, labelled);
            });
    out.put("volumes", volumes);
    out.put("networks", Map.of("default", Map.of("labels", owned(spec, null))));
    return out;
  }

  /** {@code service} with each default it does not set itself, after its image. */
  private static Map<String, Object> withDefaults(
      Map<String, Object> service, Map<String, Object> defaults) {
    Map<String, Object> out = new LinkedHashMap<>();
    service.forEach(
        (key, value) -> {
          out.put(key, value);
          if (key.equals("image")) {
            defaults.forEach(
                (k, v) -> {
                  if (!service.containsKey(k)) {
                    out.put(k, copy(v, false));
                  }
                });
          }
        });
    defaults.forEach((k, v) -> out.putIfAbsent(k, copy(v, false)));
    return out;
  }

  /** {@code labels} (a map or nothing) with swarmlab's project label first. */
  private static Map<String, Object> owned(LabSpec spec, Object labels) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(LabContract.PROJECT_LABEL, spec.project());
    if (labels instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    return out;
  }

  public static String toYaml(Map<String, Object> tree) {
    return Yamls.dump(tree);
  }

  private static Map<String, Object> values(LabSpec spec, RenderInputs inputs) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("project", spec.project());
    inputs.images().forEach((name, ref) -> v.put("images." + name, ref));
    v.put("seeders", spec.seeders());
    v.put("leechers", spec.leechers());
    v.put("seeder.up-rate", spec.rates().seederUp());
    v.put("seeder.down-rate", spec.rates().seederDown());
    v.put("leecher.up-rate", spec.rates().leecherUp());
    v.put("leecher.down-rate", spec.rates().leecherDown());
    for (String role : List.of(LabContract.SEEDER, LabContract.LEECHER)) {
      v.put(role + ".link-wait", spec.shapedRoles().contains(role) ? LabSpec.LINK_WAIT_SECONDS : 0);
      Client client = spec.clients().of(role);
      v.put(role + ".client", client.id());
      v.put(role + ".after", spec.order().after(role));
      String image = inputs.images().get(client.image());
      if (image != null) {
        v.put(role + ".image", image);
      }
    }
    v.put("torrents", inputs.torrents());
    v.put("payload.bytes", inputs.payloadBytes());
    v.put("payload.mount", bind(inputs.payloadSource().toString(), inputs.payloadTarget(), true));
    v.put("lab.user", inputs.user());
    v.put(
        "lab.control.mount",
        bind(inputs.controlDir().toString(), LabContract.CONTROL_MOUNT, false));
    v.put("tracker.port", LabContract.TRACKER_PORT);
    v.put("tracker.announce", LabContract.announceUrl());
    String watched = spec.leechers() > 0 ? LabContract.LEECHER : LabContract.SEEDER;
    v.put("flood.service", watched);
    v.put("flood.peer", spec.project() + "-" + watched + "-1");
    v.put("flood.password", inputs.floodPasswordFile().toString());
    v.put("flood.port", LabContract.FLOOD_PORT);
    return v;
  }

  private static Map<String, Object> bind(String source, String target, boolean readOnly) {
    Map<String, Object> mount = new LinkedHashMap<>();
    mount.put("type", "bind");
    mount.put("source", source);
    mount.put("target", target);
    if (readOnly) {
      mount.put("read_only", true);
    }
    return mount;
  }

  private Object load(String file, Map<String, Object> values) {
    Object tree = Yamls.load(templates.read(file), "compose-templates/" + file);
    return substitute(tree, values, "compose-templates/" + file, "");
  }

  private static Object substitute(
      Object node, Map<String, Object> values, String file, String at) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(substitute(String.valueOf(e.getKey()), values, file, at));
        out.put(key, substitute(e.getValue(), values, file, at + "." + key));
      }
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(substitute(list.get(i), values, file, at + "[" + i + "]"));
      }
      return out;
    }
    if (node instanceof String text) {
      Matcher m = PLACEHOLDER.matcher(text);
      if (m.matches()) {
        // a copy, so a value used twice is written out twice rather than as a YAML alias
        return copy(lookup(m.group(1), values, file, at), true);
      }
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(
            sb,
            Matcher.quoteReplacement(escape(String.valueOf(lookup(m.group(1), values, file, at)))));
      }
      m.appendTail(sb);
      return sb.toString();
    }
    return node;
  }

  /**
   * A deep copy of {@code value}; with {@code escape}, each {@code $} in its strings is written as
   * {@code $$}, which docker compose (and {@link ComposeProject}) read back as one {@code $}.
   */
  private static Object copy(Object value, boolean escape) {
    return Yamls.mapStrings(value, escape ? ComposeRenderer::escape : text -> text);
  }

  static String escape(String text) {
    return text.replace("$", "$$");
  }

  private static Object lookup(String name, Map<String, Object> values, String file, String at) {
    if (!values.containsKey(name)) {
      String where = at.isEmpty() ? "" : " at " + at.substring(1);
      throw new TemplateException(file + ": unknown placeholder ${" + name + "}" + where);
    }
    return values.get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object tree, String file) {
    if (!(tree instanceof Map)) {
      throw new TemplateException("compose-templates/" + file + ": must be a YAML mapping");
    }
    return (Map<String, Object>) tree;
  }

  /** Compose wants strings in environment and labels; templates may hold numbers there. */
  @SuppressWarnings("unchecked")
  private static void stringify(Map<String, Object> service, String key) {
    if (service.get(key) instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, String.valueOf(v)));
      service.put(key, out);
    }
  }
}
