package dev.swarmlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.BadInputException;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceTest {

  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  @Test
  void eachLeecherWritesACopyOfThePayload() {
    assertEquals(250 * 64 * MIB, DiskSpace.needed(250, 64 * MIB));
    assertEquals(0, DiskSpace.needed(0, 64 * MIB));
    assertEquals(
        Long.MAX_VALUE, DiskSpace.needed(1_000_000, Long.MAX_VALUE / 2), "overflow is 'too much'");
    assertEquals(
        Long.MAX_VALUE, DiskSpace.needed(2, 1L << 62), "a product between 2^63 and 2^64 too");
  }

  @Test
  void aLabThatFitsIsAccepted() {
    DiskSpace.check(100, 256 * MIB, Path.of("/var/lib/docker"), 25 * GIB + 500 * MIB);
  }

  @Test
  void rtorrentsOwnReserveCounts() {
    // rtorrent closes its downloads when fewer than 500 MiB are left: a lab needs them too
    assertThrows(
        BadInputException.class,
        () ->
            DiskSpace.check(100, 256 * MIB, Path.of("/var/lib/docker"), 25 * GIB + 500 * MIB - 1));
    assertThrows(
        BadInputException.class,
        () -> DiskSpace.check(1, 1, Path.of("/var/lib/docker"), 100 * MIB));
  }

  @Test
  void aLabThatDoesNotFitIsRefusedWithTheNeedTheSpaceAndWhere() {
    String message =
        assertThrows(
                BadInputException.class,
                () ->
                    DiskSpace.check(250, 256 * MIB, Path.of("/var/lib/docker"), 61 * GIB + GIB / 2))
            .getMessage();
    assertEquals(
        "250 leechers × 256.0 MiB write 62.5 GiB, and rtorrent keeps 500.0 MiB free, under the"
            + " engine's data root /var/lib/docker, whose filesystem has 61.5 GiB free; free some"
            + " space, or run fewer leechers or a smaller payload",
        message);
    assertFalse(message.contains("\n"));
  }

  @Test
  void readsTheSpaceOfALocalDirectoryOnly(@TempDir Path dir) {
    OptionalLong usable = DiskSpace.usable(dir);
    assertTrue(usable.isPresent() && usable.getAsLong() > 0, usable::toString);
    assertEquals(OptionalLong.empty(), DiskSpace.usable(dir.resolve("missing")));
  }
}
