package dev.swarmlab.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swarmlab.engine.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StartsAtOnceTest {

  @ParameterizedTest
  @CsvSource({"1, 2", "2, 4", "3, 6", "16, 32"})
  void twiceTheCoresAtLeastTwo(int cores, int starts) {
    assertEquals(starts, DockerEngine.startsDefault(cores));
  }

  @ParameterizedTest
  @ValueSource(ints = {Engine.MAX_STARTS_AT_ONCE / 2, Engine.MAX_STARTS_AT_ONCE / 2 + 1, 256})
  void neverMoreThanTheLimitThatParallelNames(int cores) {
    assertEquals(Engine.MAX_STARTS_AT_ONCE, DockerEngine.startsDefault(cores));
  }
}
