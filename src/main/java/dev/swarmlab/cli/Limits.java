package dev.swarmlab.cli;

import java.time.Duration;

/** The ranges of the durations users give: outside them a value is a mistake, not a wish. */
final class Limits {
  static final Duration PEER_TIMEOUT_MIN = Duration.ofMillis(10);
  static final Duration PEER_TIMEOUT_MAX = Duration.ofMinutes(5);
  static final Duration INTERVAL_MIN = Duration.ofMillis(100);
  static final Duration INTERVAL_MAX = Duration.ofHours(1);
  static final Duration TIMEOUT_MIN = Duration.ofMillis(1);
  static final Duration TIMEOUT_MAX = Duration.ofDays(30);

  private Limits() {}
}
