package dev.swarmlab.engine;

import dev.swarmlab.compose.ComposeProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@link Engine} built on a {@link ContainerRuntime}: applying, listing and removing a project
 * are the same for every such engine (by {@link ProjectApplier} and swarmlab's project label), so
 * an implementation provides only its runtime, images and host.
 */
public abstract class RuntimeEngine implements Engine {

  /** The containers, networks and volumes this engine works on. */
  protected abstract ContainerRuntime runtime();

  @Override
  public final void up(
      ComposeProject project,
      Set<String> profiles,
      Path configFile,
      Run run,
      Consumer<String> progress) {
    new ProjectApplier(runtime()).up(project, profiles, configFile, run, progress);
  }

  @Override
  public final List<ContainerInfo> list(String project) {
    return runtime().list(Map.of(Labels.SWARMLAB_PROJECT, project));
  }

  @Override
  public final void act(String id, ContainerAction action) {
    runtime().act(id, action);
  }

  @Override
  public final void signal(String id, String signal) {
    runtime().signal(id, signal);
  }

  @Override
  public final java.util.Map<String, byte[]> readFiles(
      String id, String dir, String suffix, long maxBytes) {
    return runtime().readFiles(id, dir, suffix, maxBytes);
  }

  @Override
  public final List<String> addReplicas(
      ComposeProject project, String service, List<Integer> numbers, Path configFile, Run run) {
    return new ProjectApplier(runtime()).addReplicas(project, service, numbers, configFile, run);
  }

  @Override
  public final void runAgain(String id, String service, java.time.Duration timeout) {
    runtime().act(id, ContainerAction.RESTART);
    ServiceWait.completedSuccessfully(timeout).await(runtime(), service, List.of(id));
  }

  @Override
  public final Helper.Result exec(
      String id, List<String> command, java.time.Duration timeout, int maxOutput) {
    return runtime().exec(id, command, timeout, maxOutput);
  }

  @Override
  public final void remove(String id, java.time.Duration grace) {
    runtime().stopAndRemove(id, grace);
  }

  @Override
  public final Helper.Result runHelper(String project, Helper helper) {
    return runtime().runHelper(helper, Map.of(Labels.SWARMLAB_HELPER, project));
  }

  @Override
  public final DownResult down(String project, boolean volumes) {
    runtime().remove(Map.of(Labels.SWARMLAB_HELPER, project), false);
    return runtime().remove(Map.of(Labels.SWARMLAB_PROJECT, project), volumes);
  }
}
