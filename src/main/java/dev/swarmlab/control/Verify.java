package dev.swarmlab.control;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.engine.Helper;
import dev.swarmlab.error.LabFailedException;
import dev.swarmlab.monitor.SwarmMonitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every file of every peer hashed against the source: the torrent job writes the SHA-256 of each
 * file it shared ({@code /torrents/manifest.sha256}, mounted in every peer), and each peer checks
 * its own copies against it in its own directory ({@code sha256sum -c}, run in the peer).
 */
public final class Verify {

  /** The command each peer runs: its directory is where it keeps the payload. */
  static final List<String> COMMAND =
      List.of(
          "/bin/sh",
          "-c",
          "cd \"$SWARMLAB_DIRECTORY\" && exec sha256sum -c " + "/torrents/manifest.sha256");

  /** What a peer's check may print: a line per file. */
  static final int MAX_OUTPUT = 8 << 20;

  /** The most files named per peer in a report. */
  static final int MAX_NAMED = 20;

  private static final Pattern LINE = Pattern.compile("(.*): (OK|FAILED|FAILED open or read)");

  private final Engine engine;
  private final Duration timeout;

  /** Each peer is given {@code timeout} to hash its files. */
  public Verify(Engine engine, Duration timeout) {
    this.engine = engine;
    this.timeout = timeout;
  }

  /**
   * One peer's check.
   *
   * @param ok files whose hash is the source's
   * @param differ files that are there but differ (or are not complete)
   * @param missing files that are not there
   * @param error why the peer could not be checked at all; null if it was
   * @param skipped why the peer was not checked (it is not running); null if it was
   */
  public record PeerCheck(
      String peer,
      int ok,
      List<String> differ,
      List<String> missing,
      String error,
      String skipped) {
    public PeerCheck {
      differ = List.copyOf(differ);
      missing = List.copyOf(missing);
    }

    /** Whether every file of the source is there, whole and the same. */
    public boolean passed() {
      return skipped == null && error == null && differ.isEmpty() && missing.isEmpty() && ok > 0;
    }
  }

  /** Checks each of {@code peers}, two at a time (hashing is work for the CPU). */
  public List<PeerCheck> check(List<ContainerInfo> peers) {
    return PerPeer.apply(
        peers,
        2,
        this::check,
        (name, why) -> new PeerCheck(name, 0, List.of(), List.of(), why, null));
  }

  private PeerCheck check(ContainerInfo peer) {
    String name = SwarmMonitor.peerName(peer);
    if (!peer.running()) {
      return new PeerCheck(
          name, 0, List.of(), List.of(), null, "not running (" + peer.state() + ")");
    }
    try {
      return parse(name, engine.exec(peer.id(), COMMAND, timeout, MAX_OUTPUT));
    } catch (LabFailedException e) {
      return new PeerCheck(name, 0, List.of(), List.of(), e.getMessage(), null);
    }
  }

  /** A peer's check from what {@code sha256sum -c} printed and how it ended. */
  static PeerCheck parse(String peer, Helper.Result r) {
    int ok = 0;
    List<String> differ = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    String last = null;
    for (String line : r.output().split("\n", -1)) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        String file = m.group(1).startsWith("./") ? m.group(1).substring(2) : m.group(1);
        switch (m.group(2)) {
          case "OK" -> ok++;
          case "FAILED" -> differ.add(file);
          default -> missing.add(file);
        }
      } else if (!line.isBlank() && !line.startsWith("sha256sum: WARNING")) {
        last = line.strip();
      }
    }
    String error = null;
    if (ok == 0 && differ.isEmpty() && missing.isEmpty()) {
      error = last != null ? last : "nothing checked (exit " + r.exitCode() + ")";
    } else if (r.exitCode() != 0 && differ.isEmpty() && missing.isEmpty()) {
      error = last != null ? last : "exit " + r.exitCode();
    }
    return new PeerCheck(peer, ok, differ, missing, error, null);
  }

  /** {@code leecher-1: 3 files ok} or what is wrong, in one line. */
  public static String describe(PeerCheck c) {
    if (c.skipped() != null) {
      return c.peer() + ": " + c.skipped() + ", not checked";
    }
    if (c.error() != null) {
      return c.peer() + ": cannot check: " + c.error();
    }
    if (c.passed()) {
      return c.peer() + ": " + c.ok() + (c.ok() == 1 ? " file" : " files") + " ok";
    }
    List<String> wrong = new ArrayList<>();
    c.differ().stream().limit(MAX_NAMED).forEach(f -> wrong.add(f + " differs"));
    c.missing().stream().limit(MAX_NAMED).forEach(f -> wrong.add(f + " missing"));
    int more = c.differ().size() + c.missing().size() - wrong.size();
    return c.peer()
        + ": "
        + String.join(", ", wrong)
        + (more > 0 ? " and " + more + " more" : "")
        + " ("
        + c.ok()
        + " ok)";
  }
}
