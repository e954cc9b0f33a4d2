package dev.swarmlab.compose;

import dev.swarmlab.error.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Where compose templates come from: by default the ones packaged with swarmlab. */
@FunctionalInterface
public interface TemplateSource {

  /** The text of template {@code name} (e.g. {@code seeder.yml}). */
  String read(String name);

  /** The templates of {@code compose-templates/}, as packaged on the class path. */
  static TemplateSource packaged() {
    return name -> {
      String resource = "/swarmlab/compose-templates/" + name;
      try (InputStream in = TemplateSource.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new TemplateException("compose-templates/" + name + ": no such template");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
