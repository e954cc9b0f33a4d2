package dev.swarmlab.lab;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.plan.Payload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Where a lab's payload lives on the host and what it holds: its mount, how many torrents it makes
 * (one per top-level file and directory) and its size. A generated payload is written on demand,
 * deterministically (the same size always gives the same bytes), and reused while it is intact.
 *
 * @param source the host path to mount
 * @param target where seeders and the mktorrent job see it
 */
public record PayloadLayout(Path source, String target, int torrents, long bytes) {

  /** The small files of a generated payload, beside its big file. */
  static final List<Long> SMALL_FILES = List.of(64L << 10, 192L << 10, 320L << 10);

  /** Where a generated payload goes, under the lab's directory. */
  static final String GENERATED_DIR = "payload";

  static final String BIG_FILE = "disk.img";
  static final String SMALL_DIR = "photos";
  private static final String MARKER = ".swarmlab-payload";

  /** The layout of {@code payload}; a generated one goes under {@code labDir/payload}. */
  public static PayloadLayout of(Payload payload, Path labDir) {
    if (payload instanceof Payload.UserData u) {
      // The real path: what is mounted is what was checked, whatever links lead to it.
      Path real;
      try {
        real = u.path().toRealPath();
      } catch (IOException e) {
        throw new BadInputException("--data: cannot read " + u.path() + ": " + e.getMessage());
      }
      return ofUserData(real);
    }
    long size = ((Payload.Generated) payload).sizeBytes();
    return new PayloadLayout(
        labDir.resolve(GENERATED_DIR).toAbsolutePath().normalize(),
        LabContract.PAYLOAD_MOUNT,
        2,
        size + SMALL_FILES.stream().mapToLong(Long::longValue).sum());
  }

  /** The size of the big file of a generated payload of {@code totalBytes} in all. */
  static long generatedSize(long totalBytes) {
    return totalBytes - SMALL_FILES.stream().mapToLong(Long::longValue).sum();
  }

  private static PayloadLayout ofUserData(Path path) {
    try {
      if (Files.isDirectory(path)) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(path)) {
          entries = list.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
        if (entries.isEmpty()) {
          throw new BadInputException("--data: nothing to share: " + path + " is empty");
        }
        long bytes = 0;
        for (Path e : entries) {
          bytes += size(e);
        }
        return new PayloadLayout(path, LabContract.PAYLOAD_MOUNT, entries.size(), bytes);
      }
      return new PayloadLayout(
          path, LabContract.PAYLOAD_MOUNT + "/" + path.getFileName(), 1, Files.size(path));
    } catch (IOException e) {
      throw new BadInputException("--data: cannot read " + path + ": " + e.getMessage());
    }
  }

  private static long size(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return Files.size(p);
    }
    try (Stream<Path> walk = Files.walk(p)) {
      long total = 0;
      for (Path f : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        total += Files.size(f);
      }
      return total;
    }
  }

  /**
   * Writes a generated payload unless an intact one of the same size is already there.
   *
   * @return whether it wrote one
   */
  static boolean generate(Path dir, long sizeBytes) {
    String stamp = "swarmlab payload v1 size=" + sizeBytes + "\n";
    Path marker = dir.resolve(MARKER);
    LabFiles.directory(dir);
    LabFiles.directory(dir.resolve(SMALL_DIR));
    for (Path p : List.of(marker, dir.resolve(BIG_FILE))) {
      LabFiles.refuseLink(p);
    }
    for (int i = 0; i < SMALL_FILES.size(); i++) {
      LabFiles.refuseLink(smallFile(dir, i));
    }
    try {
      if (Files.exists(marker)
          && Files.readString(marker, StandardCharsets.UTF_8).equals(stamp)
          && Files.size(dir.resolve(BIG_FILE)) == sizeBytes) {
        return false;
      }
      Files.deleteIfExists(marker);
      write(dir.resolve(BIG_FILE), sizeBytes, 1);
      for (int i = 0; i < SMALL_FILES.size(); i++) {
        write(smallFile(dir, i), SMALL_FILES.get(i), 2 + i);
      }
      try (OutputStream out = Files.newOutputStream(marker, NO_LINK_WRITE)) {
        out.write(stamp.getBytes(StandardCharsets.UTF_8));
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the payload under " + dir, e);
    }
  }

  private static Path smallFile(Path dir, int i) {
    return dir.resolve(SMALL_DIR).resolve("photo-" + (i + 1) + ".raw");
  }

  /** Create or truncate, and fail rather than follow a link planted in the file's place. */
  private static final OpenOption[] NO_LINK_WRITE = {
    StandardOpenOption.CREATE,
    StandardOpenOption.TRUNCATE_EXISTING,
    StandardOpenOption.WRITE,
    LinkOption.NOFOLLOW_LINKS
  };

  private static void write(Path file, long size, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] block = new byte[1 << 20];
    try (OutputStream out =
        new BufferedOutputStream(Files.newOutputStream(file, NO_LINK_WRITE), 1 << 20)) {
      for (long left = size; left > 0; ) {
        for (int i = 0; i < block.length; i += 8) {
          long v = random.nextLong();
          for (int b = 0; b < 8; b++) {
            block[i + b] = (byte) (v >>> (8 * b));
          }
        }
        int n = (int) Math.min(block.length, left);
        out.write(block, 0, n);
        left -= n;
      }
    }
  }
}
