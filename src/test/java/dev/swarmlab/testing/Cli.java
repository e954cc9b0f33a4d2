package dev.swarmlab.testing;

import dev.swarmlab.Main;
import dev.swarmlab.cli.LabContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One run of the CLI in process, with what it wrote: the tests' one way to run swarmlab as a user
 * would. Labs' files go to {@link #stateDir()}, a temporary directory of this test run, never to
 * the checkout's {@code .swarmlab}.
 */
public record Cli(int code, String out, String err) {

  /** Runs {@code swarmlab ARGS...} with its labs' files in {@link #stateDir()}. */
  public static Cli run(String... args) {
    return run(LabContext.standard().withStateDir(stateDir()), args);
  }

  /** Runs {@code swarmlab ARGS...} in {@code context}. */
  public static Cli run(LabContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(context, new PrintWriter(out), new PrintWriter(err), args);
    return new Cli(code, out.toString(), err.toString());
  }

  /**
   * The working directory a swarmlab started as a process runs in, so that its {@code .swarmlab} is
   * {@link #stateDir()}: made once per test run under {@code target/}, deleted at its end.
   */
  public static Path workDir() {
    return WorkDir.PATH;
  }

  /** Where the labs of this test run keep their files: {@code .swarmlab} in {@link #workDir()}. */
  public static Path stateDir() {
    return workDir().resolve(".swarmlab");
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }

  private static final class WorkDir {
    static final Path PATH = make();

    private static Path make() {
      try {
        Path dir =
            Files.createTempDirectory(
                Files.createDirectories(Path.of("target").toAbsolutePath()), "test-labs-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
        return dir.toRealPath();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void deleteQuietly(Path dir) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // what is left stays under target/, for mvn clean
      }
    }
  }
}
