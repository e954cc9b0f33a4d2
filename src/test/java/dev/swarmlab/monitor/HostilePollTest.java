package dev.swarmlab.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A full poll of 250 hostile peers in a JVM with a 256 MiB heap: it ends, every peer is reported
 * unreachable with a short reason, and nothing runs out of memory.
 */
class HostilePollTest {

  @Test
  void aPollOf250HostilePeersFitsASmallHeapAndEndsInBoundedTime() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                HostilePeers.class.getName())
            .redirectErrorStream(true)
            .start();
    // 250 peers, 16 at a time, none past its timeout: at most 16 rounds, and some slack
    long bound = 16 * HostilePeers.PEER_TIMEOUT.toMillis() + 30_000;
    boolean ended = p.waitFor(bound, TimeUnit.MILLISECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) {
      p.destroyForcibly();
    }
    assertTrue(ended, "the poll did not end within " + bound + " ms:\n" + out);
    assertEquals(0, p.exitValue(), out);
    Matcher m =
        Pattern.compile(
                "unreachable (\\d+)/250 in (\\d+) ms; longest error (\\d+) chars; out of memory (\\d+)")
            .matcher(out);
    assertTrue(m.find(), out);
    assertEquals(250, Integer.parseInt(m.group(1)), out);
    assertTrue(Integer.parseInt(m.group(3)) <= 303, "errors quoted from peers are cut: " + out);
    assertEquals(0, Integer.parseInt(m.group(4)), "no poll ran out of memory: " + out);
    assertTrue(
        out.contains("125 x a reply larger than N bytes"),
        "every huge reply is refused at the cap: " + out);
    assertTrue(
        List.of(out.split("\n")).stream().noneMatch(l -> l.contains("OutOfMemoryError")), out);
  }
}
