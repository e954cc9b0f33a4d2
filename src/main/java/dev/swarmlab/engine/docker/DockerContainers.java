package dev.swarmlab.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import dev.swarmlab.compose.ServiceSpec;
import dev.swarmlab.engine.ContainerAction;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.ContainerRuntime;
import dev.swarmlab.engine.Engine.DownResult;
import dev.swarmlab.engine.Futures;
import dev.swarmlab.engine.Helper;
import dev.swarmlab.error.LabFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** {@link ContainerRuntime} on the Docker Engine API: containers, networks and volumes by label. */
final class DockerContainers implements ContainerRuntime {
  private final DockerApi api;
  private final ExecutorService pool;

  /**
   * @param pool runs removals in parallel
   */
  DockerContainers(DockerApi api, ExecutorService pool) {
    this.api = api;
    this.pool = pool;
  }

  @Override
  public boolean ensureNetwork(String name, Map<String, String> labels) {
    var client = api.client();
    if (client.listNetworksCmd().withNameFilter(name).exec().stream()
        .anyMatch(n -> n.getName().equals(name))) {
      return false;
    }
    client
        .createNetworkCmd()
        .withName(name)
        .withDriver("bridge")
        .withCheckDuplicate(true)
        .withLabels(labels)
        .exec();
    return true;
  }

  @Override
  public boolean ensureVolume(String name, Map<String, String> labels) {
    try {
      api.client().inspectVolumeCmd(name).exec();
      return false; // a lab's volumes outlive a down without --volumes
    } catch (NotFoundException e) {
      api.client().createVolumeCmd().withName(name).withLabels(labels).exec();
      return true;
    }
  }

  @Override
  public String start(
      String project, ServiceSpec service, int number, Path configFile, String runId) {
    ContainerRequest request = ContainerRequest.of(project, service, number, configFile, runId);
    try {
      String id = request.applyTo(api.client().createContainerCmd(request.image())).exec().getId();
      api.client().startContainerCmd(id).exec();
      return id;
    } catch (DockerException e) {
      throw new LabFailedException(
          "cannot start " + request.name() + ": " + EngineErrors.rootMessage(e), e);
    }
  }

  @Override
  public State state(String id) {
    InspectContainerResponse.ContainerState s =
        api.client().inspectContainerCmd(id).exec().getState();
    Long code = s.getExitCodeLong();
    return new State(
        Boolean.TRUE.equals(s.getRunning()),
        code == null ? -1 : code,
        s.getHealth() == null ? "none" : s.getHealth().getStatus());
  }

  @Override
  public OptionalInt awaitExit(String id, Duration timeout) {
    try {
      WaitContainerResultCallback wait =
          api.client().waitContainerCmd(id).exec(new WaitContainerResultCallback());
      if (!wait.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        wait.close();
        return OptionalInt.empty();
      }
      return OptionalInt.of(wait.awaitStatusCode());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabFailedException("interrupted", e);
    } catch (IOException | DockerClientException | DockerException e) {
      throw new LabFailedException(EngineErrors.rootMessage(e), e);
    }
  }

