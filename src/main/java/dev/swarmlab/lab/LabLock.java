package dev.swarmlab.lab;

import dev.swarmlab.error.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One lab, one owner: {@code up} and {@code down} of a project hold {@code .swarmlab/PROJECT.lock}
 * while they change the lab, so a second one of either exits at once instead of racing the first.
 * The lock is the kernel's ({@code flock}-style, on an open file): it is released however the
 * holder ends, even killed, so it never goes stale. It lies beside the lab's directory, not in it,
 * so that deleting the lab's files never deletes a lock someone holds. The file says who holds it,
 * for the message.
 */
public final class LabLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;
  private final String project;

  private LabLock(FileChannel channel, FileLock lock, String project) {
    this.channel = channel;
    this.lock = lock;
    this.project = project;
  }

  /** Fails unless this is the lock of {@code project}, still held. */
  void requireHeldFor(String project) {
    if (!this.project.equals(project) || !lock.isValid()) {
      throw new IllegalStateException(
          "the lock of lab '" + this.project + "' is not held for lab '" + project + "'");
    }
  }

  /**
   * Takes the lock of lab {@code project} in {@code root} ({@code .swarmlab}, made if needed) for
   * {@code doing} ("started", "removed").
   *
   * @throws BadInputException if another swarmlab holds it
   */
  static LabLock take(Path root, String project, String doing) {
    LabFiles.directory(root);
    return open(root, project, doing);
  }

  /** Like {@link #take}, but takes nothing (null) when there is no {@code .swarmlab} here. */
  static LabLock takeIfPresent(Path root, String project, String doing) {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    return open(root, project, doing);
  }

  private static LabLock open(Path root, String project, String doing) {
    Path file = root.resolve(project + ".lock");
    LabFiles.refuseLink(file);
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        String holder = holder(channel);
        channel.close();
        throw new BadInputException(
            "lab '" + project + "' is being " + holder + "; wait for it to finish");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + " " + doing + "\n")
                  .getBytes(StandardCharsets.US_ASCII)),
          0);
      return new LabLock(channel, lock, project);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock " + file, e);
    }
  }

  /**
   * "started by another swarmlab (pid N)", from what the holder wrote in the file. The holder
   * writes it just after it takes the lock, so an empty file is read again for a moment.
   */
  private static String holder(FileChannel channel) throws IOException {
    String[] text = {};
    for (int attempt = 0; attempt < 25; attempt++) {
      ByteBuffer buffer = ByteBuffer.allocate(64);
      channel.read(buffer, 0);
      text =
          new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII)
              .strip()
              .split(" ");
      if (text.length == 2 || !sleep(20)) {
        break;
      }
    }
    String doing = text.length == 2 && text[1].matches("[a-z]+") ? text[1] : "changed";
    String pid = text.length >= 1 && text[0].matches("\\d{1,10}") ? " (pid " + text[0] + ")" : "";
    return doing + " by another swarmlab" + pid;
  }

  /** False if interrupted. */
  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the failure being reported matters more
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }
}
