package dev.swarmlab.engine;

import java.time.Duration;
import java.util.List;

/**
 * A short-lived container run to its end beside a lab's container, in that container's network
 * namespace, with exactly the capabilities it needs (as root of the container: a capability given
 * to any other user is lost when it runs a program). It has no mounts and a read-only file system;
 * the lab's containers keep no capabilities.
 *
 * @param image the image to run; null for the image of the container it joins
 * @param networkOf the id of the container whose network namespace it joins; null for a namespace
 *     of its own with no network at all
 * @param capabilities the only capabilities it has ({@code NET_ADMIN})
 * @param command what it runs
 * @param timeout how long it may take
 */
public record Helper(
    String image,
    String networkOf,
    List<String> capabilities,
    List<String> command,
    Duration timeout) {

  /** The most of a helper's output kept: its last bytes, for errors. */
  public static final int MAX_OUTPUT = 8 << 10;

  public Helper {
    capabilities = List.copyOf(capabilities);
    command = List.copyOf(command);
  }

  /**
   * How a helper ended.
   *
   * @param exitCode its exit code
   * @param output what it printed, stdout and stderr, at most {@link #MAX_OUTPUT} bytes
   */
  public record Result(int exitCode, String output) {}
}
