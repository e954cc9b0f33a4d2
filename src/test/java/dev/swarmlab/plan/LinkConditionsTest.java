package dev.swarmlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.BadInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkConditionsTest {

  @Test
  void bandwidthsAreBitsASecondAsTcWritesThem() {
    assertEquals(20_000_000L, LinkConditions.parseBandwidth("20mbit", "--bandwidth"));
    assertEquals(20_000_000L, LinkConditions.parseBandwidth("20Mbit/s", "--bandwidth"));
    assertEquals(512_000L, LinkConditions.parseBandwidth("512kbit", "--bandwidth"));
    assertEquals(1_500_000_000L, LinkConditions.parseBandwidth("1.5gbit", "--bandwidth"));
    assertEquals(16_000_000L, LinkConditions.parseBandwidth("2mbps", "--bandwidth"));
    assertEquals(0L, LinkConditions.parseBandwidth("none", "--bandwidth"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "20MiB", "20", "1kbit", "200gbit", "-5mbit", ""})
  void otherBandwidthsAreRefusedInOneLine(String text) {
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> LinkConditions.parseBandwidth(text, "--bandwidth"));
    assertTrue(e.getMessage().startsWith("--bandwidth"), e.getMessage());
  }

  @Test
  void latencyAndLoss() {
    assertEquals(Duration.ofMillis(50), LinkConditions.parseLatency("50ms", "--latency"));
    assertEquals(Duration.ZERO, LinkConditions.parseLatency("0", "--latency"));
    assertThrows(BadInputException.class, () -> LinkConditions.parseLatency("11s", "--latency"));
    assertThrows(BadInputException.class, () -> LinkConditions.parseLatency("soon", "--latency"));
    assertEquals(0.5, LinkConditions.parseLoss("0.5%", "--loss"));
    assertEquals(100.0, LinkConditions.parseLoss("100%", "--loss"));
    assertThrows(BadInputException.class, () -> LinkConditions.parseLoss("101%", "--loss"));
    assertThrows(BadInputException.class, () -> LinkConditions.parseLoss("0.5", "--loss"));
  }

  @Test
  void onlyLatencyJitterAndLossNeedNetem() {
    assertFalse(new LinkConditions(8_000_000, null, null, 0).needsNetem());
    assertTrue(new LinkConditions(0, Duration.ofMillis(1), null, 0).needsNetem());
    assertTrue(new LinkConditions(0, null, Duration.ofMillis(1), 0).needsNetem());
    assertTrue(new LinkConditions(0, null, null, 0.1).needsNetem());
    assertTrue(LinkConditions.NONE.none());
  }

  @Test
  void describedInWords() {
    assertEquals("none", LinkConditions.NONE.describe());
    assertEquals(
        "20 Mbit/s, latency 50 ms, jitter 5 ms, loss 0.5%",
        new LinkConditions(20_000_000, Duration.ofMillis(50), Duration.ofMillis(5), 0.5)
            .describe());
    assertEquals("512 kbit/s", LinkConditions.formatBandwidth(512_000));
    assertEquals("1.5 Gbit/s", LinkConditions.formatBandwidth(1_500_000_000));
  }

  @Test
  void laterConditionsTakeThePlaceOfEarlierOnes() {
    LinkConditions a = new LinkConditions(8_000_000, Duration.ofMillis(10), null, 0);
    LinkConditions b = new LinkConditions(0, Duration.ofMillis(20), null, 1);
    assertEquals(new LinkConditions(8_000_000, Duration.ofMillis(20), null, 1), a.with(b));
  }
}
