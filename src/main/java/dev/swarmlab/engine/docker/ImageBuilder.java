package dev.swarmlab.engine.docker;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.Futures;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.engine.Labels;
import dev.swarmlab.error.LabFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds swarmlab's images from their sources, in parallel; a failed build leaves none of the
 * layers it made, and a certificate problem is told as one.
 */
final class ImageBuilder {
  private final DockerApi api;
  private final ExecutorService pool;

  ImageBuilder(DockerApi api, ExecutorService pool) {
    this.api = api;
    this.pool = pool;
  }

  /** Builds each image whose tag is missing. */
  void prepare(List<ImageSource> images, BuildOptions options, Consumer<String> progress) {
    List<ImageSource> missing = images.stream().filter(i -> !exists(i.tag(options))).toList();
    if (missing.isEmpty()) {
      return;
    }
    if (!exists(options.baseImage())) {
      throw new LabFailedException(
          "base image "
              + options.baseImage()
              + " is missing; pull it, or build it offline with scripts/setup-engine.sh");
    }
    List<Future<?>> builds = new ArrayList<>();
    for (ImageSource image : missing) {
      progress.accept("building image " + image.tag(options));
      builds.add(pool.submit(() -> build(image, options)));
    }
    Futures.awaitAll(builds);
  }

  private void build(ImageSource image, BuildOptions options) {
    Path dir = null;
    LayerRecorder recorder = new LayerRecorder();
    try {
      dir = Files.createTempDirectory("swarmlab-build-" + image.name());
      for (Map.Entry<String, byte[]> f : image.context(options).entrySet()) {
        Path p = dir.resolve(f.getKey());
        Files.createDirectories(p.getParent());
        Files.write(p, f.getValue());
      }
      var cmd = api.client().buildImageCmd(dir.toFile());
      if (image.target() != null) {
        cmd.withTarget(image.target());
      }
      cmd.withTags(Set.of(image.tag(options)))
          .withBuildArg("BASE_IMAGE", options.baseImage())
          .withLabels(Map.of(Labels.SWARMLAB_IMAGE, image.name()))
          .withPull(false)
          .withRemove(true)
          .withForcerm(true) // the container of a failed step too
          .exec(recorder)
          .awaitImageId();
    } catch (DockerClientException | DockerException e) {
      removeLayers(recorder.layers());
      String reason = EngineErrors.rootMessage(e);
      if (BuildFailures.isCertificateProblem(reason + "\n" + recorder.tail())) {
        throw new LabFailedException(
            "building image "
                + image.name()
                + " failed on a TLS certificate ("
                + BuildFailures.cut(reason)
                + "): HTTPS goes through a proxy the build does not trust; pass its CA certificates with"
                + " --ca-certs FILE (or SWARMLAB_BUILD_CA_CERTS)",
            e);
      }
      throw new LabFailedException(
          "building image " + image.name() + " failed: " + BuildFailures.cut(reason), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(dir);
    }
  }

  /** Removes the images a failed build made, newest first; each one still used elsewhere stays. */
  private void removeLayers(List<String> layers) {
    for (int i = layers.size() - 1; i >= 0; i--) {
      try {
        api.client().removeImageCmd(layers.get(i)).exec();
      } catch (DockerException e) {
        // gone with a child, or used by another image: not this build's to remove
      }
    }
  }

  private boolean exists(String ref) {
    try {
      api.client().inspectImageCmd(ref).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans it eventually
    }
  }

  /**
   * Records the images a build made step by step (not those it took from its cache), and the last
   * lines it printed.
   */
  private static final class LayerRecorder extends BuildImageResultCallback {
    private static final Pattern LAYER = Pattern.compile("^ ---> ([0-9a-f]{12,64})\\s*$");
    private static final int TAIL_LINES = 40;
    private final List<String> layers = new ArrayList<>();
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private boolean cached;

    synchronized List<String> layers() {
      return List.copyOf(layers);
    }

    synchronized String tail() {
      return String.join("\n", tail);
    }

    @Override
    public synchronized void onNext(BuildResponseItem item) {
      String stream = item.getStream();
      if (stream != null) {
        for (String line : stream.split("\\n")) {
          tail.addLast(line.length() > 500 ? line.substring(0, 500) : line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
          if (line.contains("Using cache")) {
            cached = true;
          }
          Matcher m = LAYER.matcher(line);
          if (m.matches()) {
            if (!cached) {
              layers.add(m.group(1));
            }
            cached = false;
          }
        }
      }
      super.onNext(item);
    }
  }
}
