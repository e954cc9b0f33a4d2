package dev.swarmlab.rtorrent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The blocks one peer received, read from its block log events in order: each block it kept is
 * handed over once, as kept; a block it completed again (after a failed piece) or skipped (another
 * peer delivered it first, in endgame) as a duplicate. Events of other kinds are passed over.
 */
public final class ReceivedBlocks implements Consumer<BlockLog.Event> {
  /** Receives each block received. */
  @FunctionalInterface
  public interface Sink {
    void block(BlockLog.Event event, boolean duplicate);
  }

  private final Map<String, Set<Long>> held = new HashMap<>();
  private final Sink sink;

  public ReceivedBlocks(Sink sink) {
    this.sink = sink;
  }

  @Override
  public void accept(BlockLog.Event e) {
    if (e.direction() != BlockLog.Direction.DOWN) {
      return;
    }
    boolean completed = e.event().equals("completed");
    if (!completed && !e.event().equals("skipped")) {
      return;
    }
    boolean duplicate =
        !completed
            || !held.computeIfAbsent(e.infoHash(), h -> new HashSet<>())
                .add(((long) e.piece() << 32) | e.offset());
    sink.block(e, duplicate);
  }
}
