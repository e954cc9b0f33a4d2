package dev.swarmlab.lab;

import dev.swarmlab.compose.ComposeProject;
import dev.swarmlab.compose.ComposeRenderer;
import dev.swarmlab.compose.RenderInputs;
import dev.swarmlab.compose.ServiceSpec;
import dev.swarmlab.compose.TemplateSource;
import dev.swarmlab.engine.BuildOptions;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.ImageSource;
import dev.swarmlab.error.BadInputException;
import dev.swarmlab.plan.LabSpec;
import dev.swarmlab.plan.Payload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A lab's life: from a plan to a compose file (written to {@code .swarmlab/PROJECT/}), to running
 * containers, to nothing again.
 */
public final class Lab {

  /** The images of {@code docker/}, by the name templates know them as ({@code images.NAME}). */
  public static final List<String> IMAGES = List.of("tracker", "mktorrent", "rtorrent", "flood");

  public static final String DEBUG_PROFILE = "debug";

  private final Path stateDir;
  private final ComposeRenderer renderer;
  private final BuildOptions build;
  private final Map<String, ImageSource> images = new LinkedHashMap<>();

  /**
   * @param stateDir where each project's compose file and generated payload go ({@code .swarmlab})
   */
  public Lab(Path stateDir, TemplateSource templates, BuildOptions build) {
    this.stateDir = stateDir;
    this.renderer = new ComposeRenderer(templates);
    this.build = build;
    IMAGES.forEach(name -> images.put(name, ImageSource.packaged(name)));
  }

  /** A lab rendered: the compose file's text and its typed reading. */
  public record Rendered(String yaml, ComposeProject project, PayloadLayout payload, Path composeFile) {}

  /** The compose file for {@code spec}, without writing anything. */
  public Rendered render(LabSpec spec) {
    Path labDir = stateDir.resolve(spec.project());
    PayloadLayout payload = PayloadLayout.of(spec.payload(), labDir);
    Map<String, String> tags = new LinkedHashMap<>();
    images.forEach((name, source) -> tags.put(name, source.tag(build)));
    RenderInputs inputs =
        new RenderInputs(tags, payload.source(), payload.target(), payload.torrents(), payload.bytes());
    Map<String, Object> tree = renderer.render(spec, inputs);
    Path file = labDir.resolve("docker-compose.yml").toAbsolutePath();
    return new Rendered(
        ComposeRenderer.toYaml(tree), ComposeProject.parse(tree, spec.project(), file.toString()), payload, file);
  }

  /**
   * Builds what is missing, writes the compose file and the payload, and starts the lab,
   * {@code startsAtOnce} containers at a time (empty: the engine's default). If it fails, the
   * engine has removed what it created.
   */
  public Rendered up(LabSpec spec, Engine engine, OptionalInt startsAtOnce, Consumer<String> progress) {
    if (!engine.list(spec.project()).isEmpty()) {
      throw new BadInputException(
          "lab '" + spec.project() + "' is already up; run 'swarmlab down' first, or choose another --project");
    }
    Rendered rendered = render(spec);
    engine.checkCapacity(spec.seeders(), spec.leechers(), rendered.payload().bytes());
    Set<String> profiles = spec.debug() ? Set.of(DEBUG_PROFILE) : Set.of();
    Set<String> wanted =
        rendered.project().services().stream()
            .filter(s -> s.enabledFor(profiles) && s.replicas() > 0)
            .map(ServiceSpec::image)
            .collect(java.util.stream.Collectors.toSet());
    engine.prepareImages(
        images.values().stream().filter(i -> wanted.contains(i.tag(build))).toList(), build, progress);
    if (spec.payload() instanceof Payload.Generated g) {
      if (PayloadLayout.generate(rendered.payload().source(), g.sizeBytes())) {
        progress.accept("wrote the payload to " + rendered.payload().source());
      }
    }
    writeAtomically(rendered.composeFile(), rendered.yaml());
    engine.up(rendered.project(), profiles, rendered.composeFile(), startsAtOnce, progress);
    return rendered;
  }

  private static void writeAtomically(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".docker-compose", ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
