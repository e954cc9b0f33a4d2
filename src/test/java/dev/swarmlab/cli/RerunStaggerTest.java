package dev.swarmlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RerunStaggerTest {

  @Test
  void byDefaultALeecherEvery200msButAllWithin5s() {
    assertEquals(Duration.ofMillis(200), RerunCommand.defaultStagger(0));
    assertEquals(Duration.ofMillis(200), RerunCommand.defaultStagger(1));
    assertEquals(Duration.ofMillis(200), RerunCommand.defaultStagger(10));
    assertEquals(Duration.ofMillis(200), RerunCommand.defaultStagger(25));
    assertEquals(Duration.ofMillis(50), RerunCommand.defaultStagger(100));
    assertEquals(Duration.ofMillis(20), RerunCommand.defaultStagger(250));
    for (int leechers = 1; leechers <= 500; leechers++) {
      Duration spread = RerunCommand.defaultStagger(leechers).multipliedBy(leechers);
      assertTrue(spread.compareTo(Duration.ofSeconds(5)) <= 0, leechers + ": " + spread);
    }
  }
}
