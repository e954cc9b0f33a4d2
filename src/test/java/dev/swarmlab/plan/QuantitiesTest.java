package dev.swarmlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.BadInputException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

  @ParameterizedTest
  @CsvSource({
    "64MiB, 67108864",
    "64M, 67108864",
    "1GiB, 1073741824",
    "500KB, 500000",
    "1.5GB, 1500000000",
    "1048576, 1048576",
    "12B, 12",
    "2kib, 2048"
  })
  void sizes(String text, long bytes) {
    assertEquals(bytes, Quantities.parseSize(text, "--payload-size"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "lots", "12XB", "-5MiB", "5 MiB of data", "MiB", "64i", "64ib", "64Bi"})
  void badSizesNameTheOptionOnOneLine(String text) {
    BadInputException e =
        assertThrows(BadInputException.class, () -> Quantities.parseSize(text, "--payload-size"));
    assertTrue(e.getMessage().startsWith("--payload-size: "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @ParameterizedTest
  @CsvSource({"90s, 90", "10m, 600", "1h30m, 5400", "PT10M, 600", "2h, 7200", "1d, 86400"})
  void durations(String text, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), Quantities.parseDuration(text, "--timeout"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "soon",
        "10",
        "10x",
        "m10",
        "1h 30m",
        "P",
        "-5s",
        "PT-5S",
        "P-1D",
        "99999999999999999999d"
      })
  void badDurations(String text) {
    BadInputException e =
        assertThrows(BadInputException.class, () -> Quantities.parseDuration(text, "--timeout"));
    assertTrue(e.getMessage().startsWith("--timeout: "), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "25d, --peer-timeout must be between 10ms and 5m (got '25d')",
    "5ms, --peer-timeout must be between 10ms and 5m (got '5ms')",
    "0s, --peer-timeout must be between 10ms and 5m (got '0s')"
  })
  void durationsOutOfTheirRangeNameTheRange(String text, String message) {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                Quantities.parseDuration(
                    text, "--peer-timeout", Duration.ofMillis(10), Duration.ofMinutes(5)));
    assertEquals(message, e.getMessage());
    assertEquals(
        Duration.ofSeconds(2),
        Quantities.parseDuration(
            "2s", "--peer-timeout", Duration.ofMillis(10), Duration.ofMinutes(5)));
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "' 8 ', 8", "64, 64"})
  void wholeNumbersInRange(String text, int n) {
    assertEquals(n, Quantities.parseWholeNumber(text, "--parallel", 1, 64, ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65", "lots", "", "1.5"})
  void wholeNumbersOutOfRangeNameTheOptionTheValueAndWhereItCameFrom(String text) {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                Quantities.parseWholeNumber(
                    text, "--parallel", 1, 64, " from SWARMLAB_PARALLEL_LIMIT"));
    assertEquals(
        "--parallel must be a whole number between 1 and 64 (got '"
            + text
            + "' from SWARMLAB_PARALLEL_LIMIT)",
        e.getMessage());
  }
}
