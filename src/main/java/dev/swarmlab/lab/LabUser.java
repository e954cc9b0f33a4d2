package dev.swarmlab.lab;

import dev.swarmlab.plan.LabContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user a lab's containers run as: the user running swarmlab, so that the control sockets and
 * everything the containers write to the host belong to that user; or, when that is root, the
 * images' own unprivileged user (uid and gid 10001), unless this machine already has a user or
 * group of that id (it would then own the lab's control directory): the next id free of both.
 *
 * @param uid the user id the containers run as
 * @param gid their group id
 * @param asRoot whether swarmlab itself runs as root (and so hands files to that user)
 */
public record LabUser(int uid, int gid, boolean asRoot) {

  /** The lab user for this process. */
  public static LabUser current() {
    int uid = attribute("unix:uid");
    int gid = attribute("unix:gid");
    if (uid == 0) {
      int id =
          freeId(
              LabContract.IMAGE_UID, ids(Path.of("/etc/passwd"), 2), ids(Path.of("/etc/group"), 2));
      return new LabUser(id, id, true);
    }
    return new LabUser(uid, gid, false);
  }

  /** The first id from {@code from} that is neither a user's nor a group's here. */
  static int freeId(int from, java.util.Set<Integer> users, java.util.Set<Integer> groups) {
    int id = from;
    while (users.contains(id) || groups.contains(id)) {
      id++;
    }
    return id;
  }

  /** The numeric ids in field {@code field} (0-based) of a passwd- or group-style file. */
  static java.util.Set<Integer> ids(Path file, int field) {
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split(":", -1);
        if (f.length > field) {
          try {
            ids.add(Integer.parseInt(f[field]));
          } catch (NumberFormatException e) {
            // a comment or a malformed line
          }
        }
      }
    } catch (IOException e) {
      // no such file: no ids taken there
    }
    return ids;
  }

  /** {@code uid:gid}, as compose's {@code user:} takes it. */
  public String compose() {
    return uid + ":" + gid;
  }

  /** This process's own id ({@code unix:uid} or {@code unix:gid}), from the kernel's view of it. */
  private static int attribute(String name) {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), name);
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot tell which user runs swarmlab (" + name + " of /proc/self)", e);
    }
  }
}
