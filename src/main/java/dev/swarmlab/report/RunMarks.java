package dev.swarmlab.report;

import dev.swarmlab.plan.Quantities;
import dev.swarmlab.runs.RunRecord;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What was done to a lab on purpose while it ran, read from its run's {@code events.jsonl} as
 * {@link Summary.Mark}s: faults ({@code kill}, {@code restart}, {@code pause}, {@code unpause}),
 * {@code throttle}, {@code link}, {@code scale} and a scenario's {@code step}s. The lab's own
 * lifecycle ({@code up}, {@code started}, {@code complete}, {@code down}, ...) is not marked.
 *
 * <p>The record is a file a user can edit, so a label is made printable and cut short, and a run
 * keeps at most {@link #MAX} marks, the earliest.
 */
public final class RunMarks {
  /** At most this many marks in a summary. */
  public static final int MAX = 200;

  /** At most this many characters (code points) in a label. */
  public static final int MAX_LABEL = 80;

  /** The events that are marked. */
  public static final Set<String> EVENTS =
      Set.of("kill", "restart", "pause", "unpause", "throttle", "link", "scale", "step");

  /**
   * A run's marks: the earliest {@link #MAX}, by time (events of one second in the record's order),
   * and how many more there were.
   */
  public record Found(List<Summary.Mark> marks, int leftOut) {}

  private RunMarks() {}

  /** The marks of {@code record}, in seconds from {@code epoch0}. */
  public static Found of(RunRecord record, long epoch0) {
    return of(record.events(), epoch0);
  }

  /** The marks among {@code events}, in seconds from {@code epoch0}. */
  static Found of(List<RunRecord.Event> events, long epoch0) {
    record Timed(long at, RunRecord.Event event) {}
    List<Timed> timed = new ArrayList<>();
    for (RunRecord.Event e : events) {
      if (e == null || e.event() == null || !EVENTS.contains(e.event()) || e.at() == null) {
        continue;
      }
      long at;
      try {
        long noted = e.instant().getEpochSecond();
        // an action that takes a while (scale starting containers, a verify hashing) is noted
        // when it ends, with the second it began: the mark goes there
        if (e.detail() != null
            && e.detail().get("began") instanceof Number began
            && began.longValue() <= noted
            && began.longValue() >= noted - 86_400) {
          noted = began.longValue();
        }
        at = Math.subtractExact(noted, epoch0);
      } catch (DateTimeException | ArithmeticException x) {
        continue; // no time to put it at
      }
      timed.add(new Timed(at, e));
    }
    timed.sort(Comparator.comparingLong(Timed::at)); // stable: one second's in the record's order
    List<Summary.Mark> marks = new ArrayList<>();
    for (Timed t : timed.subList(0, Math.min(MAX, timed.size()))) {
      marks.add(new Summary.Mark(t.at(), label(t.event()), t.event().event()));
    }
    return new Found(List.copyOf(marks), timed.size() - marks.size());
  }

  /** What {@code e} did, in a few words. */
  static String label(RunRecord.Event e) {
    Map<String, Object> d = e.detail();
    String name = e.event();
    String text =
        switch (name) {
          case "throttle" ->
              words(
                      name,
                      text(d.get("target")),
                      d.containsKey("up") ? "up " + rate(d.get("up")) : "",
                      d.containsKey("down") ? "down " + rate(d.get("down")) : "")
                  + failed(d);
          case "link" ->
              words(
                      name,
                      text(d.get("target")),
                      "none".equals(d.get("conditions")) ? "cleared" : text(d.get("conditions")))
                  + failed(d);
          case "scale" ->
              words(
                  name,
                  d.containsKey("from") || d.containsKey("to")
                      ? orUnknown(d.get("from")) + " → " + orUnknown(d.get("to"))
                      : "",
                  "leechers");
          case "step" ->
              d.get("action") != null ? text(d.get("action")) : words(name, text(d.get("step")));
          default -> words(name, text(d.get("target"))) + failed(d);
        };
    String clean = printable(text);
    return clean.isEmpty() ? name : clean;
  }

  /**
   * {@code text} as one short printable line: runs of white space become one space, other
   * characters that print nothing or move the text (control, format, unassigned, lone surrogates)
   * U+FFFD; cut after {@link #MAX_LABEL} characters with an ellipsis.
   */
  static String printable(String text) {
    int[] kept = new int[MAX_LABEL + 1]; // one more than is kept tells that it was cut
    int n = 0;
    boolean space = false;
    for (int i = 0; i < text.length() && n <= MAX_LABEL; ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = n > 0;
        continue;
      }
      if (space) {
        kept[n++] = ' ';
        space = false;
        if (n > MAX_LABEL) {
          break;
        }
      }
      kept[n++] = printable(c) ? c : '\uFFFD';
    }
    if (n <= MAX_LABEL) {
      return new String(kept, 0, n);
    }
    n = MAX_LABEL - 1;
    while (n > 0 && kept[n - 1] == ' ') {
      n--;
    }
    return new String(kept, 0, n) + "…";
  }

  private static boolean printable(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.UNASSIGNED,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /** The non-empty ones of {@code words}, a space between each two. */
  private static String words(String... words) {
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      if (!w.isEmpty()) {
        b.append(b.length() == 0 ? "" : " ").append(w);
      }
    }
    return b.toString();
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value);
  }

  private static String orUnknown(Object value) {
    return value == null ? "?" : String.valueOf(value);
  }

  /** A limit in bytes a second: {@code 1.0 MiB/s}, or {@code none} for 0. */
  private static String rate(Object value) {
    if (value instanceof Number n && n.longValue() >= 0 && n.doubleValue() == n.longValue()) {
      return n.longValue() == 0 ? "none" : Quantities.formatSize(n.longValue()) + "/s";
    }
    return orUnknown(value);
  }

  /** {@code (failed)} when the event names the peers it was done to, and there are none. */
  private static String failed(Map<String, Object> detail) {
    return detail.get("peers") instanceof List<?> peers && peers.isEmpty() ? " (failed)" : "";
  }
}
