package dev.swarmlab.monitor;

import dev.swarmlab.plan.LabContract;
import java.util.ArrayList;
import java.util.List;

/**
 * Every peer of one lab at one poll, and the summary over them. The {@code status --json} schema.
 */
public record SwarmSnapshot(String project, List<PeerStatus> peers, Summary summary) {

  public SwarmSnapshot {
    peers = List.copyOf(peers);
  }

  /**
   * @param leechers how many leechers the lab has
   * @param leechersComplete how many of them have the whole payload
   * @param progress bytes done over bytes wanted, across all leechers (1.0 with no leechers); a
   *     leecher that did not answer counts as having none, so this is what is known to be done
   * @param downRate bytes per second received, summed over all peers
   * @param upRate bytes per second sent, summed over all peers
   * @param timeToComplete seconds from the lab's start to each complete leecher's completion; null
   *     while no leecher is complete
   * @param unanswered how many leechers run but did not answer this poll
   */
  public record Summary(
      int leechers,
      int leechersComplete,
      double progress,
      long downRate,
      long upRate,
      Spread timeToComplete,
      int unanswered) {
    /** A summary in which every running leecher answered. */
    public Summary(
        int leechers,
        int leechersComplete,
        double progress,
        long downRate,
        long upRate,
        Spread timeToComplete) {
      this(leechers, leechersComplete, progress, downRate, upRate, timeToComplete, 0);
    }

    public boolean allComplete() {
      return leechersComplete == leechers;
    }
  }

  /** Minimum, median, 90th percentile (nearest rank) and maximum of some seconds. */
  public record Spread(long min, long median, long p90, long max) {
    static Spread of(List<Long> values) {
      if (values.isEmpty()) {
        return null;
      }
      List<Long> v = new ArrayList<>(values);
      v.sort(null);
      return new Spread(v.get(0), rank(v, 0.5), rank(v, 0.9), v.get(v.size() - 1));
    }

    private static long rank(List<Long> sorted, double q) {
      int i = (int) Math.ceil(q * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
  }

  /** The snapshot of {@code peers}, with their summary. */
  public static SwarmSnapshot of(String project, List<PeerStatus> peers) {
    int leechers = 0;
    int complete = 0;
    long done = 0;
    long total = 0;
    long down = 0;
    long up = 0;
    int unanswered = 0;
    List<Long> times = new ArrayList<>();
    for (PeerStatus p : peers) {
      down += p.downRate();
      up += p.upRate();
      if (p.role().equals(LabContract.LEECHER)) {
        leechers++;
        unanswered += p.state().equals(PeerStatus.UNREACHABLE) ? 1 : 0;
        complete += p.complete() ? 1 : 0;
        done += p.bytesDone();
        total += p.bytesTotal();
        if (p.secondsToComplete() != null) {
          times.add(p.secondsToComplete());
        }
      }
    }
    double progress = total == 0 ? (leechers == 0 ? 1.0 : 0.0) : (double) done / total;
    return new SwarmSnapshot(
        project,
        peers,
        new Summary(leechers, complete, progress, down, up, Spread.of(times), unanswered));
  }
}
