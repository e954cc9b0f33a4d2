package dev.swarmlab.scenario;

import dev.swarmlab.error.BadInputException;
import java.io.StringReader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * One YAML file's node tree, read strictly: plain mappings, lists and scalars only (no anchors,
 * aliases or tags), no duplicate keys, and every error one line naming the file, the line and the
 * key.
 *
 * <p>Anchors are refused outright rather than counted: with no anchor there can be no alias, so a
 * file means what it says where it says it, and no error points at a line the step is not on.
 */
final class YamlNodes {

  /** A mapping's key, its node (for the line) and its value. */
  record Entry(String key, Node keyNode, Node value) {}

  /** The longest value a step takes; longer is a mistake, and too long to quote in an error. */
  static final int MAX_TEXT = 200;

  private static final int QUOTED = 60;

  private final String source;
  private final Resolver resolver = new Resolver();

  YamlNodes(String source) {
    this.source = source;
  }

  /**
   * The one document in {@code text}, as nodes; null if it has none (empty, or only comments).
   *
   * @throws BadInputException if it is not YAML, or not one document
   */
  Node compose(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setCodePointLimit(Scenario.MAX_BYTES);
    try {
      return new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem =
          e.getProblem() == null
              ? e.getMessage()
              : e.getContext() == null ? e.getProblem() : e.getContext() + ", " + e.getProblem();
      // the end of the stream is on the line after the last newline: name the last line instead
      long lines = Math.max(1, text.lines().count());
      String where = mark == null ? source : source + ":" + Math.min(mark.getLine() + 1, lines);
      throw new BadInputException(oneLine(where + ": invalid YAML: " + firstLine(problem)));
    } catch (ReaderException e) {
      throw new BadInputException(
          oneLine(
              source
                  + ":"
                  + lineAt(text, e.getPosition())
                  + ": invalid YAML: "
                  + firstLine(e.getMessage())
                  + String.format(" (U+%04X)", e.getCodePoint())));
    } catch (YAMLException e) {
      throw new BadInputException(oneLine(source + ": invalid YAML: " + firstLine(e.getMessage())));
    }
  }

  /** The line, from 1, of the code point at {@code position}. */
  private static int lineAt(String text, int position) {
    int[] codePoints = text.codePoints().limit(position).toArray();
    return 1 + (int) Arrays.stream(codePoints).filter(c -> c == '\n').count();
  }

  /** {@code FILE:LINE: PATH: message}; without the path when it is empty (the top level). */
  BadInputException error(Node at, String path, String message) {
    return fail(at, path.isEmpty() ? message : path + ": " + message);
  }

  /** {@code FILE:LINE: message}, for messages that name the key themselves. */
  BadInputException fail(Node at, String message) {
    return new BadInputException(oneLine(source + ":" + line(at) + ": " + message));
  }

  /** Text from the file as an error quotes it: in quotes, and cut short if long. */
  static String quote(String text) {
    return "'" + (text.length() > QUOTED ? text.substring(0, QUOTED) + "..." : text) + "'";
  }

  /** A parser's error (which names the key it was given) with the file and line in front. */
  BadInputException wrap(Node at, BadInputException e) {
    return fail(at, e.getMessage());
  }

  static int line(Node node) {
    return node.getStartMark().getLine() + 1;
  }

  /** Whether a node is an empty value ({@code key:}, {@code ~}, {@code null}). */
  static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  /**
   * The entries of a mapping, in file order.
   *
   * @param expected what the mapping is, for the error when the node is something else
   */
  List<Entry> entries(Node node, String path, String expected) {
    plain(node, path);
    if (!(node instanceof MappingNode mapping)) {
      throw error(node, path, "expected " + expected + ", got " + kind(node));
    }
    Map<String, Entry> seen = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      plain(keyNode, path);
      if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
        throw error(keyNode, path, "expected a key, got " + kind(keyNode));
      }
      String key = scalar.getValue();
      if (seen.containsKey(key)) {
        throw error(keyNode, path, "duplicate key " + quote(key));
      }
      seen.put(key, new Entry(key, keyNode, tuple.getValueNode()));
    }
    return List.copyOf(seen.values());
  }

  /**
   * The entries of a mapping whose keys are {@code keys} (each optional), by key.
   *
   * @throws BadInputException naming the first key that is not one of them
   */
  Map<String, Entry> fields(Node node, String path, List<String> keys) {
    String expected = String.join(", ", keys);
    Map<String, Entry> out = new LinkedHashMap<>();
    for (Entry e : entries(node, path, "a mapping (" + expected + ")")) {
      if (!keys.contains(e.key())) {
        throw error(
            e.keyNode(), path, "unknown key " + quote(e.key()) + " (expected " + expected + ")");
      }
      out.put(e.key(), e);
    }
    return out;
  }

  /** The items of a list. */
  List<Node> sequence(Node node, String path, String expected) {
    plain(node, path);
    if (!(node instanceof SequenceNode list)) {
      throw error(node, path, "expected " + expected + ", got " + kind(node));
    }
    return List.copyOf(list.getValue());
  }

  /**
   * A scalar's text, however YAML would type it (so {@code 5} and {@code "5"} are both "5"), at
   * most {@link #MAX_TEXT} characters.
   */
  String text(Node node, String path, String expected) {
    String text = longText(node, path, expected);
    if (text.length() > MAX_TEXT) {
      throw error(
          node, path, "too long: " + text.length() + " characters (at most " + MAX_TEXT + ")");
    }
    return text;
  }

  /** A scalar's text of any length. */
  String longText(Node node, String path, String expected) {
    plain(node, path);
    if (!(node instanceof ScalarNode scalar) || isNull(node)) {
      throw error(node, path, "expected " + expected + ", got " + kind(node));
    }
    return scalar.getValue();
  }

  /** Refuses anchors, aliases and tags that change what a node would otherwise be. */
  private void plain(Node node, String path) {
    if (node.getAnchor() != null) {
      throw error(node, path, "anchors and aliases are not supported (&" + node.getAnchor() + ")");
    }
    Tag expected =
        switch (node.getNodeId()) {
          case scalar ->
              resolver.resolve(
                  NodeId.scalar, ((ScalarNode) node).getValue(), ((ScalarNode) node).isPlain());
          case sequence -> Tag.SEQ;
          default -> Tag.MAP;
        };
    if (!node.getTag().equals(expected)) {
      throw error(node, path, "tags are not supported (" + node.getTag() + ")");
    }
  }

  private static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull(node) ? "nothing" : quote(((ScalarNode) node).getValue());
  }

  /**
   * Control characters (a new line in a quoted value) written as escapes, so one line stays one.
   */
  private static String oneLine(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                  if (Character.isISOControl(c)) {
                    b.append(String.format("\\u%04x", c));
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    return b.toString();
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("");
  }
}
