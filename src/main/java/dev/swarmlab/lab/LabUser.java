package dev.swarmlab.lab;

import dev.swarmlab.plan.LabContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user a lab's containers run as: the user running swarmlab, so that the control sockets and
 * everything the containers write to the host belong to that user; or, when that is root, the
 * images' own unprivileged user.
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
      return new LabUser(LabContract.IMAGE_UID, LabContract.IMAGE_GID, true);
    }
    return new LabUser(uid, gid, false);
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
      throw new IllegalStateException("cannot tell which user runs swarmlab (" + name + " of /proc/self)", e);
    }
  }
}
