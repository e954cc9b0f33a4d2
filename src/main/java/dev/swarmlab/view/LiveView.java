package dev.swarmlab.view;

import dev.swarmlab.monitor.PeerStatus;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.plan.LabContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;
import org.jline.utils.NonBlockingReader;

/**
 * The swarm redrawn in place on a terminal (through JLine): a progress bar per peer, the summary
 * and an ETA, every interval, until the user presses q or Ctrl-C, or {@code done} says so.
 */
public final class LiveView {

  private static final int BAR = 24;

  private LiveView() {}

  /**
   * Whether a live view can be drawn: standard output is a terminal and {@code NO_COLOR} is not
   * set. Otherwise callers print plain lines.
   */
  public static boolean available() {
    return System.console() != null
        && System.getenv("NO_COLOR") == null
        && !"dumb".equals(System.getenv("TERM"));
  }

  /** How a live view ended. */
  public enum End {
    QUIT,
    DONE,
    TIMED_OUT
  }

  /** The last snapshot drawn and why the view ended. */
  public record Result(SwarmSnapshot last, End end) {}

  /**
   * Draws {@code poll()} every {@code interval} until q, Ctrl-C, {@code done} or {@code timeout};
   * leaves the last frame on screen.
   */
  public static Result run(
      Supplier<SwarmSnapshot> poll,
      Duration interval,
      Predicate<SwarmSnapshot> done,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      Attributes saved = terminal.enterRawMode();
      boolean[] interrupted = {false};
      terminal.handle(Terminal.Signal.INT, s -> interrupted[0] = true);
      terminal.puts(InfoCmp.Capability.cursor_invisible);
      Display display = new Display(terminal, false);
      NonBlockingReader keys = terminal.reader();
      SwarmSnapshot last = null;
      End end;
      try {
        while (true) {
          last = poll.get();
          Size size = terminal.getSize();
          int rows = Math.max(3, size.getRows() - 1);
          display.resize(size.getRows(), size.getColumns());
          List<AttributedString> frame = frame(last, size.getColumns());
          List<AttributedString> shown = frame.size() > rows ? frame.subList(0, rows) : frame;
          display.update(shown, size.cursorPos(shown.size() - 1, 0));
          terminal.flush();
          if (done.test(last)) {
            end = End.DONE;
            break;
          }
          if (System.nanoTime() >= deadline) {
            end = End.TIMED_OUT;
            break;
          }
          int key = keys.read(interval.toMillis());
          if (key == 'q'
              || key == 'Q'
              || key == 3
              || key == NonBlockingReader.EOF
              || interrupted[0]) {
            end = End.QUIT;
            break;
          }
        }
      } finally {
        terminal.setAttributes(saved);
        terminal.puts(InfoCmp.Capability.cursor_visible);
        terminal.writer().println();
        terminal.flush();
      }
      return new Result(last, end);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw on the terminal", e);
    }
  }

  /** One frame: a bar per peer, the summary, the ETA and the keys. */
  static List<AttributedString> frame(SwarmSnapshot s, int width) {
    List<AttributedString> lines = new ArrayList<>();
    lines.add(
        new AttributedString("swarmlab: " + s.project() + "   (q quits)", AttributedStyle.BOLD));
    for (PeerStatus p : s.peers()) {
      AttributedStringBuilder b = new AttributedStringBuilder();
      b.append(String.format(Locale.ROOT, "%-12s ", p.name()));
      boolean running = "running".equals(p.state());
      AttributedStyle color =
          !running
              ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)
              : p.complete()
                  ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)
                  : AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
      int filled = running ? (int) Math.round(p.progress() * BAR) : 0;
      b.append("[");
      b.style(color).append("#".repeat(filled)).style(AttributedStyle.DEFAULT);
      b.append("-".repeat(BAR - filled)).append("] ");
      if (running) {
        b.append(
            String.format(
                Locale.ROOT,
                "%6s  down %10s/s  up %10s/s  %3d peers",
                StatusViews.percent(p.progress()),
                StatusViews.bytes(p.downRate()),
                StatusViews.bytes(p.upRate()),
                p.peersConnected()));
      } else {
        b.style(color)
            .append(p.state() + (p.error() == null ? "" : ": " + p.error()))
            .style(AttributedStyle.DEFAULT);
      }
      lines.add(b.toAttributedString().columnSubSequence(0, width));
    }
    lines.add(AttributedString.EMPTY);
    for (String l : StatusViews.summaryLines(s.summary())) {
      lines.add(new AttributedString(l).columnSubSequence(0, width));
    }
    lines.add(new AttributedString(eta(s)));
    return lines;
  }

  /** Time left at the leechers' current download rate. */
  static String eta(SwarmSnapshot s) {
    if (s.summary().allComplete()) {
      return "ETA: done";
    }
    long left = 0;
    long rate = 0;
    for (PeerStatus p : s.peers()) {
      if (p.role().equals(LabContract.LEECHER)) {
        left += Math.max(0, p.bytesTotal() - p.bytesDone());
        rate += p.downRate();
      }
    }
    if (rate == 0) {
      return "ETA: unknown (nothing is downloading)";
    }
    long seconds = (left + rate - 1) / rate;
    return String.format(Locale.ROOT, "ETA: %d:%02d", seconds / 60, seconds % 60);
  }
}
