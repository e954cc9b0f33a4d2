package dev.swarmlab.scenario;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.LinkConditions;
import dev.swarmlab.plan.Quantities;
import dev.swarmlab.scenario.YamlNodes.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** A scenario's node tree → {@link Scenario}, refusing anything it does not know. */
final class ScenarioReader {
  private static final List<String> TOP_KEYS = List.of("description", "steps");
  private static final List<String> WHEN_KEYS = List.of("progress");
  private static final List<String> THROTTLE_KEYS = List.of("target", "up", "down");
  private static final List<String> LINK_KEYS =
      List.of("target", "bandwidth", "latency", "jitter", "loss", "clear");
  private static final List<String> SCALE_KEYS = List.of("leechers");
  private static final Pattern FRACTION = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");
  private static final Pattern LEECHERS = Pattern.compile("([+-]?)(\\d{1,6})");
  private static final int MAX_NAME = 100;
  private static final String RATE = "a rate (512KiB, 2MiB, none)";

  private final String source;
  private final YamlNodes nodes;

  ScenarioReader(String source) {
    this.source = source;
    this.nodes = new YamlNodes(source);
  }

  Scenario read(String text) {
    Node root = nodes.compose(text);
    if (root == null || YamlNodes.isNull(root)) {
      throw new BadInputException(source + ": empty; a scenario needs steps (a list)");
    }
    Map<String, Entry> top = nodes.fields(root, "", TOP_KEYS);
    String description =
        top.containsKey("description")
            ? nodes.longText(top.get("description").value(), "description", "a string")
            : null;
    if (!top.containsKey("steps")) {
      throw nodes.fail(root, "a scenario needs steps (a list)");
    }
    Node stepsNode = top.get("steps").value();
    List<Node> items = nodes.sequence(stepsNode, "steps", "a list of steps");
    if (items.isEmpty()) {
      throw nodes.error(stepsNode, "steps", "empty; a scenario needs at least one step");
    }
    if (items.size() > Scenario.MAX_STEPS) {
      throw nodes.error(
          items.get(Scenario.MAX_STEPS),
          "steps",
          "at most " + Scenario.MAX_STEPS + " steps (got " + items.size() + ")");
    }
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      steps.add(step(i, items.get(i)));
    }
    return new Scenario(source, description, steps);
  }

  private Step step(int index, Node node) {
    String path = "steps[" + index + "]";
    String name = null;
    Entry actionKey = null;
    Trigger trigger = null;
    Action action = null;
    for (Entry e : nodes.entries(node, path, "a mapping (a trigger and an action)")) {
      String key = e.key();
      String at = path + "." + key;
      if (key.equals("name")) {
        name = name(e.value(), at);
      } else if (key.equals("at") || key.equals("when")) {
        if (trigger != null) {
          throw nodes.error(e.keyNode(), path, "a step has one trigger, 'at' or 'when' (got both)");
        }
        trigger = key.equals("at") ? at(e.value(), at) : when(e.value(), at);
      } else if (Action.NAMES.contains(key)) {
        if (actionKey != null) {
          throw nodes.error(
              e.keyNode(),
              path,
              "a step has one action (got '" + actionKey.key() + "' and '" + key + "')");
        }
        actionKey = e;
        action = action(key, e.value(), at);
      } else {
        throw nodes.error(
            e.keyNode(),
            path,
            "unknown action "
                + YamlNodes.quote(key)
                + " (expected "
                + String.join(", ", Action.NAMES)
                + ")");
      }
    }
    if (trigger == null) {
      throw nodes.error(node, path, "a step needs one trigger, 'at' or 'when'");
    }
    if (action == null) {
      throw nodes.error(
          node, path, "a step needs one action (" + String.join(", ", Action.NAMES) + ")");
    }
    return new Step(index, name, trigger, action, YamlNodes.line(node));
  }

  private String name(Node node, String path) {
    String name = nodes.text(node, path, "a string");
    if (name.length() > MAX_NAME || name.codePoints().anyMatch(Character::isISOControl)) {
      throw nodes.error(node, path, "a name is one line of at most " + MAX_NAME + " characters");
    }
    return name;
  }

  private Trigger at(Node node, String path) {
    String text = nodes.text(node, path, "a duration (90s, 10m, 1h30m)");
    Duration after =
        text.strip().equals("0")
            ? Duration.ZERO
            : parsed(node, path, text, Quantities::parseDuration);
    if (after.compareTo(Trigger.MAX_AT) > 0) {
      throw nodes.fail(
          node, path + " must be between 0s and 24h after the lab came up (got '" + text + "')");
    }
    return new Trigger.At(after);
  }

  private Trigger when(Node node, String path) {
    Map<String, Entry> fields = nodes.fields(node, path, WHEN_KEYS);
    Entry progress = fields.get("progress");
    if (progress == null) {
      throw nodes.error(node, path, "needs progress, the swarm's share done (0.3 for 30%)");
    }
    String at = path + ".progress";
    String text = nodes.text(progress.value(), at, "a fraction (0.3 for 30%)");
    double f = FRACTION.matcher(text).matches() ? Double.parseDouble(text) : -1;
    if (!(f > 0 && f <= 1)) {
      throw nodes.error(
          progress.value(),
          at,
          "not a fraction more than 0 and at most 1: "
              + YamlNodes.quote(text)
              + " (examples: 0.3, 0.95, 1)");
    }
    return new Trigger.WhenProgress(f);
  }

  private Action action(String verb, Node node, String path) {
    return switch (verb) {
      case "throttle" -> throttle(node, path);
      case "link" -> link(node, path);
      case "scale" -> scale(node, path);
      case "verify" -> new Action.Verify(target(node, path));
      default -> new Action.Fault(verb, target(node, path));
    };
  }

  private Action throttle(Node node, String path) {
    Map<String, Entry> fields = nodes.fields(node, path, THROTTLE_KEYS);
    String target = target(fields, node, path);
    Long up = optional(fields.get("up"), path, RATE, Quantities::parseRate);
    Long down = optional(fields.get("down"), path, RATE, Quantities::parseRate);
    if (up == null && down == null) {
      throw nodes.error(node, path, "say what to limit: up, down or both");
    }
    return new Action.Throttle(target, up, down);
  }

  private Action link(Node node, String path) {
    Map<String, Entry> fields = nodes.fields(node, path, LINK_KEYS);
    String target = target(fields, node, path);
    boolean any = fields.keySet().stream().anyMatch(k -> !k.equals("target") && !k.equals("clear"));
    Entry clear = fields.get("clear");
    if (clear != null) {
      String at = path + ".clear";
      if (!nodes.text(clear.value(), at, "true").equalsIgnoreCase("true")) {
        throw nodes.error(clear.value(), at, "write clear: true, or leave it out");
      }
      if (any) {
        throw nodes.error(clear.keyNode(), path, "clear takes no other condition");
      }
      return new Action.Link(target, LinkConditions.NONE);
    }
    if (!any) {
      throw nodes.error(
          node, path, "say what to shape: bandwidth, latency, jitter, loss, or clear: true");
    }
    Long bandwidth =
        optional(
            fields.get("bandwidth"), path, "a bandwidth (20mbit)", LinkConditions::parseBandwidth);
    Duration latency =
        optional(fields.get("latency"), path, "a duration (50ms)", LinkConditions::parseLatency);
    Duration jitter =
        optional(fields.get("jitter"), path, "a duration (10ms)", LinkConditions::parseLatency);
    Double loss =
        optional(fields.get("loss"), path, "a share of packets (1%)", LinkConditions::parseLoss);
    return new Action.Link(
        target,
        new LinkConditions(
            bandwidth == null ? 0 : bandwidth, latency, jitter, loss == null ? 0 : loss));
  }

  private Action scale(Node node, String path) {
    Map<String, Entry> fields = nodes.fields(node, path, SCALE_KEYS);
    Entry leechers = fields.get("leechers");
    if (leechers == null) {
      throw nodes.error(node, path, "needs leechers: N, \"+N\" or \"-N\"");
    }
    String at = path + ".leechers";
    String text = nodes.text(leechers.value(), at, "a number of leechers");
    Matcher m = LEECHERS.matcher(text.strip());
    if (!m.matches()) {
      throw nodes.error(
          leechers.value(),
          at,
          "not a number of leechers: "
              + YamlNodes.quote(text)
              + " (30 in all, \"+5\" more or \"-3\" fewer)");
    }
    int n = Integer.parseInt(m.group(2));
    if (n > LabSpec.MAX_LEECHERS) {
      throw nodes.error(
          leechers.value(),
          at,
          "at most " + LabSpec.MAX_LEECHERS + " leechers (got " + YamlNodes.quote(text) + ")");
    }
    return new Action.Scale(m.group(1), n);
  }

  /** The target of a mapping action: its {@code target} key, which it must have. */
  private String target(Map<String, Entry> fields, Node node, String path) {
    Entry target = fields.get("target");
    if (target == null) {
      throw nodes.error(node, path, "needs a target: " + Action.TARGET_HINT);
    }
    return target(target.value(), path + ".target");
  }

  private String target(Node node, String path) {
    String target = nodes.text(node, path, "a target (" + Action.TARGET_HINT + ")");
    if (!Action.isTarget(target)) {
      throw nodes.error(
          node, path, "not a target: " + YamlNodes.quote(target) + " (" + Action.TARGET_HINT + ")");
    }
    return target;
  }

  /** A value a plan parser reads, null if the key is absent; its errors get the file and line. */
  private <T> T optional(
      Entry entry, String path, String expected, BiFunction<String, String, T> parser) {
    if (entry == null) {
      return null;
    }
    String at = path + "." + entry.key();
    return parsed(entry.value(), at, nodes.text(entry.value(), at, expected), parser);
  }

  private <T> T parsed(Node node, String path, String text, BiFunction<String, String, T> parser) {
    try {
      return parser.apply(text, path);
    } catch (BadInputException e) {
      throw nodes.wrap(node, e);
    }
  }
}
