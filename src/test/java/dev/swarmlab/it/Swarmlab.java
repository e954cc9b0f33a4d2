package dev.swarmlab.it;

import dev.swarmlab.testing.Cli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * swarmlab as a separate process ({@code java -jar target/swarmlab.jar}), for what only a process
 * has: a pid, signals, a lock held against another process.
 */
final class Swarmlab {
  private final Process process;
  private final List<String> err = new CopyOnWriteArrayList<>();
  private final StringBuffer out = new StringBuffer();

  private Swarmlab(Process process) {
    this.process = process;
    Thread errReader = new Thread(() -> drain(process.getErrorStream(), line -> err.add(line)));
    Thread outReader =
        new Thread(() -> drain(process.getInputStream(), line -> out.append(line).append('\n')));
    errReader.setDaemon(true);
    outReader.setDaemon(true);
    errReader.start();
    outReader.start();
  }

  /**
   * Starts {@code swarmlab ARGS...} from the jar that {@code mvn package} built, in {@link
   * Cli#workDir()}: its labs' files are where those of {@link Cli#run} are.
   */
  static Swarmlab start(String... args) throws IOException {
    Path jar = Path.of("target/swarmlab.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException("no " + jar + ": integration tests run after mvn package");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    return new Swarmlab(new ProcessBuilder(command).directory(Cli.workDir().toFile()).start());
  }

  long pid() {
    return process.pid();
  }

  /** Waits until the process has written a line of standard error containing {@code text}. */
  boolean awaitErr(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (err.stream().anyMatch(l -> l.contains(text))) {
        return true;
      }
      if (!process.isAlive() && err.stream().noneMatch(l -> l.contains(text))) {
        Thread.sleep(100); // let the reader catch up with a process that just ended
        return err.stream().anyMatch(l -> l.contains(text));
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** Waits until the process has written {@code text} to standard output. */
  boolean awaitOut(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (out.toString().contains(text)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** What the process has written to standard output so far. */
  String out() {
    return out.toString();
  }

  /** Sends SIGINT, as Ctrl-C on a terminal does. */
  void interrupt() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
  }

  /** Its exit code, once it has ended (killed, and -1, after {@code timeout}). */
  int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      return -1;
    }
    Thread.sleep(100);
    return process.exitValue();
  }

  String err() {
    return String.join("\n", err);
  }

  @Override
  public String toString() {
    return "pid " + process.pid() + "\n--- out\n" + out + "--- err\n" + err();
  }

  private static void drain(java.io.InputStream in, java.util.function.Consumer<String> sink) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        sink.accept(line);
      }
    } catch (IOException ended) {
      // the process is gone
    }
  }
}
