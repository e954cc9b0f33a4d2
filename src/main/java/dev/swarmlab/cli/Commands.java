package dev.swarmlab.cli;

import dev.swarmlab.compose.TemplateSource;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.docker.DockerEngine;
import dev.swarmlab.lab.Lab;
import dev.swarmlab.lab.LabUser;
import java.nio.file.Path;

/** What the commands share: where state goes, and how to reach the engine. */
final class Commands {
  /** Where each project's compose file and generated payload are written, like compose's files. */
  static final Path STATE_DIR = Path.of(".swarmlab");

  private Commands() {}

  static Lab lab(BuildOptions build) {
    return new Lab(STATE_DIR, TemplateSource.packaged(), build, LabUser.current());
  }

  static Engine engine() {
    Startup.awaitEngine();
    return DockerEngine.connect();
  }
}
