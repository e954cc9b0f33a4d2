package dev.swarmlab.cli;

import dev.swarmlab.plan.Quantities;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --peer-timeout}: how long one rtorrent may take to answer. */
public final class PeerTimeoutOption {
  @Option(
      names = "--peer-timeout",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description = "How long to wait for one rtorrent's answer (default: ${DEFAULT-VALUE}).")
  String peerTimeout;

  /** The timeout, checked against the bounds. */
  public Duration value() {
    return Quantities.parseDuration(
        peerTimeout, "--peer-timeout", Limits.PEER_TIMEOUT_MIN, Limits.PEER_TIMEOUT_MAX);
  }
}
