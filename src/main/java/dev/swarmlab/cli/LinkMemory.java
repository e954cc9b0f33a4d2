package dev.swarmlab.cli;

import dev.swarmlab.plan.LinkConditions;
import dev.swarmlab.runs.RunRecord;
import java.util.List;
import java.util.Optional;

/**
 * The link conditions the running run gave its peers (its {@code link} events), so that a peer
 * started again, or a leecher added, gets the link its role or name was given: a container started
 * again has a new network namespace, with none of the old shaping.
 */
final class LinkMemory {
  private final List<RunRecord.Event> events;

  private LinkMemory(List<RunRecord.Event> events) {
    this.events = events;
  }

  /** The link events of lab {@code project}'s running run; none if it has none or no record. */
  static LinkMemory of(LabContext context, String project) {
    try {
      Optional<RunRecord> latest = context.lab(null).runs(project).latest();
      if (latest.isPresent() && !latest.get().ended()) {
        return new LinkMemory(
            latest.get().events().stream().filter(e -> e.event().equals("link")).toList());
      }
    } catch (RuntimeException e) {
      // no record: no memory
    }
    return new LinkMemory(List.of());
  }

  /**
   * The conditions last set on peer {@code name} of {@code role}: by its name, its role or {@code
   * all}, whichever came last; {@link LinkConditions#NONE} if none.
   */
  LinkConditions conditionsFor(String name, String role) {
    LinkConditions found = LinkConditions.NONE;
    for (RunRecord.Event e : events) {
      Object target = e.detail().get("target");
      if (name.equals(target) || role.equals(target) || "all".equals(target)) {
        found = LinkConditions.of(e.detail().get("link"));
      }
    }
    return found;
  }
}
