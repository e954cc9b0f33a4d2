package dev.swarmlab.plan;

import java.nio.file.Path;

/** What the seeders share: a generated deterministic payload, or the user's own file or folder. */
public sealed interface Payload {

  /** A generated payload: one file of {@code sizeBytes} plus a folder of three small files. */
  record Generated(long sizeBytes) implements Payload {}

  /** The user's own file or directory, shared read-only. */
  record UserData(Path path) implements Payload {}
}
