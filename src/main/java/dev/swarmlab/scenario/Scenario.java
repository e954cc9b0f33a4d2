package dev.swarmlab.scenario;

import dev.swarmlab.error.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A scenario: timed steps that change a running lab on purpose, in the order the file gives them.
 *
 * <pre>
 * description: The first seeder dies when the swarm is 30% done.
 * steps:
 *   - at: 5s
 *     throttle: {target: seeder, up: 1MiB}
 *   - when: {progress: 0.3}
 *     kill: seeder-1
 * </pre>
 *
 * @param source where it was read from, as errors name it
 * @param description what the file says it is about; null if it says nothing
 * @param steps at least one, at most {@link #MAX_STEPS}
 */
public record Scenario(String source, String description, List<Step> steps) {

  /** The most steps a scenario may have. */
  public static final int MAX_STEPS = 1000;

  /** The largest scenario file: 1 MiB. */
  public static final int MAX_BYTES = 1 << 20;

  public Scenario {
    Objects.requireNonNull(source, "source");
    steps = List.copyOf(steps);
    if (steps.isEmpty() || steps.size() > MAX_STEPS) {
      throw new IllegalArgumentException("a scenario has 1 to " + MAX_STEPS + " steps");
    }
  }

  /**
   * Reads a scenario file (UTF-8, at most {@link #MAX_BYTES}).
   *
   * @throws BadInputException in one line naming the file (and the line and key, for what is in it)
   *     if it cannot be read or is not a scenario as {@link #parse} has it
   */
  public static Scenario read(Path file) {
    String source = file.toString();
    if (Files.isDirectory(file)) {
      throw new BadInputException("cannot read " + source + ": a directory, not a file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new BadInputException("cannot read " + source + ": no such file");
    } catch (AccessDeniedException e) {
      throw new BadInputException("cannot read " + source + ": permission denied");
    } catch (IOException e) {
      throw new BadInputException("cannot read " + source + ": " + reason(e));
    }
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(source);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new BadInputException(source + ": not UTF-8 text");
    }
    return parse(text, source);
  }

  /**
   * Parses a scenario from its text. Strict: an unknown key, a duplicate key, a value of the wrong
   * kind, a step with no trigger or two actions are each an error.
   *
   * @param source where the text came from (a file name), as errors name it
   * @throws BadInputException {@code SOURCE:LINE: KEY: what is wrong}, e.g. {@code x.yml:7:
   *     steps[2].throttle: unknown key 'upp' (expected target, up, down)}
   */
  public static Scenario parse(String yaml, String source) {
    if (yaml.length() > MAX_BYTES || yaml.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw tooLarge(source);
    }
    return new ScenarioReader(source).read(yaml);
  }

  private static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static BadInputException tooLarge(String source) {
    return new BadInputException(
        source + ": larger than 1 MiB; a scenario is a list of steps, not data");
  }
}
