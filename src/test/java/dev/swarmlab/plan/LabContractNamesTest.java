package dev.swarmlab.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the files of a lab's control directory are named, and read back to their peer. */
class LabContractNamesTest {
  @Test
  void eachPeersFilesAreNamedAfterItsAddress() {
    assertEquals("10.0.0.3.sock", LabContract.socketName("10.0.0.3"));
    assertEquals("10.0.0.3.blocks.log", LabContract.blockLogName("10.0.0.3"));
    assertEquals("10.0.0.3.peer", LabContract.peerFileName("10.0.0.3"));
  }

  @Test
  void aBlockLogIsTheCurrentOneOrOneKeptAsideWithItsNanoseconds() {
    for (String name :
        List.of(
            LabContract.blockLogName("10.0.0.3"),
            "10.0.0.3.blocks.log.1795654030123456789",
            "10.0.0.3.blocks.log.0",
            "10.0.0.3.blocks.log." + "9".repeat(20),
            "fd00::3.blocks.log")) {
      assertTrue(LabContract.isBlockLog(name), name);
    }
    for (String name :
        List.of(
            ".blocks.log",
            ".blocks.log.123",
            "x.blocks.log",
            "../x.blocks.log",
            "10.0.0.3.blocks.log.",
            "10.0.0.3.blocks.log.gz",
            "10.0.0.3.blocks.log.123.gz",
            "10.0.0.3.blocks.log.12a",
            "10.0.0.3.blocks.log.-1",
            "10.0.0.3.blocks.log." + "9".repeat(21),
            "10.0.0.3.blocks.logs",
            "10.0.0.3.blocks.log.tmp",
            "10.0.0.3.blocks",
            "10.0.0.3.peer",
            "10.0.0.3.sock",
            "10.0.0.3.blocks.log\n",
            "10.0.0.3.blocks.log.\u0663",
            "")) {
      assertFalse(LabContract.isBlockLog(name), name);
    }
  }

  @Test
  void theAddressIsWhatPrecedesTheSuffix() {
    assertEquals("10.0.0.3", LabContract.addressOf(LabContract.blockLogName("10.0.0.3")));
    assertEquals("10.0.0.3", LabContract.addressOf("10.0.0.3.blocks.log.1795654030123456789"));
    assertEquals("10.0.0.3", LabContract.addressOf(LabContract.peerFileName("10.0.0.3")));
    assertEquals("fd00::3", LabContract.addressOf(LabContract.peerFileName("fd00::3")));
    assertEquals("10.0.0.3.sock", LabContract.addressOf("10.0.0.3.sock"), "not a peer's record");
    assertEquals("notes.txt", LabContract.addressOf("notes.txt"));
    assertEquals("", LabContract.addressOf(".peer"));
  }
}
