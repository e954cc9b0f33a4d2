package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher and the set-up script as a user meets them: through a link, without Maven, two at
 * once, with odd values in the environment. Each runs on a copy in a temporary directory, with
 * stand-ins for Maven and Docker where the real ones would change this machine.
 */
class ScriptsIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();

  @TempDir Path dir;

  /**
   * A copy of the launcher with the built jar, its sources older than the jar unless {@code stale}.
   */
  private Path launcherCopy(boolean stale) throws IOException {
    Path copy = Files.createDirectories(dir.resolve("swarmlab"));
    Files.copy(
        ROOT.resolve("swarmlab"), copy.resolve("swarmlab"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.createDirectories(copy.resolve("target"));
    Files.createDirectories(copy.resolve("src/main"));
    Files.createDirectories(copy.resolve("docker"));
    Files.createDirectories(copy.resolve("compose-templates"));
    Files.writeString(copy.resolve("pom.xml"), "<project/>\n");
    Path jar = Files.copy(ROOT.resolve("target/swarmlab.jar"), copy.resolve("target/swarmlab.jar"));
    long now = System.currentTimeMillis();
    for (String p : List.of("pom.xml", "src/main", "docker", "compose-templates")) {
      Files.setLastModifiedTime(
          copy.resolve(p), java.nio.file.attribute.FileTime.fromMillis(now - 60_000));
    }
    Files.setLastModifiedTime(
        jar, java.nio.file.attribute.FileTime.fromMillis(stale ? now - 120_000 : now));
    return copy;
  }

  /**
   * A directory of commands: links to the real ones named, plus scripts given by name, which take
   * the place of a real one of the same name (never written through its link).
   */
  private Path bin(List<String> real, Map<String, String> scripts) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin-" + System.nanoTime()));
    for (String name : real) {
      if (scripts.containsKey(name)) {
        continue;
      }
      for (String d : List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
        if (Files.isExecutable(Path.of(d, name))) {
          Files.createSymbolicLink(bin.resolve(name), Path.of(d, name));
          break;
        }
      }
    }
    if (!scripts.containsKey("java")) {
      Files.createSymbolicLink(bin.resolve("java"), JAVA);
    }
    for (Map.Entry<String, String> s : scripts.entrySet()) {
      Path f = bin.resolve(s.getKey());
      Files.writeString(
          f,
          "#!/bin/bash\n" + s.getValue() + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.LinkOption.NOFOLLOW_LINKS);
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return bin;
  }

  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  private static final List<String> BASICS =
      List.of(
          "bash",
          "sh",
          "env",
          "readlink",
          "dirname",
          "find",
          "mkdir",
          "flock",
          "mv",
          "rm",
          "cat",
          "id",
          "sleep",
          "date",
          "cp",
          "touch",
          "seq",
          "grep",
          "tail",
          "sed");

  private record Run(int code, String out, String err) {}

  private static Run run(Path bin, List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PATH", bin.toString());
    pb.environment().remove("DOCKER_HOST");
    pb.environment().putAll(env);
    Path out = Files.createTempFile("out", ".txt");
    Path err = Files.createTempFile("err", ".txt");
    Process p =
        pb.redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    assertTrue(p.waitFor(3, TimeUnit.MINUTES), String.join(" ", command));
    Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  @Test
  void ctrlCWhileTheArchiveIsMadeEndsTheLauncherAndRunsNothing() throws Exception {
    Path copy = launcherCopy(false);
    Path record = dir.resolve("java-runs");
    // a stand-in for java that, in the training run, waits and exits 130 on SIGINT as the JVM does
    Path bin =
        bin(
            BASICS,
            Map.of(
                "java",
                "echo \"$*\" >> '"
                    + record
                    + "'; case \"$*\" in *cds-warm-up*) trap 'exit 130' INT; sleep 60 & wait; exit 130;;"
                    + " esac; exec '"
                    + JAVA
                    + "' \"$@\""));
    ProcessBuilder pb = new ProcessBuilder(copy.resolve("swarmlab").toString(), "--version");
    pb.environment().put("PATH", bin.toString());
    Process launcher =
        pb.redirectErrorStream(true)
            .redirectOutput(dir.resolve("launcher-out").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!(Files.exists(record) && Files.readString(record).contains("cds-warm-up"))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(200); // the stand-in has set its trap

    // Ctrl-C on a terminal: SIGINT to the launcher and everything it started
    List<String> kill =
        new java.util.ArrayList<>(List.of("kill", "-INT", Long.toString(launcher.pid())));
    launcher.descendants().forEach(d -> kill.add(Long.toString(d.pid())));
    assertEquals(0, new ProcessBuilder(kill).start().waitFor());

    assertTrue(launcher.waitFor(1, TimeUnit.MINUTES));
    assertEquals(130, launcher.exitValue(), Files.readString(dir.resolve("launcher-out")));
    assertEquals(
        1, Files.readAllLines(record).size(), "only the training run: " + Files.readString(record));
    try (var files = Files.list(copy.resolve("target"))) {
      assertEquals(
          List.of(),
          files.filter(f -> f.getFileName().toString().startsWith("swarmlab.jsa")).toList());
    }
  }

  @Test
  void theLauncherWorksThroughALink() throws Exception {
    Path copy = launcherCopy(false);
    Path link =
        Files.createSymbolicLink(
            Files.createDirectories(dir.resolve("home/bin")).resolve("swarmlab"),
            copy.resolve("swarmlab"));
    Run r = run(bin(BASICS, Map.of()), List.of(link.toString(), "--version"), Map.of());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("swarmlab "), r.toString());
  }

  @Test
  void classDataSharingIsOnByDefaultAndSwarmlabCdsZeroTurnsItOff() throws Exception {
    Path copy = launcherCopy(false);
    Path archive = copy.resolve("target/swarmlab.jsa");
    Path record = dir.resolve("java-runs");
    // a stand-in for java: records each command line, then runs the real one
    Path bin =
        bin(BASICS, Map.of("java", "echo \"$*\" >> '" + record + "'; exec '" + JAVA + "' \"$@\""));
    String cdsFlags =
        ".*(-Xshare|-Xlog:cds|SharedArchiveFile|SharedClassListFile|DumpLoadedClassList|ArchiveRelocationMode).*";

    Run off =
        run(
            bin,
            List.of(copy.resolve("swarmlab").toString(), "--version"),
            Map.of("SWARMLAB_CDS", "0"));
    assertEquals(0, off.code(), off.toString());
    assertTrue(off.out().startsWith("swarmlab "), off.toString());
    List<String> offRuns = Files.readAllLines(record);
    assertEquals(1, offRuns.size(), "no training run, no archive made: " + offRuns);
    assertFalse(offRuns.get(0).matches(cdsFlags), offRuns.get(0));
    try (var files = Files.list(copy.resolve("target"))) {
      assertEquals(
          List.of(),
          files.filter(f -> f.getFileName().toString().startsWith("swarmlab.jsa")).toList());
    }
    Files.delete(record);

    // unset and empty alike: on
    Run on =
        run(
            bin,
            List.of(copy.resolve("swarmlab").toString(), "--version"),
            Map.of("SWARMLAB_CDS", ""));
    assertEquals(0, on.code(), on.toString());
    assertTrue(on.out().startsWith("swarmlab "), on.toString());
    assertTrue(Files.isRegularFile(archive), "the archive is made on first use");
    List<String> onRuns = Files.readAllLines(record);
    assertEquals(3, onRuns.size(), "a training run, the dump, the command: " + onRuns);
    assertTrue(
        onRuns.get(0).contains("cds-warm-up") && onRuns.get(1).contains("-Xshare:dump"),
        onRuns.toString());
    assertTrue(
        onRuns.get(2).contains("-XX:SharedArchiveFile=")
            && onRuns.get(2).contains("-XX:ArchiveRelocationMode=0"),
        onRuns.get(2));
    Files.delete(record);

    Run again =
        run(
            bin,
            List.of(copy.resolve("swarmlab").toString(), "--version"),
            Map.of("SWARMLAB_CDS", ""));
    assertEquals(0, again.code(), again.toString());
    List<String> againRuns = Files.readAllLines(record);
    assertEquals(1, againRuns.size(), "the archive is made once per build: " + againRuns);
    assertTrue(againRuns.get(0).contains("-XX:SharedArchiveFile="), againRuns.get(0));
  }

  @Test
  void withoutMavenAStaleJarStillRunsWithAWarning() throws Exception {
    Path copy = launcherCopy(true);
    Run r =
        run(
            bin(BASICS, Map.of()),
            List.of(copy.resolve("swarmlab").toString(), "--version"),
            Map.of());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().startsWith("swarmlab "), r.toString());
    assertTrue(
        r.err().contains("warning: the sources are newer than")
            && r.err().contains("Maven (mvn) is not installed"),
        r.toString());
  }

  @Test
  void launchersStartedTogetherBuildOnceAtATime() throws Exception {
    Path copy = launcherCopy(true);
    Path record = dir.resolve("builds.txt");
    // a stand-in for Maven: records when it ran, takes a second, then makes the jar anew
    Path bin =
        bin(
            BASICS,
            Map.of(
                "mvn",
                "echo \"start $(date +%s%N)\" >> '"
                    + record
                    + "'; sleep 1; touch target/swarmlab.jar; echo \"end $(date +%s%N)\" >> '"
                    + record
                    + "'"));
    List<Process> launchers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ProcessBuilder pb =
          new ProcessBuilder(copy.resolve("swarmlab").toString(), "--version")
              .redirectErrorStream(true);
      pb.environment().put("PATH", bin.toString());
      launchers.add(pb.start());
    }
    for (Process p : launchers) {
      assertTrue(p.waitFor(3, TimeUnit.MINUTES));
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
    }
    List<String> lines = Files.readAllLines(record);
    assertEquals(
        List.of("start", "end"),
        lines.stream().map(l -> l.split(" ")[0]).toList(),
        "one build, not three: " + lines);
  }

  @Test
  void aFailedBuildNamesItsLogByItsAbsolutePath() throws Exception {
    Path copy = launcherCopy(true);
    Path bin = bin(BASICS, Map.of("mvn", "echo 'compilation failed' ; exit 1"));
    Run r = run(bin, List.of(copy.resolve("swarmlab").toString(), "--version"), Map.of());
    assertEquals(1, r.code(), r.toString());
    Path log = copy.resolve("target/build.log").toRealPath();
    assertTrue(r.err().contains("the build failed; see " + log), r.toString());
    assertTrue(Files.readString(log).contains("compilation failed"));
  }

  @Test
  void upWithNoEngineAndNoOneToAskSaysInOneLineHowToSetOneUp() throws Exception {
    Path copy = launcherCopy(false);
    // not root, no terminal: the launcher cannot run the set-up itself, and says how
    Path bin =
        bin(
            BASICS,
            Map.of("id", "if [ \"$1\" = -u ]; then echo 1000; else exec /usr/bin/id \"$@\"; fi"));
    Files.createDirectories(copy.resolve("scripts"));
    Files.writeString(
        copy.resolve("scripts/setup-engine.sh"), "touch '" + dir.resolve("setup-ran") + "'\n");
    // DOCKER_HOST stays unset (a user's own choice of engine is never replaced); the engine is
    // looked for at a socket that does not exist
    Run r =
        run(
            bin,
            List.of(copy.resolve("swarmlab").toString(), "up", "-p", "it-noengine"),
            Map.of("JAVA_TOOL_OPTIONS", "-DDOCKER_HOST=unix:///nonexistent/docker.sock"));
    assertEquals(3, r.code(), r.toString());
    assertTrue(
        r.err().contains("set one up with 'sudo " + copy.resolve("scripts/setup-engine.sh")),
        r.toString());
    assertFalse(Files.exists(dir.resolve("setup-ran")), "nothing run without asking");
  }

  @Test
  void theTestCommandInstallsWhatIsMissingThenSetsUpTheEngineThenRunsMaven() throws Exception {
    Path copy = Files.createDirectories(dir.resolve("project/scripts"));
    Files.copy(ROOT.resolve("scripts/test.sh"), copy.resolve("test.sh"));
    Path record = dir.resolve("record.txt");
    Files.writeString(copy.resolve("setup-engine.sh"), "echo setup-engine >> '" + record + "'\n");
    // a bare machine: no JDK compiler, no Maven, no tmux, no docker-compose, no Chromium, no node,
    // no npm; apt-get records what it is asked
    Path bin =
        bin(
            List.of("bash", "env", "readlink", "dirname", "grep", "sed", "id", "cat"),
            Map.of(
                "apt-get", "echo \"apt-get $*\" >> '" + record + "'",
                "sudo", "\"$@\"",
                "mvn", "echo \"mvn $*\" >> '" + record + "'"));
    Files.delete(
        bin.resolve(
            "mvn")); // not installed until apt-get has run: the stand-in is added by name below
    Run r =
        run(bin, List.of("bash", copy.resolve("test.sh").toString(), "-Dit.test=LabIT"), Map.of());
    assertEquals(127, r.code(), "mvn is missing until installed: " + r);
    List<String> lines = Files.readAllLines(record);
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.startsWith("apt-get install")
                        && l.contains("openjdk-17-jdk-headless")
                        && l.contains("maven")
                        && l.contains("tmux")
                        && l.contains("docker-compose")
                        && l.contains("chromium")
                        && l.contains("nodejs")
                        && l.contains(" npm")),
        lines.toString());
    assertTrue(lines.contains("setup-engine"), lines.toString());

    // with everything installed: set-up, then Maven with the arguments given
    Files.delete(record);
    Path full =
        bin(
            List.of(
                "bash",
                "env",
                "readlink",
                "dirname",
                "grep",
                "sed",
                "id",
                "cat",
                "tmux",
                "docker-compose"),
            Map.of(
                "apt-get", "echo \"apt-get $*\" >> '" + record + "'",
                "mvn", "echo \"mvn $*\" >> '" + record + "'",
                "chromium", "exit 0",
                "node", "exit 0",
                "npm", "exit 0"));
    Files.createSymbolicLink(
        full.resolve("javac"), Path.of(System.getProperty("java.home"), "bin", "javac"));
    r = run(full, List.of("bash", copy.resolve("test.sh").toString(), "-Dit.test=LabIT"), Map.of());
    assertEquals(0, r.code(), r.toString());
    assertEquals(
        List.of("setup-engine", "mvn -B verify -Dit.test=LabIT"), Files.readAllLines(record));
  }

  @Test
  void theSetUpScriptNeverPastesAValueIntoACommandRootRuns() throws Exception {
    Path marker = dir.resolve("pwned");
    assertFalse(Files.exists(marker));
    Path state = dir.resolve("engine-up");
    // stand-ins: docker answers once dockerd has "started"; dockerd only records that it ran
    Path bin =
        bin(
            List.of(
                "bash", "sh", "seq", "sleep", "tail", "grep", "id", "sysctl", "nohup", "mktemp",
                "rm", "cat", "touch"),
            Map.of(
                "docker",
                "if [ \"$1\" = info ]; then [ -e '" + state + "' ]; else exit 0; fi",
                "dockerd",
                "touch '" + state + "'",
                "systemctl",
                "exit 1",
                "sudo",
                "\"$@\""));
    // were the value pasted into `sh -c "...'$LOG'..."`, the shell would run `touch pwned` in dir
    String log = dir + "/log'; touch pwned; echo '";
    Run r =
        run(
            bin,
            List.of(
                "bash",
                "-c",
                "cd '" + dir + "' && exec bash '" + ROOT.resolve("scripts/setup-engine.sh") + "'"),
            Map.of("SWARMLAB_DOCKERD_LOG", log));
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Docker engine is up"), r.toString());
    assertFalse(Files.exists(marker), "a value from the environment ran as a command: " + r);
    assertTrue(Files.exists(Path.of(log)), "the log is written where the variable says: " + r);
  }
}
