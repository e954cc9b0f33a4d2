package dev.swarmlab.cli;

import dev.swarmlab.plan.LinkConditions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detail of the events a run's record keeps for what was done to its peers on purpose, the same
 * whether a command, {@code up} or a scenario step did it (the report reads them back).
 */
final class ActionNotes {
  private ActionNotes() {}

  /** A fault's: its target and the peers it was done to. */
  static Map<String, Object> fault(String target, List<String> peers) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("target", target);
    detail.put("peers", peers);
    return detail;
  }

  /** A throttle's: the limits set (null: unchanged), bytes a second, and the peers set. */
  static Map<String, Object> throttle(String target, Long up, Long down, List<String> peers) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("target", target);
    if (up != null) {
      detail.put("up", up);
    }
    if (down != null) {
      detail.put("down", down);
    }
    detail.put("peers", peers);
    return detail;
  }

  /** A link's: its conditions in words and as numbers ({@link LinkMemory}), and the peers. */
  static Map<String, Object> link(String target, LinkConditions conditions, List<String> peers) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("target", target);
    detail.put("conditions", conditions.describe());
    detail.put("link", conditions.toMap());
    detail.put("peers", peers);
    return detail;
  }
}
