package dev.swarmlab.lab;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The files swarmlab keeps for a lab on the host, under {@code .swarmlab/PROJECT/}. Nothing is
 * written through a symbolic link: {@code .swarmlab} itself may be one (it is resolved once, to
 * keep state on another disk), but a link anywhere below it is refused, so a planted link can never
 * make swarmlab write to, or hand to the lab's user, a file it did not make.
 */
final class LabFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  private LabFiles() {}

  /** {@code stateDir/project} with {@code stateDir}'s real path when it exists; nothing is made. */
  static Path labDir(Path stateDir, String project) {
    return stateRoot(stateDir).resolve(project);
  }

  /** {@code stateDir} by its real path when it exists (it may be a link, once); nothing is made. */
  static Path stateRoot(Path stateDir) {
    Path root = stateDir.toAbsolutePath().normalize();
    try {
      if (Files.exists(root)) {
        root = root.toRealPath();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + root, e);
    }
    return root;
  }

  /**
   * Makes {@code dir} (and its parents) unless it is there; refuses it if it is a link, or if
   * someone else could change what is in it (writable by others, or by a group not the user's own),
   * since they could then swap a file swarmlab writes for a link.
   */
  static Path directory(Path dir) {
    refuseLink(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + dir, e);
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new BadInputException(dir + " is not a directory; remove it");
    }
    try {
      Set<PosixFilePermission> perms =
          Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      int group = (Integer) Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
      int myGroup = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
      if (perms.contains(PosixFilePermission.OTHERS_WRITE)
          || (perms.contains(PosixFilePermission.GROUP_WRITE) && group != myGroup)) {
        throw new BadInputException(
            dir
                + " can be changed by other users; swarmlab keeps a lab's files only where they cannot: chmod go-w "
                + dir);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // no POSIX permissions to read here: nothing to refuse on
    }
    return dir;
  }

  /**
   * The lab's control directory, where each peer opens its SCGI socket: made if missing, then owned
   * by the lab's user and open to that user only; sockets left by an earlier lab are removed.
   */
  static Path controlDir(Path labDir, LabUser user) {
    Path dir = labDir.resolve(LabContract.CONTROL_DIR);
    refuseLink(dir);
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw new BadInputException(dir + " is not a directory; remove it");
      }
      handTo(dir, user);
      Files.setPosixFilePermissions(dir, OWNER_ONLY);
      try (DirectoryStream<Path> sockets = Files.newDirectoryStream(dir, "*.sock")) {
        for (Path s : sockets) {
          Files.deleteIfExists(s);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new BadInputException(
          "cannot prepare the lab's control directory "
              + dir
              + ": "
              + e.getMessage()
              + "; remove it and run up again");
    }
  }

  /**
   * Deletes {@code dir} and everything below it; returns the bytes freed. Each entry is opened and
   * deleted relative to its directory's open handle ({@code openat}/{@code unlinkat}), never by
   * path: a link, or a directory swapped for a link while this runs, is deleted, never followed.
   */
  static long deleteTree(Path dir) {
    refuseLink(dir);
    try (DirectoryStream<Path> top = Files.newDirectoryStream(dir)) {
      if (!(top instanceof SecureDirectoryStream<Path> secure)) {
        throw new UncheckedIOException(
            new IOException("this system cannot delete " + dir + " without following links"));
      }
      long freed = deleteContents(secure);
      Files.delete(dir);
      return freed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /**
   * Deletes everything in {@code dir} but its entry {@code kept}, as {@link #deleteTree} does;
   * deletes {@code dir} too when nothing is kept. Returns the bytes freed.
   */
  static long deleteTreeExcept(Path dir, String kept) {
    refuseLink(dir);
    try (DirectoryStream<Path> top = Files.newDirectoryStream(dir)) {
      if (!(top instanceof SecureDirectoryStream<Path> secure)) {
        throw new UncheckedIOException(
            new IOException("this system cannot delete " + dir + " without following links"));
      }
      long freed = deleteContents(secure, kept);
      if (!Files.exists(dir.resolve(kept), LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(dir);
      }
      return freed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static long deleteContents(SecureDirectoryStream<Path> dir) throws IOException {
    return deleteContents(dir, null);
  }

  private static long deleteContents(SecureDirectoryStream<Path> dir, String kept)
      throws IOException {
    long freed = 0;
    List<Path> names = new ArrayList<>();
    dir.forEach(p -> names.add(p.getFileName()));
    names.removeIf(n -> n.toString().equals(kept));
    for (Path name : names) {
      BasicFileAttributes attrs =
          dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
      if (attrs.isDirectory()) {
        try (SecureDirectoryStream<Path> sub =
            dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
          freed += deleteContents(sub);
        }
        dir.deleteDirectory(name);
      } else {
        freed += attrs.isRegularFile() ? attrs.size() : 0;
        dir.deleteFile(name);
      }
    }
    return freed;
  }

  /**
   * The bytes of the regular files below {@code dir} (links not followed); 0 if it is not there.
   */
  static long size(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    try (var walk = Files.walk(dir)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .mapToLong(p -> p.toFile().length())
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  /**
   * Refuses a {@code --data} that the lab's user cannot read, when that user is not the one running
   * swarmlab (swarmlab runs as root): the first unreadable file or directory is named.
   */
  static void requireReadableBy(Path data, LabUser user) {
    if (!user.asRoot()) {
      return; // the lab runs as the user who could read it to start it
    }
    try (var walk = Files.walk(data)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!readableBy(p, user)) {
          throw new BadInputException(
              "--data: "
                  + p
                  + " cannot be read by the lab's user (uid "
                  + user.uid()
                  + "; swarmlab runs as root, so the lab"
                  + " runs as the images' own user): make it readable to all (chmod -R a+rX), or run swarmlab as its owner");
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new BadInputException("--data: cannot read " + data + ": " + e.getMessage());
    }
  }

  private static boolean readableBy(Path p, LabUser user) throws IOException {
    var attrs =
        Files.readAttributes(
            p, java.nio.file.attribute.PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.isSymbolicLink()) {
      return true; // what a link leads to is checked where the walk meets it, or is outside the
      // mount
    }
    Set<PosixFilePermission> perms = attrs.permissions();
    boolean dir = attrs.isDirectory();
    int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    int gid = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    if (uid == user.uid()) {
      return perms.contains(PosixFilePermission.OWNER_READ)
          && (!dir || perms.contains(PosixFilePermission.OWNER_EXECUTE));
    }
    if (gid == user.gid()) {
      return perms.contains(PosixFilePermission.GROUP_READ)
          && (!dir || perms.contains(PosixFilePermission.GROUP_EXECUTE));
    }
    return perms.contains(PosixFilePermission.OTHERS_READ)
        && (!dir || perms.contains(PosixFilePermission.OTHERS_EXECUTE));
  }

  /**
   * Removes the peers' sockets, and what a rerun left, from the lab's control directory, if any.
   */
  static void removeSockets(Path labDir) {
    Path dir = labDir.resolve(LabContract.CONTROL_DIR);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (DirectoryStream<Path> sockets = Files.newDirectoryStream(dir, "*.{sock,stopped,go}")) {
      for (Path s : sockets) {
        Files.deleteIfExists(s);
      }
    } catch (IOException e) {
      // a socket left behind is harmless: the next up removes it
    }
    removeRerunFile(labDir);
  }

  /**
   * Deletes the lab's rerun file ({@link LabContract#RERUN_FILE}): a lab that starts anew must not
   * find the rates, or the stop, of an earlier lab's rerun.
   */
  static void removeRerunFile(Path labDir) {
    try {
      Files.deleteIfExists(labDir.resolve(LabContract.CONTROL_DIR).resolve(LabContract.RERUN_FILE));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot remove the lab's rerun file", e);
    }
  }

  /** A new random password in {@code file} (only the lab's user can read it); returns it. */
  static String newPassword(Path file, LabUser user) {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    refuseLink(file);
    try {
      Path tmp =
          Files.createTempFile(
              file.getParent(),
              ".password",
              ".tmp",
              PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
      try (OutputStream out =
          Files.newOutputStream(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        out.write((password + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      handTo(tmp, user);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return password;
  }

  /** When swarmlab runs as root, gives {@code path} to the lab's user (the images' user). */
  private static void handTo(Path path, LabUser user) throws IOException {
    if (user.asRoot()) {
      Files.setAttribute(path, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
    }
  }

  /** Refuses {@code path} if it is a symbolic link. */
  static void refuseLink(Path path) {
    if (Files.isSymbolicLink(path)) {
      throw new BadInputException(
          path
              + " is a symbolic link; swarmlab does not write through links below .swarmlab: remove it");
    }
  }
}
