package dev.swarmlab.compose;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the renderer needs beyond the plan, worked out by the caller.
 *
 * @param images image reference per image name ({@code tracker}, {@code rtorrent}, ...)
 * @param payloadSource absolute host path of the payload (a file or a directory)
 * @param payloadTarget where it is mounted in containers: {@code /data} for a directory whose
 *     entries are shared, {@code /data/NAME} for a single file or directory
 * @param torrents how many torrents the mktorrent job will make
 * @param payloadBytes the total size of the payload
 * @param user the {@code uid:gid} every container runs as
 * @param controlDir absolute host path of the lab's control directory (the peers' SCGI sockets)
 * @param floodPasswordFile absolute host path of the file with the Flood user's password
 */
public record RenderInputs(
    Map<String, String> images,
    Path payloadSource,
    String payloadTarget,
    int torrents,
    long payloadBytes,
    String user,
    Path controlDir,
    Path floodPasswordFile) {

  public RenderInputs {
    images = Map.copyOf(images);
  }
}
