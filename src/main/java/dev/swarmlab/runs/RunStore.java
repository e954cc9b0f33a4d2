package dev.swarmlab.runs;

import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The run records of one lab, in {@code .swarmlab/PROJECT/runs/}, oldest first. */
public final class RunStore {
  /** The directory, under the lab's own, that holds its runs. */
  public static final String RUNS_DIR = "runs";

  private static final Pattern RUN_ID = Pattern.compile("[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}");

  private final Path labDir;
  private final String project;

  /**
   * @param labDir the lab's own directory, {@code .swarmlab/PROJECT} (by its real path)
   */
  public RunStore(Path labDir, String project) {
    this.labDir = labDir;
    this.project = project;
  }

  /** Where the runs are kept. */
  public Path dir() {
    return labDir.resolve(RUNS_DIR);
  }

  /** Whether {@code id} has the shape of a run id (as {@code up} makes them). */
  public static boolean isRunId(String id) {
    return RUN_ID.matcher(id).matches();
  }

  /** Starts the record of run {@code id} with its plan, and records {@code up}. */
  public RunRecord begin(String id, RunPlan plan) {
    if (!isRunId(id)) {
      throw new IllegalArgumentException("not a run id: " + id);
    }
    Path runs = dir();
    try {
      if (Files.isSymbolicLink(runs)) {
        throw new BadInputException(
            runs
                + " is a symbolic link; swarmlab does not write through links below .swarmlab: remove it");
      }
      Files.createDirectories(runs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + runs, e);
    }
    RunRecord r =
        RunRecord.create(
            runs.resolve(id),
            labDir,
            new RunRecord.Info(id, project, Instant.now().toString(), plan));
    r.event("up", Map.of("plan", plan));
    return r;
  }

  /** Every run of the lab, oldest first. */
  public List<RunRecord> list() {
    List<RunRecord> out = new ArrayList<>();
    Path runs = dir();
    if (!Files.isDirectory(runs, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(runs)) {
      for (Path d : dirs) {
        if (isRunId(d.getFileName().toString())
            && Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)
            && Files.isRegularFile(d.resolve(RunRecord.INFO), LinkOption.NOFOLLOW_LINKS)) {
          out.add(new RunRecord(d, labDir));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + runs, e);
    }
    out.sort(Comparator.comparing(RunRecord::id));
    return out;
  }

  /** The most recent run, if any. */
  public Optional<RunRecord> latest() {
    List<RunRecord> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * The run whose id is {@code id} or starts with it.
   *
   * @throws BadInputException if none does, or more than one
   */
  public RunRecord find(String id) {
    List<RunRecord> matches =
        list().stream().filter(r -> r.id().equals(id) || r.id().startsWith(id)).toList();
    if (matches.size() == 1 || (!matches.isEmpty() && matches.get(0).id().equals(id))) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new BadInputException(
          "no run '" + id + "' of lab '" + project + "' (swarmlab runs lists them)");
    }
    throw new BadInputException(
        "'"
            + id
            + "' names "
            + matches.size()
            + " runs of lab '"
            + project
            + "'; give more of the id");
  }

  /**
   * Ends every run that has not ended (its lab is gone): the latest one takes the peers' files
   * still in {@code controlDir}, which are its own, since a lab runs once at a time. With no run
   * open, files left there (by a lab started from the compose file without swarmlab) are removed,
   * so that they cannot pass for the next run's.
   */
  public void settle(Path controlDir, String how) {
    List<RunRecord> open = list().stream().filter(r -> !r.ended()).toList();
    for (int i = 0; i < open.size(); i++) {
      RunRecord r = open.get(i);
      boolean last = i == open.size() - 1;
      r.end(last ? controlDir : labDir.resolve(".none"), how);
    }
    if (open.isEmpty() && Files.isDirectory(controlDir, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(controlDir)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          if ((LabContract.isBlockLog(name) || LabContract.isPeerFile(name))
              && !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(f);
          }
        }
      } catch (IOException | java.nio.file.DirectoryIteratorException e) {
        // what is left is told apart by the next run's peer files: no worse than before
      }
    }
  }
}
