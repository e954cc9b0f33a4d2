package dev.swarmlab.engine.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swarmlab.engine.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartsAtOnceTest {

  @ParameterizedTest
  @CsvSource({"1, 2", "2, 4", "3, 6", "16, 32", "32, 64", "33, 64", "256, 64"})
  void twiceTheCoresAtLeastTwoAtMostTheLimit(int cores, int starts) {
    assertEquals(starts, DockerEngine.startsDefault(cores));
    assertEquals(64, Engine.MAX_STARTS_AT_ONCE, "the limit --parallel and its help name");
  }
}
