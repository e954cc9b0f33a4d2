package dev.swarmlab.lab;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.engine.EngineHost;
import dev.swarmlab.error.BadInputException;
import org.junit.jupiter.api.Test;

/** up refuses, in one line, an engine whose containers cannot reach this machine's sockets. */
class LabReachTest {

  @Test
  void aLocalRootfulEngineIsTaken() {
    assertDoesNotThrow(
        () ->
            Lab.requireReachable(
                new EngineHost(
                    "unix:///var/run/docker.sock", true, false, false, "/var/lib/docker")));
  }

  @Test
  void anEngineOnAnotherMachineIsRefused() {
    for (String address : new String[] {"tcp://10.0.0.5:2376", "ssh://lab@build-box"}) {
      BadInputException e =
          assertThrows(
              BadInputException.class,
              () ->
                  Lab.requireReachable(
                      new EngineHost(address, false, false, false, "/var/lib/docker")));
      assertTrue(e.getMessage().contains(address + " is not on this machine"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void aRootlessEngineIsRefused() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                Lab.requireReachable(
                    new EngineHost(
                        "unix:///run/user/1000/docker.sock",
                        true,
                        true,
                        false,
                        "/home/u/.local/share/docker")));
    assertTrue(e.getMessage().contains("runs rootless"), e.getMessage());
  }

  @Test
  void anEngineInAVirtualMachineIsRefused() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                Lab.requireReachable(
                    new EngineHost(
                        "unix:///var/run/docker.sock", true, false, true, "/var/lib/docker")));
    assertTrue(e.getMessage().contains("virtual machine"), e.getMessage());
  }
}
