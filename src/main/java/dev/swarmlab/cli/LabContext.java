package dev.swarmlab.cli;

import dev.swarmlab.compose.TemplateSource;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.docker.DockerEngine;
import dev.swarmlab.lab.Lab;
import dev.swarmlab.lab.LabUser;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What the commands need beyond their arguments: where each lab's files are kept, and how to reach
 * the engine. The root command holds one ({@link #standard()} for users); tests give their own, so
 * that they never write into the working directory's {@code .swarmlab}.
 *
 * @param stateDir where each project's compose file and generated payload are written, like
 *     compose's files
 * @param engines connects to the engine, once for each command that talks to it
 */
public record LabContext(Path stateDir, Supplier<Engine> engines) {

  /** {@code .swarmlab} in the working directory, and the Docker engine. */
  public static LabContext standard() {
    return new LabContext(Path.of(".swarmlab"), LabContext::docker);
  }

  /** This context with labs' files kept in {@code dir} instead. */
  public LabContext withStateDir(Path dir) {
    return new LabContext(dir, engines);
  }

  Lab lab(BuildOptions build) {
    return new Lab(stateDir, TemplateSource.packaged(), build, LabUser.current());
  }

  Engine engine() {
    return engines.get();
  }

  private static Engine docker() {
    Startup.awaitEngine();
    return DockerEngine.connect();
  }
}
