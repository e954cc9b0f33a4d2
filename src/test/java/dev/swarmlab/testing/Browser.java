package dev.swarmlab.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens an HTML page in headless Chromium and says what a reader sees there: the tests' one way to
 * look at a report as a browser shows it. It runs {@code src/test/browser/inspect-report.js}
 * (playwright-core driving {@code /usr/bin/chromium}, or {@code $CHROMIUM}) and installs its one
 * npm package on first use. Node, npm and Chromium must be there ({@code scripts/test.sh} installs
 * them): without them it fails, it never skips.
 */
public final class Browser {

  private static final Path DIR = Path.of("src", "test", "browser").toAbsolutePath();

  /** The Chromium that inspect-report.js drives: {@code $CHROMIUM}, or Debian's. */
  private static final Path CHROMIUM =
      Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private static final Duration INSPECT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

  private static boolean installed;

  private Browser() {}

  /**
   * Opens {@code html} and saves a full-page screenshot to {@code screenshot}; returns what {@code
   * inspect-report.js} printed: {@code title}, {@code charts} (the number of {@code .series}
   * elements in each {@code figure.chart}, by its {@code data-chart}), {@code flowCells}, {@code
   * incomplete} (whether the INCOMPLETE badge is visible), {@code note}, and {@code requests} (the
   * URLs other than {@code file:} that the page tried to load).
   *
   * @throws AssertionError when node, npm or Chromium is missing, or the page cannot be inspected
   */
  public static Map<String, Object> inspect(Path html, Path screenshot) {
    install();
    Result r =
        run(
            List.of(
                "node",
                "inspect-report.js",
                html.toAbsolutePath().toString(),
                screenshot.toAbsolutePath().toString()),
            INSPECT_TIMEOUT);
    if (r.code() != 0) {
      throw new AssertionError(
          "inspect-report.js " + html + " failed (exit " + r.code() + "):\n" + r.err());
    }
    return oneJsonLine("inspect-report.js", r);
  }

  /**
   * Opens the dashboard at {@code url}, waits until it is live and shows {@code peers} rows, and
   * saves a screenshot to {@code screenshot}; returns what {@code inspect-dashboard.js} printed:
   * {@code project}, {@code badge}, {@code rows} (each {@code peer, role, state, progress, from}),
   * {@code later} (the rows again a few seconds later), {@code swarm}, {@code complete}, {@code
   * cspViolations}, {@code errors} (the page's) and {@code requests} (to other origins).
   *
   * @throws AssertionError when node, npm or Chromium is missing, or the page cannot be inspected
   */
  public static Map<String, Object> inspectDashboard(URI url, Path screenshot, int peers) {
    return inspectDashboard(url, screenshot, peers, null);
  }

  /**
   * As {@link #inspectDashboard(URI, Path, int)}, then clicks {@code leecher}'s row (unless null)
   * and reads where its blocks came from: {@code provenance} ({@code peer, shown, received, legend,
   * selectedLines}). Also returned: {@code pieces} and {@code laterPieces} ({@code fullCells,
   * peers, rarest}), {@code flows} ({@code senders, count, top}), {@code tracker} (rows of cells)
   * and {@code charts} ({@code leechers, swarm}: lines drawn).
   */
  public static Map<String, Object> inspectDashboard(
      URI url, Path screenshot, int peers, String leecher) {
    install();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "node",
                "inspect-dashboard.js",
                url.toString(),
                screenshot.toAbsolutePath().toString(),
                Integer.toString(peers)));
    if (leecher != null) {
      command.add(leecher);
    }
    Result r = run(command, INSPECT_TIMEOUT);
    if (r.code() != 0) {
      throw new AssertionError(
          "inspect-dashboard.js " + url + " failed (exit " + r.code() + "):\n" + r.err());
    }
    return oneJsonLine("inspect-dashboard.js", r);
  }

  private static Map<String, Object> oneJsonLine(String script, Result r) {
    List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
    if (lines.size() != 1) {
      throw new AssertionError(
          script + " printed " + lines.size() + " lines, not one:\n" + r.out() + r.err());
    }
    try {
      return new ObjectMapper()
          .readValue(lines.get(0), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new AssertionError(script + " printed no JSON: " + lines.get(0), e);
    }
  }

  /** Checks that node and Chromium are there, and runs {@code npm ci} once if the package isn't. */
  private static synchronized void install() {
    if (installed) {
      return;
    }
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError(
          "no Chromium at "
              + CHROMIUM
              + ": scripts/test.sh installs it (apt-get install chromium)");
    }
    Result node = run(List.of("node", "--version"), Duration.ofSeconds(20));
    if (node.code() != 0) {
      throw new AssertionError("node --version failed:\n" + node.err());
    }
    if (!Files.isDirectory(DIR.resolve("node_modules").resolve("playwright-core"))) {
      Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), INSTALL_TIMEOUT);
      if (npm.code() != 0) {
        throw new AssertionError(
            "npm ci in " + DIR + " failed (exit " + npm.code() + "):\n" + npm.out() + npm.err());
      }
    }
    installed = true;
  }

  private record Result(int code, String out, String err) {}

  /** Runs {@code command} in {@link #DIR}; a command that is not there fails the test. */
  private static Result run(List<String> command, Duration timeout) {
    Path out = null;
    Path err = null;
    Process p = null;
    try {
      Path logs = Files.createDirectories(Path.of("target", "browser").toAbsolutePath());
      out = Files.createTempFile(logs, "out-", ".txt");
      err = Files.createTempFile(logs, "err-", ".txt");
      p =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(DIR.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command)
                + " did not finish within "
                + timeout.toSeconds()
                + " s:\n"
                + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      if (p == null) {
        throw new AssertionError(
            "cannot run "
                + command.get(0)
                + " ("
                + e.getMessage()
                + "): scripts/test.sh installs nodejs and npm",
            e);
      }
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    } finally {
      for (Path f : new Path[] {out, err}) {
        if (f != null) {
          try {
            Files.deleteIfExists(f);
          } catch (IOException ignored) {
            // a log left in target/ is harmless
          }
        }
      }
    }
  }
}
