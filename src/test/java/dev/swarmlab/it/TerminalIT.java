package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code status --watch} in a real terminal (tmux): bars move, q quits. */
class TerminalIT {
  private static final String SOCKET =
      "swarmlab-it-" + UUID.randomUUID().toString().substring(0, 6);

  @Test
  void watchRedrawsInPlaceAndQuitsOnQ() throws Exception {
    String project = "it-tty-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      Cli up = Cli.run("up", "-p", project, "--leechers", "2", "--payload-size", "768MiB");
      assertEquals(0, up.code(), up::toString);
      String jar = Path.of("target", "swarmlab.jar").toAbsolutePath().toString();
      tmux(
          "new-session",
          "-d",
          "-s",
          "w",
          "-x",
          "140",
          "-y",
          "30",
          "java -jar "
              + jar
              + " status -p "
              + project
              + " --watch --interval 300ms; echo EXIT=$?; sleep 60");
      String first = waitFor("leecher-2", 30);
      assertTrue(first.contains("[#") || first.contains("[-"), "bars drawn:\n" + first);
      assertTrue(first.contains("q quits"), first);
      Thread.sleep(1500);
      String second = capture();
      assertNotEquals(
          leecherLines(first),
          leecherLines(second),
          "the bars moved:\n" + first + "\n---\n" + second);
      assertEquals(
          1, count(second, "swarmlab: " + project), "redrawn in place, not scrolled:\n" + second);
      tmux("send-keys", "-t", "w", "q");
      String after = waitFor("EXIT=", 10);
      assertTrue(after.contains("EXIT=0"), after);

      // --count stops a live view on a terminal too (a second session of the same server)
      tmux(
          "new-session",
          "-d",
          "-s",
          "c",
          "-x",
          "140",
          "-y",
          "30",
          "java -jar "
              + jar
              + " status -p "
              + project
              + " --watch --interval 200ms --count 3; echo COUNTED=$?; sleep 60");
      String counted = waitFor("c", "COUNTED=", 30);
      assertTrue(counted.contains("COUNTED=0") && counted.contains("leecher-2"), counted);
    } finally {
      tmuxQuietly("kill-server");
      Cli.run("down", "-p", project, "--volumes", "--purge");
    }
  }

  private static List<String> leecherLines(String screen) {
    return screen.lines().filter(l -> l.startsWith("leecher-")).toList();
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  private static String waitFor(String text, int seconds) throws Exception {
    return waitFor("w", text, seconds);
  }

  private static String waitFor(String session, String text, int seconds) throws Exception {
    String screen = "";
    for (int i = 0; i < seconds * 4; i++) {
      screen = capture(session);
      if (screen.contains(text)) {
        return screen;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("'" + text + "' never appeared:\n" + screen);
  }

  private static String capture() throws Exception {
    return capture("w");
  }

  private static String capture(String session) throws Exception {
    return tmux("capture-pane", "-t", session, "-p");
  }

  private static String tmux(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", SOCKET));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "tmux " + String.join(" ", args) + ": " + out);
    return out;
  }

  private static void tmuxQuietly(String... args) {
    try {
      tmux(args);
    } catch (Exception | AssertionError ignored) {
      // already gone
    }
  }
}
