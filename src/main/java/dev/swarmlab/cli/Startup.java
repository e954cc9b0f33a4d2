package dev.swarmlab.cli;

import dev.swarmlab.engine.docker.DockerEngine;
import dev.swarmlab.rtorrent.XmlRpc;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What swarmlab does to start quickly, in one place. A short command ({@code status}, {@code
 * --version}) spends most of its time starting: the JVM, picocli, docker-java's transport, the
 * XML-RPC codec. Each measure below was measured A/B before it was kept; the figures are in
 * bench/README.md, section "Start-up", where they are re-measured, not here.
 *
 * <ol>
 *   <li><b>The JVM's flags</b> (the {@code swarmlab} launcher): the serial collector, the first
 *       compiler tier only, no perf-data file; a short command is over before the others pay off.
 *   <li><b>A class-data archive</b> (the launcher, {@code target/swarmlab.jsa}): the classes a
 *       command loads, parsed and verified once per build instead of at every start. A static
 *       archive, because it can hold picocli's classes, which a dynamic one skips; trained by the
 *       hidden {@link WarmUpCommand cds-warm-up} command, which loads what {@code status} loads;
 *       mapped where it was made, so that its pointers need no relocating. {@code SWARMLAB_CDS=0}
 *       in the launcher's environment turns it off: no archive made or used, none of its flags.
 *   <li><b>Lazy subcommands</b> ({@link SwarmlabCommand#commandLine(LabContext,
 *       java.io.PrintWriter, java.io.PrintWriter, String...)} with {@link #subcommands}): picocli
 *       reads the annotations of every command it is given, so it is given only the one being run.
 *   <li><b>Preloading</b> ({@link #begin}, {@link #awaitEngine}, {@link #awaitCodec}): while
 *       picocli parses, a second thread loads the engine's transport ({@link DockerEngine#preload})
 *       and then the XML-RPC codec ({@link XmlRpc#preload}).
 *   <li><b>A TLS context for local sockets</b> ({@code engine.docker.LocalTls}): a socket on this
 *       machine never speaks TLS, but without a context of its own the HTTP client loads the JDK's
 *       trust store, and an empty context from the JDK loads every security provider.
 *   <li><b>docker-java's full client on demand</b> ({@link DockerEngine#connect}): where only
 *       {@code DOCKER_HOST} or the default socket can apply, its configuration reader and typed
 *       client are made only for commands that need them; listing containers goes through the
 *       transport and a JSON tree.
 * </ol>
 */
final class Startup {
  /** The subcommands that talk to the engine and to rtorrent: their classes are preloaded. */
  private static final Set<String> ENGINE_COMMANDS =
      Set.of(
          "up",
          "rerun",
          "status",
          "down",
          "dashboard",
          "throttle",
          "link",
          "scale",
          "verify",
          "kill",
          "restart",
          "pause",
          "unpause",
          "cds-warm-up");

  private Startup() {}

  /** The subcommand {@code argv} names: its first word that is not an option; "" if none. */
  static String commandNamed(String... argv) {
    return Arrays.stream(argv).filter(a -> !a.startsWith("-")).findFirst().orElse("");
  }

  /**
   * Starts what runs beside argument parsing for {@code argv}: a command that talks to the engine
   * has its classes preloaded on a second thread.
   */
  static void begin(String... argv) {
    if (ENGINE_COMMANDS.contains(commandNamed(argv))) {
      Preload.start();
    }
  }

  /**
   * Which of {@code all} subcommands picocli is given for {@code argv}: only the one named; none
   * for {@code --version}; all of them for anything else (help, a mistyped command).
   */
  static Set<String> subcommands(Collection<String> all, String... argv) {
    String named = commandNamed(argv);
    boolean versionOnly =
        named.isEmpty()
            && Arrays.stream(argv).anyMatch(a -> a.equals("-V") || a.equals("--version"))
            && Arrays.stream(argv).noneMatch(a -> a.equals("-h") || a.equals("--help"));
    if (versionOnly) {
      return Set.of();
    }
    return all.contains(named) ? Set.of(named) : Set.copyOf(all);
  }

  /** Waits until the engine's transport is loaded (at once if preloading never started). */
  static void awaitEngine() {
    Preload.await(Preload.engine());
  }

  /** Waits until the XML-RPC codec is loaded (at once if preloading never started). */
  static void awaitCodec() {
    Preload.await(Preload.codec());
  }

  /**
   * Class loading done on a second thread while picocli reads the arguments: the engine's
   * transport, then the XML-RPC codec. The main thread awaits each part before it uses what that
   * part loads, so no class is initialised by both at once.
   */
  private static final class Preload {
    private static CompletableFuture<Void> engine = CompletableFuture.completedFuture(null);
    private static CompletableFuture<Void> codec = CompletableFuture.completedFuture(null);
    private static boolean started;

    private Preload() {}

    /** Starts the preloading, once per process. */
    static synchronized void start() {
      if (started) {
        return;
      }
      started = true;
      CompletableFuture<Void> e = new CompletableFuture<>();
      CompletableFuture<Void> c = new CompletableFuture<>();
      engine = e;
      codec = c;
      Thread t =
          new Thread(
              () -> {
                run(DockerEngine::preload, e);
                run(XmlRpc::preload, c);
              },
              "swarmlab-preload");
      t.setDaemon(true);
      t.start();
    }

    static synchronized CompletableFuture<Void> engine() {
      return engine;
    }

    static synchronized CompletableFuture<Void> codec() {
      return codec;
    }

    private static void run(Runnable part, CompletableFuture<Void> done) {
      try {
        part.run();
      } catch (RuntimeException | LinkageError e) {
        // only loading failed; the command meets and reports any real problem itself
      } finally {
        done.complete(null);
      }
    }

    static void await(CompletableFuture<Void> part) {
      part.join();
    }
  }
}
