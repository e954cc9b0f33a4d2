package dev.swarmlab.engine;

import dev.swarmlab.compose.ComposeProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An engine on this machine that answers nothing but {@link #onThisMachine}, an empty {@link #list}
 * and a {@link #down} of nothing: for code that, given its containers, must ask nothing else of the
 * engine (a test overrides what it means to be asked).
 */
public class StubEngine implements Engine {
  private final boolean onThisMachine;

  public StubEngine() {
    this(true);
  }

  public StubEngine(boolean onThisMachine) {
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
  public void act(String id, ContainerAction action) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void signal(String id, String signal) {
    throw new UnsupportedOperationException();
  }

  @Override
  public java.util.Map<String, byte[]> readFiles(
      String id, String dir, String suffix, long maxBytes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void runAgain(String id, String service, java.time.Duration timeout) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<String> addReplicas(
      dev.swarmlab.compose.ComposeProject project,
      String service,
      List<Integer> numbers,
      java.nio.file.Path configFile,
      Run run) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Helper.Result exec(
      String id, List<String> command, java.time.Duration timeout, int maxOutput) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void remove(String id, java.time.Duration grace) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Helper.Result runHelper(String project, Helper helper) {
    throw new UnsupportedOperationException();
  }

  @Override
  public DownResult down(String project, boolean volumes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
