package dev.swarmlab.compose;

import dev.swarmlab.error.TemplateException;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/** snakeyaml set up once: a strict safe loader and a block-style dumper. */
final class Yamls {

  private Yamls() {}

  /** Parses YAML text into plain maps, lists and scalars; never constructs arbitrary types. */
  static Object load(String text, String source) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setCodePointLimit(1 << 20);
    try {
      return new Yaml(new SafeConstructor(options)).load(text);
    } catch (YAMLException e) {
      throw new TemplateException(source + ": invalid YAML: " + firstLine(e.getMessage()), e);
    }
  }

  static String dump(Map<String, Object> tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setWidth(120);
    return new Yaml(new Representer(options), options).dump(tree);
  }

  /**
   * A deep copy of a tree of maps, lists and scalars, with {@code strings} applied to every string
   * value (not to map keys). Never an alias: a subtree used twice is copied twice.
   */
  static Object mapStrings(Object node, java.util.function.UnaryOperator<String> strings) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), mapStrings(v, strings)));
      return out;
    }
    if (node instanceof java.util.List<?> list) {
      java.util.List<Object> out = new java.util.ArrayList<>();
      list.forEach(v -> out.add(mapStrings(v, strings)));
      return out;
    }
    return node instanceof String text ? strings.apply(text) : node;
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("");
  }
}