  @Override
  public String lastLogLine(String id) {
    List<String> lines = new CopyOnWriteArrayList<>();
    try {
      api.client()
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(5)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  new String(frame.getPayload(), StandardCharsets.UTF_8)
                      .lines()
                      .filter(l -> !l.isBlank())
                      .forEach(lines::add);
                }
              })
          .awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      return "(no logs: " + EngineErrors.rootMessage(e) + ")";
    }
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
  }

  @Override
  public List<ContainerInfo> list(Map<String, String> labels) {
    return ContainerListing.list(api, labels);
  }

  @Override
  public void act(String id, ContainerAction action) {
    try {
      switch (action) {
        case KILL -> api.client().killContainerCmd(id).exec();
        case RESTART -> api.client().restartContainerCmd(id).withTimeout(10).exec();
        case PAUSE -> api.client().pauseContainerCmd(id).exec();
        case UNPAUSE -> api.client().unpauseContainerCmd(id).exec();
      }
    } catch (NotFoundException e) {
      throw new LabFailedException("it is gone (" + EngineErrors.rootMessage(e) + ")", e);
    } catch (DockerException e) {
      throw new LabFailedException(EngineErrors.rootMessage(e), e);
    }
  }

  @Override
  public void signal(String id, String signal) {
    try {
      api.client().killContainerCmd(id).withSignal(signal).exec();
    } catch (NotFoundException e) {
      throw new LabFailedException("it is gone (" + EngineErrors.rootMessage(e) + ")", e);
    } catch (DockerException e) {
      throw new LabFailedException(EngineErrors.rootMessage(e), e);
    }
  }

  @Override
  public Map<String, byte[]> readFiles(String id, String dir, String suffix, long maxBytes) {
    try (InputStream tar = api.client().copyArchiveFromContainerCmd(id, dir).exec()) {
      return filesIn(tar, suffix, maxBytes);
    } catch (NotFoundException e) {
      throw new LabFailedException("it is gone (" + EngineErrors.rootMessage(e) + ")", e);
    } catch (DockerException e) {
      throw new LabFailedException(EngineErrors.rootMessage(e), e);
    } catch (IOException e) {
      throw new LabFailedException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The most entries {@link #filesIn} reads: a directory of torrents holds a few hundred. */
  static final int MAX_ENTRIES = 100_000;

  /**
   * The regular files directly in the one directory that {@code tar} holds (as the engine archives
   * a directory: DIR/, then DIR/NAME...) whose names end with {@code suffix}, by name: at most
   * {@code maxBytes} in all. Links, devices, and what is in subdirectories are left out.
   *
   * @throws LabFailedException if the files hold more than {@code maxBytes}, or the archive has
   *     more than {@link #MAX_ENTRIES} entries
   * @throws IOException if the archive cannot be read, or ends within a file
   */
  static Map<String, byte[]> filesIn(InputStream tar, String suffix, long maxBytes)
      throws IOException {
    Map<String, byte[]> out = new java.util.TreeMap<>();
    long total = 0;
    int seen = 0;
    TarArchiveInputStream entries = new TarArchiveInputStream(tar);
    TarArchiveEntry e;
    while ((e = entries.getNextEntry()) != null) {
      if (++seen > MAX_ENTRIES) {
        throw new LabFailedException("more than " + MAX_ENTRIES + " files to read");
      }
      String[] path = e.getName().split("/");
      boolean regular =
          e.getLinkFlag() == TarConstants.LF_NORMAL || e.getLinkFlag() == TarConstants.LF_OLDNORM;
      if (!regular || path.length != 2 || !path[1].endsWith(suffix)) {
        continue;
      }
      total += e.getSize();
      if (e.getSize() < 0 || total > maxBytes) {
        throw new LabFailedException(
            "the files *" + suffix + " hold more than " + maxBytes + " bytes");
      }
      byte[] bytes = entries.readNBytes((int) e.getSize());
      if (bytes.length != e.getSize()) {
        throw new IOException("the archive ends within " + e.getName());
      }
      out.put(path[1], bytes);
    }
    return out;
  }

  @Override
  public Helper.Result exec(String id, List<String> command, Duration timeout, int maxOutput) {
    var client = api.client();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      String exec =
          client
              .execCreateCmd(id)
              .withCmd(command.toArray(String[]::new))
              .withAttachStdout(true)
              .withAttachStderr(true)
              .exec()
              .getId();
      boolean ended =
          client
              .execStartCmd(exec)
              .exec(
                  new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                      synchronized (out) {
                        int room = maxOutput - out.size();
                        if (room > 0) {
                          byte[] b = frame.getPayload();
                          out.write(b, 0, Math.min(room, b.length));
                        }
                      }
                    }
                  })
              .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        throw new LabFailedException("did not end within " + timeout.toSeconds() + " s");
      }
      Long code = client.inspectExecCmd(exec).exec().getExitCodeLong();
      synchronized (out) {
        return new Helper.Result(
            code == null ? -1 : code.intValue(), out.toString(StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabFailedException("interrupted", e);
    } catch (NotFoundException e) {
      throw new LabFailedException("it is gone (" + EngineErrors.rootMessage(e) + ")", e);
    } catch (DockerException e) {
      throw new LabFailedException(EngineErrors.rootMessage(e), e);
    }
  }

  @Override
  public void stopAndRemove(String id, Duration grace) {
    try {
      api.client().stopContainerCmd(id).withTimeout((int) Math.max(0, grace.toSeconds())).exec();
    } catch (NotFoundException e) {
      return;
    } catch (com.github.dockerjava.api.exception.NotModifiedException e) {
      // already stopped
    } catch (DockerException e) {
      throw new LabFailedException(EngineErrors.rootMessage(e), e);
    }
    removeContainer(id);
  }

  @Override
  public Helper.Result runHelper(Helper helper, Map<String, String> labels) {
    var client = api.client();
    HostConfig host =
        HostConfig.newHostConfig()
            .withNetworkMode(
                helper.networkOf() == null ? "none" : "container:" + helper.networkOf())
            .withCapDrop(Capability.ALL)
            .withCapAdd(
                helper.capabilities().stream().map(Capability::valueOf).toArray(Capability[]::new))
            .withReadonlyRootfs(true)
            .withSecurityOpts(List.of("no-new-privileges"));
    String id;
    try {
      String image =
          helper.image() != null
              ? helper.image()
              : client.inspectContainerCmd(helper.networkOf()).exec().getImageId();
      id =
          client
              .createContainerCmd(image)
              .withUser("0:0")
              .withEntrypoint(helper.command())
              .withCmd(List.of())
              .withLabels(labels)
              .withNetworkDisabled(helper.networkOf() == null)
              .withHostConfig(host)
              .exec()
              .getId();
    } catch (NotFoundException e) {
      throw new LabFailedException("it is gone (" + EngineErrors.rootMessage(e) + ")", e);
    } catch (DockerException e) {
      throw new LabFailedException(EngineErrors.rootMessage(e), e);
    }
    try {
      client.startContainerCmd(id).exec();
      OptionalInt code = awaitExit(id, helper.timeout());
      if (code.isEmpty()) {
        throw new LabFailedException("did not end within " + helper.timeout().toSeconds() + " s");
      }
      return new Helper.Result(code.getAsInt(), output(id));
    } catch (NotFoundException e) {
      throw new LabFailedException("it is gone (" + EngineErrors.rootMessage(e) + ")", e);
    } catch (DockerException e) {
      throw new LabFailedException(EngineErrors.rootMessage(e), e);
    } finally {
      removeContainer(id);
    }
  }

  /** The last {@link Helper#MAX_OUTPUT} bytes a container printed. */
  private String output(String id) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      api.client()
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  synchronized (out) {
                    if (out.size() < 4 * Helper.MAX_OUTPUT) {
                      out.writeBytes(frame.getPayload());
                    }
                  }
                }
              })
          .awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[] all;
    synchronized (out) {
      all = out.toByteArray();
    }
    int from = Math.max(0, all.length - Helper.MAX_OUTPUT);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
  }

  @Override
  public DownResult remove(Map<String, String> labels, boolean volumes) {
    List<ContainerInfo> containers = list(labels);
    List<Future<?>> removals = new ArrayList<>();
    for (ContainerInfo c : containers) {
      removals.add(pool.submit(() -> removeContainer(c.id())));
    }
    Futures.awaitAll(removals);
    List<String> filter = ContainerListing.labelFilter(labels);
    int networks = 0;
    LabFailedException left = null;
    for (Network n : api.client().listNetworksCmd().withFilter("label", filter).exec()) {
      try {
        api.client().removeNetworkCmd(n.getId()).exec();
        networks++;
      } catch (NotFoundException e) {
        // already gone
      } catch (DockerException e) {
        // e.g. "has active endpoints": the engine still counts a container on it that it failed
        // to remove cleanly. Remove the rest, then say which network is left and why.
        left =
            new LabFailedException(
                "could not remove network "
                    + n.getName()
                    + ": "
                    + EngineErrors.rootMessage(e)
                    + "; run down again, or restart the Docker engine if it persists",
                e);
      }
    }
    int removedVolumes = 0;
    if (volumes) {
      List<InspectVolumeResponse> list =
          api.client().listVolumesCmd().withFilter("label", filter).exec().getVolumes();
      for (InspectVolumeResponse v : list == null ? List.<InspectVolumeResponse>of() : list) {
        try {
          api.client().removeVolumeCmd(v.getName()).exec();
          removedVolumes++;
        } catch (NotFoundException e) {
          // already gone
        } catch (DockerException e) {
          left =
              new LabFailedException(
                  "could not remove volume " + v.getName() + ": " + EngineErrors.rootMessage(e), e);
        }
      }
    }
    if (left != null) {
      throw left;
    }
    return new DownResult(containers.size(), networks, removedVolumes);
  }

  private void removeContainer(String id) {
    try {
      api.client().removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already gone
    }
  }
}
