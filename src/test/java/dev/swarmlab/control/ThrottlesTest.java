package dev.swarmlab.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.monitor.SwarmMonitor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThrottlesTest {

  private static ContainerInfo container(String service, int n, String state, String control) {
    return new ContainerInfo(
        "id" + service + n,
        "lab-" + service + "-" + n,
        service,
        n,
        state,
        Map.of(),
        Map.of(),
        Map.of("/run/swarmlab", control),
        "172.20.0." + (10 + n),
        1L);
  }

  private static final List<ContainerInfo> LAB =
      List.of(
          container("tracker", 1, "running", "/x"),
          container("leecher", 2, "running", "/x"),
          container("seeder", 1, "running", "/x"),
          container("leecher", 1, "exited", "/x"),
          container("leecher", 10, "running", "/x"));

  private static List<String> names(List<ContainerInfo> chosen) {
    return chosen.stream().map(SwarmMonitor::peerName).toList();
  }

  @Test
  void aTargetIsAPeerARoleOrAll() {
    assertEquals(List.of("leecher-2"), names(Targets.select(LAB, "leecher-2")));
    assertEquals(List.of("leecher-10"), names(Targets.select(LAB, "LEECHER-10")));
    assertEquals(
        List.of("leecher-1", "leecher-2", "leecher-10"), names(Targets.select(LAB, "leecher")));
    assertEquals(
        List.of("leecher-1", "leecher-2", "leecher-10"), names(Targets.select(LAB, "leechers")));
    assertEquals(List.of("seeder-1"), names(Targets.select(LAB, "seeder")));
    assertEquals(
        List.of("seeder-1", "leecher-1", "leecher-2", "leecher-10"),
        names(Targets.select(LAB, "all")),
        "peers only: the tracker has no rates to limit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tracker", "tracker-1", "leecher-3", "leecher-", "seeder-1-x", "", "*"})
  void aTargetThatNamesNoPeerIsBadInputThatSaysWhatWouldDo(String target) {
    BadInputException e = assertThrows(BadInputException.class, () -> Targets.select(LAB, target));
    assertTrue(
        e.getMessage().contains("leecher-3") && e.getMessage().contains("all"), e::getMessage);
  }

  @Test
  void ratesAreBytesASecondOrNone() {
    assertEquals(512L << 10, Throttles.parseRate("512KiB", "--up"));
    assertEquals(2L << 20, Throttles.parseRate("2MiB/s", "--up"));
    assertEquals(1_000_000L, Throttles.parseRate("1MB", "--up"));
    assertEquals(1024L, Throttles.parseRate("1024", "--up"));
    assertEquals(0L, Throttles.parseRate("none", "--up"));
    assertEquals(0L, Throttles.parseRate("NONE", "--up"));
    assertEquals(0L, Throttles.parseRate("0", "--up"));
    assertEquals(Throttles.MAX_RATE, Throttles.parseRate("10GiB", "--up"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "1mbit", "1023", "10.1GiB", "-1KiB", "", "1KiB/h", "0KiB"})
  void aRateOutOfBoundsOrNotARateIsOneLineNamingTheOption(String text) {
    BadInputException e =
        assertThrows(BadInputException.class, () -> Throttles.parseRate(text, "--down"));
    assertTrue(e.getMessage().startsWith("--down"), e::getMessage);
    assertTrue(e.getMessage().contains("'" + text + "'"), e::getMessage);
  }

  @Test
  void aPeerThatIsDownOrHasNoSocketIsReportedNotThrown(@TempDir Path dir) {
    List<Throttles.Result> results =
        new Throttles(Duration.ofMillis(200))
            .apply(
                List.of(
                    container("leecher", 1, "exited", dir.toString()),
                    container("leecher", 2, "running", dir.toString())),
                new Throttles.Limits(1024L, null));

    assertEquals(2, results.size());
    assertEquals("leecher-1", results.get(0).peer());
    assertEquals("not running (exited)", results.get(0).error());
    assertEquals("leecher-2", results.get(1).peer());
    assertTrue(results.get(1).error() != null && results.get(1).up() == null, results::toString);
  }
}
