package dev.swarmlab.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Engine errors in words: the first line of the innermost cause, the engine's own message when it
 * sent one.
 */
final class EngineErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineErrors() {}

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    String first = m.strip().lines().findFirst().orElse(m).replaceFirst("^Status \\d+: ", "");
    if (first.startsWith("{")) { // the engine's error body: {"message": "..."}
      try {
        JsonNode body = JSON.readTree(first);
        if (body.hasNonNull("message")) {
          return body.get("message").asText();
        }
      } catch (IOException notJson) {
        // keep it as it is
      }
    }
    return first;
  }
}
