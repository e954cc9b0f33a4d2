package dev.swarmlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.engine.docker.DockerEngine;
import dev.swarmlab.error.LabFailedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A failed image build leaves nothing behind and says what went wrong in one line. */
class ImageBuildIT {

  @Test
  void aBuildThatFailsOnACertificateSaysWhatToPassAndLeavesNoLayerOrContainer() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    // a first step that makes a layer, then a step failing the way npm does behind an untrusted
    // proxy
    String dockerfile =
        "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN echo "
            + id
            + " > /made-"
            + id
            + "\n"
            + "RUN echo 'npm ERR! code SELF_SIGNED_CERT_IN_CHAIN' >&2; exit 1\n";
    ImageSource failing =
        new ImageSource(
            "it-failing-" + id, Map.of("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8)));
    BuildOptions build = new BuildOptions(BuildOptions.DEFAULT_BASE_IMAGE, new byte[0]);
    Set<String> imagesBefore = images();
    Set<String> containersBefore = containers();
    LabFailedException e;
    try (DockerEngine engine = DockerEngine.connect()) {
      e =
          assertThrows(
              LabFailedException.class,
              () -> engine.prepareImages(List.of(failing), build, m -> {}));
    }
    assertTrue(
        e.getMessage().contains("failed on a TLS certificate")
            && e.getMessage().contains("--ca-certs FILE"),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    assertEquals(imagesBefore, images(), "layers of the failed build left behind");
    assertEquals(containersBefore, containers(), "containers of the failed build left behind");
  }

  private static Set<String> images() {
    return Docker.client().listImagesCmd().withShowAll(true).exec().stream()
        .map(i -> i.getId())
        .collect(Collectors.toSet());
  }

  private static Set<String> containers() {
    return Docker.client().listContainersCmd().withShowAll(true).exec().stream()
        .map(c -> c.getId())
        .collect(Collectors.toSet());
  }
}
