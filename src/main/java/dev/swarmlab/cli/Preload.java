package dev.swarmlab.cli;

import dev.swarmlab.engine.docker.DockerEngine;
import dev.swarmlab.rtorrent.XmlRpc;
import java.util.concurrent.CompletableFuture;

/**
 * Class loading done on a second thread while picocli reads the arguments: the engine's transport,
 * then the XML-RPC codec, a third of a short command's run time on one core. The main thread
 * awaits each part before it uses what that part loads, so no class is initialised by both at once.
 */
final class Preload {
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
    Thread t = new Thread(() -> {
      run(DockerEngine::preload, e);
      run(XmlRpc::preload, c);
    }, "swarmlab-preload");
    t.setDaemon(true);
    t.start();
  }

  /** Waits until the engine's transport is loaded (at once if preloading never started). */
  static void awaitEngine() {
    await(engine());
  }

  /** Waits until the XML-RPC codec is loaded (at once if preloading never started). */
  static void awaitCodec() {
    await(codec());
  }

  private static synchronized CompletableFuture<Void> engine() {
    return engine;
  }

  private static synchronized CompletableFuture<Void> codec() {
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

  private static void await(CompletableFuture<Void> part) {
    part.join();
  }
}
