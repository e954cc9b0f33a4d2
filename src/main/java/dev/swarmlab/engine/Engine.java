package dev.swarmlab.engine;

import dev.swarmlab.compose.ComposeProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** A container engine that runs labs. Implementations find everything they made by label. */
public interface Engine extends AutoCloseable {

  /**
   * The most containers {@link #up} creates and starts at once (the bound of {@code --parallel}).
   */
  int MAX_PARALLEL_STARTS = 64;

  /** Builds each image whose tag is missing; an image that is already there is left alone. */
  void prepareImages(List<ImageSource> images, BuildOptions options, Consumer<String> progress);

  /**
   * Whether the engine is reached on a unix socket of this machine, so that the host paths it
   * bind-mounts are this machine's paths (known without asking the engine).
   */
  boolean onThisMachine();

  /** What the engine says about the machine it runs on (one request to the engine). */
  EngineHost host();

  /**
   * Creates and starts the services of {@code project} enabled by {@code profiles}, in dependency
   * order, and returns once every dependency condition has been met and every container started.
   * Everything it creates is labelled with {@code run}'s id. If anything fails, what this call
   * created is removed before the exception propagates. If {@code run} is cancelled (from another
   * thread, as Ctrl-C does), during this call or after it returned, nothing more is created, the
   * requests already sent are waited for, and everything labelled with the run is removed before
   * {@link Cancellation#cancel} returns. Objects of other runs, of this project or any other, are
   * left alone.
   *
   * @param configFile the compose file {@code project} was read from, recorded in labels
   */
  void up(
      ComposeProject project,
      Set<String> profiles,
      Path configFile,
      Run run,
      Consumer<String> progress);

  /**
   * Creates and starts replicas {@code numbers} of service {@code service} of {@code project} (a
   * project {@link #up} applied), labelled with {@code run}'s id, {@code run}'s parallel starts at
   * a time, and returns their ids. If any fails, or {@code run} is cancelled during this call or
   * after it returned, the replicas of those numbers are removed, and nothing else.
   */
  List<String> addReplicas(
      ComposeProject project, String service, List<Integer> numbers, Path configFile, Run run);

  /**
   * Stops container {@code id} as {@code docker stop} does (SIGTERM, SIGKILL after {@code grace})
   * and removes it with its anonymous volumes; one already gone is left so.
   */
  void remove(String id, Duration grace);

  /** Every container of {@code project}, running or not, ordered by service and number. */
  List<ContainerInfo> list(String project);

  /**
   * Does {@code action} to container {@code id} (one {@link #list} gave).
   *
   * @throws dev.swarmlab.error.LabFailedException if the container is gone, or not in a state the
   *     action applies to
   */
  void act(String id, ContainerAction action);

  /**
   * Sends signal {@code signal} (its name, as {@code USR1}) to the main process of running
   * container {@code id}, for that process to act on as it is written to; the container is left
   * running.
   *
   * @throws dev.swarmlab.error.LabFailedException if the container is gone or not running
   */
  void signal(String id, String signal);

  /**
   * The regular files directly in directory {@code dir} of container {@code id} (running or not)
   * whose names end with {@code suffix}, by name, read through the engine: at most {@code maxBytes}
   * of them in all.
   *
   * @throws dev.swarmlab.error.LabFailedException if the container is gone, the directory cannot be
   *     read, or the files hold more than {@code maxBytes}
   */
  java.util.Map<String, byte[]> readFiles(String id, String dir, String suffix, long maxBytes);

  /**
   * Starts container {@code id} of {@code service}, a one-shot job that has exited, again as it was
   * created (its command, mounts and user), and returns once it has exited with code 0.
   *
   * @throws dev.swarmlab.error.LabFailedException if it is gone, exits with another code (saying
   *     its last line), or does not end within {@code timeout}
   */
  void runAgain(String id, String service, java.time.Duration timeout);

  /**
   * Runs {@code command} in running container {@code id}, as its own user, to its end: its exit
   * code and output (stdout and stderr, the first {@code maxOutput} bytes).
   *
   * @throws dev.swarmlab.error.LabFailedException if the container is gone or not running, or the
   *     command does not end within {@code timeout}
   */
  Helper.Result exec(String id, List<String> command, Duration timeout, int maxOutput);

  /**
   * Runs {@code helper} for lab {@code project} to its end and removes it. A helper left behind
   * (the process was killed while it ran) is removed by {@link #down}; {@link #list} never shows
   * one.
   *
   * @throws dev.swarmlab.error.LabFailedException if it cannot be run (the container it joins is
   *     gone or not running) or does not end within its timeout
   */
  Helper.Result runHelper(String project, Helper helper);

  /**
   * Removes every container and network of {@code project} (and any helper of it left behind), and
   * its volumes if asked.
   */
  DownResult down(String project, boolean volumes);

  @Override
  void close();

  /** What {@link #down} removed. */
  record DownResult(int containers, int networks, int volumes) {
    public boolean nothing() {
      return containers + networks + volumes == 0;
    }
  }
}
