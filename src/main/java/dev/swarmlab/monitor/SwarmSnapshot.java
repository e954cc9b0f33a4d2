package dev.swarmlab.monitor;

import java.util.List;

/** Every peer of one lab at one poll, and the summary over them. The {@code status --json} schema. */
public record SwarmSnapshot(String project, List<PeerStatus> peers, Summary summary) {

  public SwarmSnapshot {
    peers = List.copyOf(peers);
  }

  /**
   * @param leechers how many leechers the lab has
   * @param leechersComplete how many of them have the whole payload
   * @param progress bytes done over bytes wanted, across all leechers (1.0 with no leechers)
   * @param downRate bytes per second received, summed over all peers
   * @param upRate bytes per second sent, summed over all peers
   */
  public record Summary(int leechers, int leechersComplete, double progress, long downRate, long upRate) {
    public boolean allComplete() {
      return leechersComplete == leechers;
    }
  }

  static SwarmSnapshot of(String project, List<PeerStatus> peers) {
    int leechers = 0;
    int complete = 0;
    long done = 0;
    long total = 0;
    long down = 0;
    long up = 0;
    for (PeerStatus p : peers) {
      down += p.downRate();
      up += p.upRate();
      if (p.role().equals("leecher")) {
        leechers++;
        complete += p.complete() ? 1 : 0;
        done += p.bytesDone();
        total += p.bytesTotal();
      }
    }
    double progress = total == 0 ? (leechers == 0 ? 1.0 : 0.0) : (double) done / total;
    return new SwarmSnapshot(project, peers, new Summary(leechers, complete, progress, down, up));
  }
}
