package dev.swarmlab.monitor;

import dev.swarmlab.compose.ComposeProject;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.EngineHost;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.engine.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** An engine on this machine that polls of given containers never ask anything else of. */
final class StubEngine implements Engine {
  private final boolean onThisMachine;

  StubEngine() {
    this(true);
  }

  StubEngine(boolean onThisMachine) {
    this.onThisMachine = onThisMachine;
  }

  @Override
  public void prepareImages(
      List<ImageSource> images, BuildOptions options, Consumer<String> progress) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean onThisMachine() {
    return onThisMachine;
  }

  @Override
  public EngineHost host() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void up(
      ComposeProject project,
      Set<String> profiles,
      Path configFile,
      Run run,
      Consumer<String> progress) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<ContainerInfo> list(String project) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void act(String id, dev.swarmlab.engine.ContainerAction action) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> addReplicas(
      dev.swarmlab.compose.ComposeProject project,
      String service,
      List<Integer> numbers,
      java.nio.file.Path configFile,
      dev.swarmlab.engine.Run run) {
    throw new UnsupportedOperationException();
  }

  @Override
  public dev.swarmlab.engine.Helper.Result exec(
      String id, List<String> command, java.time.Duration timeout, int maxOutput) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void remove(String id, java.time.Duration grace) {
    throw new UnsupportedOperationException();
  }

  @Override
  public dev.swarmlab.engine.Helper.Result runHelper(
      String project, dev.swarmlab.engine.Helper helper) {
    throw new UnsupportedOperationException();
  }

  @Override
  public DownResult down(String project, boolean volumes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
