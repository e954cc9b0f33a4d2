package dev.swarmlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeighbourTableTest {

  @Test
  void aSmallLabFitsTheKernelDefault() {
    assertEquals(180, NeighbourTable.entriesNeeded(12));
    NeighbourTable.check(12, 1024);
  }

  @Test
  void aLabPastTheLimitIsRefusedWithTheNeedTheLimitAndTheFix() {
    String message =
        assertThrows(BadInputException.class, () -> NeighbourTable.check(100, 1024)).getMessage();
    assertTrue(message.contains("100 peers needs up to 10300 neighbour (ARP) entries"), message);
    assertTrue(message.contains("at most 1024 (net.ipv4.neigh.default.gc_thresh3)"), message);
    assertTrue(
        message.contains("sudo sysctl -w net.ipv4.neigh.default.gc_thresh3=131072"), message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void theSuggestedLimitCoversTheLabAskedFor() {
    String message =
        assertThrows(BadInputException.class, () -> NeighbourTable.check(500, 131072)).getMessage();
    assertTrue(message.contains("gc_thresh3=251500"), message);
    NeighbourTable.check(360, NeighbourTable.RECOMMENDED);
  }

  @Test
  void readsTheLimitAndIgnoresWhatItCannotRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gc_thresh3");
    Files.writeString(file, "1024\n");
    assertEquals(OptionalLong.of(1024), NeighbourTable.readLimit(file));
    Files.writeString(file, "lots");
    assertEquals(OptionalLong.empty(), NeighbourTable.readLimit(file));
    assertEquals(OptionalLong.empty(), NeighbourTable.readLimit(dir.resolve("missing")));
  }
}
