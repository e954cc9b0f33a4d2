package dev.swarmlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParallelStartsTest {

  @ParameterizedTest
  @CsvSource({"1, 2", "2, 4", "3, 6", "16, 32", "32, 64", "33, 64", "256, 64"})
  void twiceTheCoresAtLeastTwoAtMostTheLimit(int cores, int starts) {
    assertEquals(starts, Run.defaultParallelStarts(cores));
  }

  @Test
  void whatTheUserAsksForWithinTheLimits() {
    assertEquals(5, new Run("r", OptionalInt.of(5), new Cancellation()).starts());
    assertEquals(
        Engine.MAX_PARALLEL_STARTS,
        new Run("r", OptionalInt.of(1000), new Cancellation()).starts());
    assertEquals(1, new Run("r", OptionalInt.of(0), new Cancellation()).starts());
  }
}
