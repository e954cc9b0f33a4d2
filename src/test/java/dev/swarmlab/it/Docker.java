package dev.swarmlab.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.swarmlab.engine.Labels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/** What integration tests look at in the engine, through Testcontainers' docker-java client. */
final class Docker {
  private Docker() {}

  /** The engine's client; fails (never skips) when no engine is reachable. */
  static DockerClient client() {
    return DockerClientFactory.instance().client();
  }

  static List<com.github.dockerjava.api.model.Container> containers(String project) {
    return client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.SWARMLAB_PROJECT, project))
        .exec();
  }

  /**
   * Container {@code number} of compose service {@code service} in {@code project}, by compose's
   * own labels; fails when there is none.
   */
  static com.github.dockerjava.api.model.Container container(
      String project, String service, int number) {
    return containers(project).stream()
        .filter(c -> service.equals(c.getLabels().get("com.docker.compose.service")))
        .filter(
            c ->
                String.valueOf(number)
                    .equals(c.getLabels().get("com.docker.compose.container-number")))
        .findFirst()
        .orElseThrow();
  }

  /** The helpers of {@code project} still there (none should outlive its command). */
  static List<com.github.dockerjava.api.model.Container> helpers(String project) {
    return client()
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.SWARMLAB_HELPER, project))
        .exec();
  }

  static long networks(String project) {
    return client()
        .listNetworksCmd()
        .withFilter("label", List.of(Labels.SWARMLAB_PROJECT + "=" + project))
        .exec()
        .size();
  }

  static long volumes(String project) {
    var v =
        client()
            .listVolumesCmd()
            .withFilter("label", List.of(Labels.SWARMLAB_PROJECT + "=" + project))
            .exec()
            .getVolumes();
    return v == null ? 0 : v.size();
  }

  /** What a container wrote to its standard output and error so far. */
  static String logs(String containerId) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    client()
        .logContainerCmd(containerId)
        .withStdOut(true)
        .withStdErr(true)
        .exec(
            new ResultCallback.Adapter<Frame>() {
              @Override
              public void onNext(Frame frame) {
                synchronized (out) {
                  out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
              }
            })
        .awaitCompletion(1, TimeUnit.MINUTES);
    return out.toString();
  }

  /** Runs {@code cmd} in a container and returns its standard output. */
  static String exec(String containerId, String... cmd) throws InterruptedException {
    DockerClient c = client();
    String exec =
        c.execCreateCmd(containerId)
            .withCmd(cmd)
            .withAttachStdout(true)
            .withAttachStderr(true)
            .exec()
            .getId();
    StringBuilder out = new StringBuilder();
    c.execStartCmd(exec)
        .exec(
            new ResultCallback.Adapter<Frame>() {
              @Override
              public void onNext(Frame frame) {
                if (frame.getStreamType() == com.github.dockerjava.api.model.StreamType.STDOUT) {
                  synchronized (out) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                  }
                }
              }
            })
        .awaitCompletion(2, TimeUnit.MINUTES);
    return out.toString();
  }
}
