package dev.swarmlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabContract;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files swarmlab keeps for a lab: never written through a link, the control directory private.
 */
class LabFilesTest {
  @TempDir Path dir;

  @Test
  void theGeneratedPayloadIsNeverWrittenThroughALink() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim.txt"), "the user's own file\n");
    Path payload = Files.createDirectories(dir.resolve("lab/payload"));
    Files.createSymbolicLink(payload.resolve(PayloadLayout.BIG_FILE), victim);
    BadInputException e =
        assertThrows(BadInputException.class, () -> PayloadLayout.generate(payload, 4096));
    assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
    assertEquals("the user's own file\n", Files.readString(victim));
  }

  @Test
  void aLinkInPlaceOfThePayloadDirectoryIsRefused() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Path lab = Files.createDirectories(dir.resolve("lab"));
    Files.createSymbolicLink(lab.resolve("payload"), elsewhere);
    assertThrows(
        BadInputException.class, () -> PayloadLayout.generate(lab.resolve("payload"), 4096));
    try (var files = Files.list(elsewhere)) {
      assertEquals(0, files.count(), "nothing written where the link leads");
    }
  }

  @Test
  void aStateDirectoryThatIsALinkIsFollowedOnceToItsRealPath() throws Exception {
    Path real = Files.createDirectories(dir.resolve("big-disk/state"));
    Path state = Files.createSymbolicLink(dir.resolve(".swarmlab"), real);
    assertEquals(real.toRealPath().resolve("demo"), LabFiles.labDir(state, "demo"));
  }

  @Test
  void aLinkInPlaceOfTheControlDirectoryIsRefused() throws Exception {
    Path lab = Files.createDirectories(dir.resolve("lab"));
    Files.createSymbolicLink(
        lab.resolve(LabContract.CONTROL_DIR), Files.createDirectories(dir.resolve("other")));
    assertThrows(BadInputException.class, () -> LabFiles.controlDir(lab, LabUser.current()));
  }

  @Test
  void theControlDirectoryIsTheLabUsersAloneAndLosesOldSockets() throws Exception {
    Path lab = Files.createDirectories(dir.resolve("lab"));
    Path control = Files.createDirectories(lab.resolve(LabContract.CONTROL_DIR));
    Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path stale = Files.createFile(control.resolve("10.0.0.9.sock"));
    LabUser user = LabUser.current();
    assertEquals(control, LabFiles.controlDir(lab, user));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(control)));
    assertEquals(
        user.uid(), (Integer) Files.getAttribute(control, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    assertFalse(Files.exists(stale));
  }

  @Test
  void aDirectoryOtherUsersCanChangeIsRefused() throws Exception {
    Path payload = Files.createDirectories(dir.resolve("shared/payload"));
    Files.setPosixFilePermissions(payload, PosixFilePermissions.fromString("rwxrwxrwx"));
    BadInputException e =
        assertThrows(BadInputException.class, () -> PayloadLayout.generate(payload, 4096));
    assertTrue(
        e.getMessage().contains("can be changed by other users")
            && e.getMessage().contains("chmod go-w"),
        e.getMessage());
    try (var files = Files.list(payload)) {
      assertEquals(0, files.count(), "nothing written there");
    }
  }

  @Test
  void asRootTheLabRunsAsTheImagesUserUnlessThisMachineHasThatId() throws Exception {
    assertEquals(
        10001, LabUser.freeId(10001, java.util.Set.of(0, 1000), java.util.Set.of(0, 1000)));
    assertEquals(10003, LabUser.freeId(10001, java.util.Set.of(10001), java.util.Set.of(10002)));
    Path passwd =
        Files.writeString(
            dir.resolve("passwd"),
            "root:x:0:0::/root:/bin/sh\nlab:x:10001:10001::/home/lab:/bin/sh\n#:x:y\n");
    assertEquals(java.util.Set.of(0, 10001), LabUser.ids(passwd, 2));
    assertEquals(java.util.Set.of(), LabUser.ids(dir.resolve("none"), 2));
  }

  @Test
  void aPurgeDeletesLinksNotWhatTheyLeadTo() throws Exception {
    Path victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("keep.txt"), "keep");
    Path lab = Files.createDirectories(dir.resolve("lab/payload"));
    Files.writeString(lab.resolve("disk.img"), "12345");
    Files.createSymbolicLink(lab.resolve("sneaky"), victim);
    assertEquals(5, LabFiles.deleteTree(dir.resolve("lab")));
    assertFalse(Files.exists(dir.resolve("lab")));
    assertTrue(Files.exists(victim.resolve("keep.txt")));
  }

  @Test
  void aPurgeThatKeepsTheRunsDeletesAllElseAndNoLinksTarget() throws Exception {
    Path victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("keep.txt"), "keep");
    Path lab = Files.createDirectories(dir.resolve("lab"));
    Files.writeString(lab.resolve("docker-compose.yml"), "123"); // 3 bytes
    Path payload = Files.createDirectories(lab.resolve("payload/generated"));
    Files.writeString(payload.resolve("file-1.bin"), "12345678"); // 8 bytes
    Files.createSymbolicLink(lab.resolve("sneaky"), victim);
    Files.createSymbolicLink(payload.resolve("sneaky-file"), victim.resolve("keep.txt"));
    Path runs = Files.createDirectories(lab.resolve("runs/20261126T065755Z-60f76a84"));
    Files.writeString(runs.resolve("run.json"), "{}");

    assertEquals(11, LabFiles.deleteTreeExcept(lab, "runs"));

    try (var left = Files.list(lab)) {
      assertEquals(java.util.List.of(lab.resolve("runs")), left.toList());
    }
    assertEquals("{}", Files.readString(runs.resolve("run.json")));
    assertEquals("keep", Files.readString(victim.resolve("keep.txt")));
  }

  @Test
  void aPurgeWithNothingToKeepDeletesTheDirectoryToo() throws Exception {
    Path lab = Files.createDirectories(dir.resolve("lab/payload"));
    Files.writeString(lab.resolve("disk.img"), "12345");
    Files.createDirectories(dir.resolve("lab/runsx"));

    assertEquals(5, LabFiles.deleteTreeExcept(dir.resolve("lab"), "runs"));

    assertFalse(Files.exists(dir.resolve("lab"), LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aKeptEntryThatIsALinkIsKeptAsALink() throws Exception {
    Path victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("keep.txt"), "keep");
    Path lab = Files.createDirectories(dir.resolve("lab"));
    Files.writeString(lab.resolve("flood-password"), "pw");
    Files.createSymbolicLink(lab.resolve("runs"), victim);

    assertEquals(2, LabFiles.deleteTreeExcept(lab, "runs"));

    assertTrue(Files.isSymbolicLink(lab.resolve("runs")));
    assertFalse(Files.exists(lab.resolve("flood-password")));
    assertEquals("keep", Files.readString(victim.resolve("keep.txt")));
  }

  @Test
  void aPurgeOfALinkedLabDirectoryIsRefused() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Files.writeString(real.resolve("file"), "x");
    Path lab = Files.createSymbolicLink(dir.resolve("lab"), real);

    assertThrows(BadInputException.class, () -> LabFiles.deleteTreeExcept(lab, "runs"));

    assertEquals("x", Files.readString(real.resolve("file")));
  }
}
