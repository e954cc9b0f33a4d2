package dev.swarmlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swarmlab.error.BadInputException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who holds a lab's lock, said even when the holder has only just taken it. */
class LabLockTest {
  @TempDir Path dir;

  @Test
  void theLoserNamesTheHolderEvenWhenItHasNotWrittenItsNameYet() throws Exception {
    Path root = dir.resolve(".swarmlab");
    Files.createDirectory(
        root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try (FileChannel holder =
            FileChannel.open(
                root.resolve("lab.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock = holder.lock()) {
      // the holder writes who it is a moment after it has the lock, as a racing up does
      CompletableFuture<Void> writes =
          CompletableFuture.runAsync(
              () -> {
                try {
                  TimeUnit.MILLISECONDS.sleep(100);
                  holder.write(
                      ByteBuffer.wrap("4242 started\n".getBytes(StandardCharsets.US_ASCII)), 0);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });

      BadInputException e =
          assertThrows(BadInputException.class, () -> LabLock.take(root, "lab", "started"));

      assertEquals(
          "lab 'lab' is being started by another swarmlab (pid 4242); wait for it to finish",
          e.getMessage());
      writes.get(10, TimeUnit.SECONDS);
    }
  }
}
