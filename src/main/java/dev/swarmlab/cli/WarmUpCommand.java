package dev.swarmlab.cli;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.SwarmlabException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.view.StatusViews;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Hidden: the training run of the launcher's class-data archive. It loads what {@code status} loads
 * (its command model, the classes preloaded for it, the engine's list, a poll and its error path,
 * the table and JSON views) so the archive holds those classes. It prints nothing, and creates only
 * an empty temporary directory (removed again) where it fails to find a socket. One of the start-up
 * measures of {@link Startup}.
 */
@Command(name = "cds-warm-up", hidden = true)
final class WarmUpCommand implements Callable<Integer> {
  private static final String PROJECT = "swarmlab-cds-warm-up";
  @ParentCommand SwarmlabCommand root;

  @Override
  public Integer call() throws IOException {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    new CommandLine(new StatusCommand());
    Startup.awaitCodec();
    Path control = Files.createTempDirectory("swarmlab-cds");
    try (Engine engine = root.context().engine();
        SwarmMonitor monitor = new SwarmMonitor(engine, Duration.ofMillis(500))) {
      monitor.containers(PROJECT);
      ContainerInfo peer =
          new ContainerInfo(
              "0",
              PROJECT + "-leecher-1",
              LabContract.LEECHER,
              1,
              "running",
              Map.of(LabContract.ROLE_LABEL, LabContract.LEECHER),
              Map.of(),
              Map.of(LabContract.CONTROL_MOUNT, control.toString()),
              "127.0.0.1",
              0);
      SwarmSnapshot snapshot = monitor.poll(PROJECT, List.of(peer), false);
      sink.print(StatusViews.table(snapshot));
      sink.print(StatusViews.json(snapshot));
    } catch (SwarmlabException noEngine) {
      // the archive then holds less; status still works
    } finally {
      Files.deleteIfExists(control);
    }
    sink.flush();
    return ExitCodes.OK;
  }
}
