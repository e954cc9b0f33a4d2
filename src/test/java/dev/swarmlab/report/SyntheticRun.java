package dev.swarmlab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.runs.RunPlan;
import dev.swarmlab.runs.RunRecord;
import dev.swarmlab.runs.RunStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run written on disk as a lab leaves it while it runs: {@code runs/ID/} with its {@code up} and
 * {@code started} events, and in the control directory each peer's peer file and block log, in the
 * formats the rtorrent image writes them. Public for the dashboard's tests, which replay it.
 */
public final class SyntheticRun {
  public static final String ID = "20261126T065755Z-60f76a84";

  /** Two torrents of three 32 KiB pieces in 16 KiB blocks, the last piece short. */
  public static final String H1 = "A8F820C917F4E44403946A6FC7F705B68DB123F2";

  public static final long SIZE1 = 81_920; // pieces of 32768, 32768, 16384
  public static final String H2 = "5E1D0C4B3A29180706F5E4D3C2B1A09F8E7D6C5B";
  public static final long SIZE2 = 70_000; // pieces of 32768, 32768, 4464
  public static final long PIECE = 32_768;
  public static final int BLOCK = 16_384;
  public static final int LAST2 = 4_464; // the last block of the second torrent

  public final Path labDir;
  public final Path control;
  public final RunRecord record;
  private final List<Map<String, Object>> containers = new ArrayList<>();

  public SyntheticRun(Path root, int seeders, int leechers) {
    this(root, new RunPlan(seeders, leechers, "generated 148.4 KiB", false));
  }

  public SyntheticRun(Path root, RunPlan plan) {
    labDir = root.resolve("lab");
    control = labDir.resolve(LabContract.CONTROL_DIR);
    try {
      Files.createDirectories(control);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    record = new RunStore(labDir, "demo").begin(ID, plan);
  }

  /** A peer id as rtorrent makes them ({@code -lt0D80-} and random bytes), upper-case hex. */
  public static String id(int n) {
    return String.format("2D6C74304438302D%024X", n);
  }

  /** A container of the {@code started} event. */
  public SyntheticRun container(String name, String service, String address) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("service", service);
    c.put("address", address);
    c.put("state", "running");
    containers.add(c);
    return this;
  }

  /** Records {@code started} with the containers given so far. */
  public SyntheticRun started() {
    record.event("started", Map.of("containers", List.copyOf(containers)));
    return this;
  }

  /**
   * Records {@code down} as a lab's down does: each container named (in {@code states}, by name)
   * with the state it was found in ({@code running}, {@code exited}, ...).
   */
  public SyntheticRun down(Map<String, String> states) {
    List<Map<String, Object>> found = new ArrayList<>();
    states.forEach(
        (name, state) -> {
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("name", name);
          c.put("service", name.substring(0, name.lastIndexOf('-')));
          c.put("state", state);
          found.add(c);
        });
    record.event("down", Map.of("containers", found));
    return this;
  }

  /**
   * Appends {@code event} with {@code detail} to the run's {@code events.jsonl} as if noted at
   * {@code epoch} (seconds), as a command that acts on the running lab notes it.
   */
  public SyntheticRun noted(long epoch, String event, Map<String, ?> detail) {
    try {
      return noted(
          new ObjectMapper()
              .writeValueAsString(
                  new RunRecord.Event(
                      Instant.ofEpochSecond(epoch).toString(),
                      event,
                      new LinkedHashMap<>(detail))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends {@code line} as it is to the run's {@code events.jsonl}. */
  public SyntheticRun noted(String line) {
    try {
      Files.writeString(
          record.dir().resolve("events.jsonl"),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A start of the peer at {@code address}, as the entrypoint notes it. */
  public SyntheticRun start(String address, long epoch, String host, String role) {
    return append(LabContract.peerFileName(address), "peer " + epoch + " " + host + " " + role);
  }

  /** A torrent the peer at {@code address} loaded under its own id {@code localId}. */
  public SyntheticRun torrent(String address, String hash, String localId, long size, String name) {
    return append(
        LabContract.peerFileName(address),
        "torrent 1000 " + hash + " " + localId + " " + size + " " + PIECE + " " + name);
  }

  /** Both torrents, loaded under ids {@code first} and {@code second}. */
  public SyntheticRun torrents(String address, String first, String second) {
    return torrent(address, H1, first, SIZE1, "file-1.bin")
        .torrent(address, H2, second, SIZE2, "holiday photos.tar");
  }

  /** A block the peer at {@code address} kept, from the peer whose id is {@code from}. */
  public SyntheticRun got(
      String address, long epoch, String hash, String from, int piece, int offset, int length) {
    return event(
        LabContract.blockLogName(address),
        epoch,
        hash,
        from,
        "down",
        "completed",
        piece,
        offset,
        length);
  }

  /** A full 16 KiB block kept. */
  public SyntheticRun got(
      String address, long epoch, String hash, String from, int piece, int offset) {
    return got(address, epoch, hash, from, piece, offset, BLOCK);
  }

  /** A line of block log {@code file} in rtorrent's format (upper-case hex, padded words). */
  public SyntheticRun event(
      String file,
      long epoch,
      String hash,
      String peer,
      String direction,
      String event,
      int piece,
      int offset,
      int length) {
    return append(file, line(epoch, hash, peer, direction, event, piece, offset, length));
  }

  /** A line of a block log, as {@link #event} appends it. */
  public static String line(
      long epoch,
      String hash,
      String peer,
      String direction,
      String event,
      int piece,
      int offset,
      int length) {
    return String.format(
        "%d %s->piece_events: %s %-6s %-14s %d %d %d",
        epoch, hash, peer, "(" + direction + ")", event, piece, offset, length);
  }

  /** Appends {@code line} and a line feed to file {@code name} of the control directory. */
  public SyntheticRun append(String name, String line) {
    try {
      Files.writeString(
          control.resolve(name),
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  // The run most tests read: one seeder and two leechers, every block accounted for by hand.

  public static final String SEEDER = "10.0.0.2";
  public static final String L2 = "10.0.0.3"; // named leecher-2
  public static final String L10 = "10.0.0.4"; // named leecher-10
  public static final String S1 = id(0x11);
  public static final String S2 = id(0x12);
  public static final String A1 = id(0x21);
  public static final String A2 = id(0x22);
  public static final String B1 = id(0x31);
  public static final String B2 = id(0x32);

  /**
   * One seeder (started at 1000) and two leechers (1001, 1002) that both finish; each block, when
   * it arrives (seconds from 1000) and from whom:
   *
   * <pre>
   *             torrent 1 (pieces 0-2)          torrent 2 (pieces 3-5)
   * leecher-2   0:3,3 1:4,4 2:5  all seeder     3:5,6 seeder; 4:6,7 leecher-10; 5:8 seeder
   *             + again 4.0 from the seeder at 7, and 4.1 skipped from the seeder at 7
   * leecher-10  0:3,3 seeder; 1:5,5 leecher-2;  all seeder: 3:4,4 4:5,5 5:6
   *             2:9 seeder
   * </pre>
   */
  public static SyntheticRun standard(Path root) {
    return standard(root, new RunPlan(1, 2, "generated 148.4 KiB", false));
  }

  /** {@link #standard(Path)}, planned as {@code plan} says (1 seeder, 2 leechers). */
  public static SyntheticRun standard(Path root, RunPlan plan) {
    SyntheticRun run =
        new SyntheticRun(root, plan)
            .container("tracker-1", "tracker", "10.0.0.9")
            .container("seeder-1", "seeder", SEEDER)
            .container("leecher-2", "leecher", L2)
            .container("leecher-10", "leecher", L10)
            .started()
            .start(SEEDER, 1000, "3f2a9c0e1b7d", "seeder")
            .torrents(SEEDER, S1, S2)
            .start(L2, 1001, "7b1d22aa0c31", "leecher")
            .torrents(L2, A1, A2)
            .start(L10, 1002, "9e0f11bb2d42", "leecher")
            .torrents(L10, B1, B2);
    String log2 = LabContract.blockLogName(L2);
    run.event(log2, 1003, H1, S1, "down", "started_on", 0, 0, BLOCK)
        .got(L2, 1003, H1, S1, 0, 0)
        .got(L2, 1003, H1, S1, 0, BLOCK)
        .got(L2, 1004, H1, S1, 1, 0)
        .got(L2, 1004, H1, S1, 1, BLOCK)
        .got(L2, 1005, H1, S1, 2, 0)
        .got(L2, 1005, H2, S2, 0, 0)
        .event(log2, 1005, H1, B1, "up", "request_added", 1, 0, BLOCK)
        .event(log2, 1005, H1, B1, "up", "completed", 1, 0, BLOCK)
        .got(L2, 1006, H2, S2, 0, BLOCK)
        .got(L2, 1006, H2, B2, 1, 0)
        .got(L2, 1007, H2, S2, 1, 0) // the same block again: a duplicate
        .event(log2, 1007, H2, S2, "down", "skipped", 1, BLOCK, BLOCK)
        .got(L2, 1007, H2, B2, 1, BLOCK)
        .event(log2, 1008, H2, S2, "down", "requesting", 2, 0, LAST2)
        .got(L2, 1008, H2, S2, 2, 0, LAST2)
        .append(log2, "1008 a line of some other log group");
    run.got(L10, 1003, H1, S1, 0, 0)
        .got(L10, 1003, H1, S1, 0, BLOCK)
        .got(L10, 1004, H2, S2, 0, 0)
        .got(L10, 1004, H2, S2, 0, BLOCK)
        .got(L10, 1005, H1, A1, 1, 0)
        .got(L10, 1005, H1, A1, 1, BLOCK)
        .got(L10, 1005, H2, S2, 1, 0)
        .got(L10, 1005, H2, S2, 1, BLOCK)
        .got(L10, 1006, H2, S2, 2, 0, LAST2)
        .got(L10, 1009, H1, S1, 2, 0);
    String log1 = LabContract.blockLogName(SEEDER);
    run.event(log1, 1003, H1, A1, "up", "request_added", 0, 0, BLOCK)
        .event(log1, 1003, H1, A1, "up", "prepared", 0, 0, BLOCK)
        .event(log1, 1003, H1, A1, "up", "completed", 0, 0, BLOCK);
    return run;
  }

  // Runs whose peers were killed and started again, at another address: only torrent 1 (pieces 0-2,
  // five blocks), and host names as the lab sets them (the peers' names).

  public static final String OLD_L3 = "10.0.0.5"; // leecher-3 at up
  public static final String NEW_L3 = "10.0.0.6"; // leecher-3 started again
  public static final String C1 = id(0x41); // leecher-3's id at its first start
  public static final String D1 = id(0x42); // and at its second

  /**
   * leecher-3, killed and started again at another address (at 1006): one leecher with both starts'
   * logs and ids. Each block, when (seconds from 1000) and from whom:
   *
   * <pre>
   *             first start (at OLD_L3)                  second start (at NEW_L3)
   * leecher-3   0.0:2 0.1:2 seeder; 1.0:3 leecher-2      1.0:7 again, seeder; 1.1:7 2.0:8 seeder
   * leecher-2   0.0:3 from leecher-3's first id (C1); 0.1:3 1.0:2 2.0:9 seeder;
   *             1.1:8 from leecher-3's second id (D1)
   * </pre>
   */
  public static SyntheticRun moved(Path root) {
    SyntheticRun run =
        new SyntheticRun(root, 1, 2)
            .container("seeder-1", "seeder", SEEDER)
            .container("leecher-2", "leecher", L2)
            .container("leecher-3", "leecher", OLD_L3)
            .started()
            .start(SEEDER, 1000, "seeder-1", "seeder")
            .torrent(SEEDER, H1, S1, SIZE1, "file-1.bin")
            .start(L2, 1001, "leecher-2", "leecher")
            .torrent(L2, H1, A1, SIZE1, "file-1.bin")
            .start(OLD_L3, 1001, "leecher-3", "leecher")
            .torrent(OLD_L3, H1, C1, SIZE1, "file-1.bin")
            .start(NEW_L3, 1006, "leecher-3", "leecher")
            .torrent(NEW_L3, H1, D1, SIZE1, "file-1.bin");
    run.got(OLD_L3, 1002, H1, S1, 0, 0)
        .got(OLD_L3, 1002, H1, S1, 0, BLOCK)
        .got(OLD_L3, 1003, H1, A1, 1, 0)
        .got(NEW_L3, 1007, H1, S1, 1, 0) // the half piece it had was lost
        .got(NEW_L3, 1007, H1, S1, 1, BLOCK)
        .got(NEW_L3, 1008, H1, S1, 2, 0);
    run.got(L2, 1002, H1, S1, 1, 0)
        .got(L2, 1003, H1, C1, 0, 0)
        .got(L2, 1003, H1, S1, 0, BLOCK)
        .got(L2, 1008, H1, D1, 1, BLOCK)
        .got(L2, 1009, H1, S1, 2, 0);
    return run;
  }

  public static final String B_ADDRESS = "10.0.0.6"; // leecher-5 at up
  public static final String E1 = id(0x51); // leecher-5's id at its first start
  public static final String F1 = id(0x52); // and at its second

  /** The name of the log of {@code address}'s start before the one at {@code epoch}. */
  public static String rotatedLog(String address, long epoch) {
    return LabContract.blockLogName(address) + "." + epoch + "000000123";
  }

  /**
   * leecher-2 (at L2) and leecher-5 (at B_ADDRESS) are killed; leecher-5 is started again (at 1006)
   * and given leecher-2's old address: L2's peer file has leecher-2's start and then leecher-5's,
   * its earlier log is leecher-2's and its current one leecher-5's. The {@code started} event still
   * names L2 leecher-2. Each block, when (seconds from 1000) and from whom:
   *
   * <pre>
   * leecher-2    (L2, earlier log)   0.0:2 0.1:2 seeder; 1.0:3 leecher-5's first id (E1)
   * leecher-5    (B_ADDRESS)         1.0:2 1.1:2 seeder; 0.0:3 leecher-2 (A1)
   *              (L2, current log)   0.1:7 2.0:7 seeder
   * leecher-10   0.0:3 leecher-2 (A1); 1.0:8 leecher-5's second id (F1); 0.1:3 1.1:8 2.0:8 seeder
   * </pre>
   */
  public static SyntheticRun reused(Path root) {
    SyntheticRun run = peersOfReuse(root);
    run.append(LabContract.peerFileName(L2), "peer 1006 leecher-5 leecher")
        .torrent(L2, H1, F1, SIZE1, "file-1.bin");
    String earlier = rotatedLog(L2, 1006);
    run.event(earlier, 1002, H1, S1, "down", "completed", 0, 0, BLOCK)
        .event(earlier, 1002, H1, S1, "down", "completed", 0, BLOCK, BLOCK)
        .event(earlier, 1003, H1, E1, "down", "completed", 1, 0, BLOCK);
    run.got(L2, 1007, H1, S1, 0, BLOCK).got(L2, 1007, H1, S1, 2, 0);
    return run;
  }

  /**
   * As {@link #reused}, but leecher-2's rtorrent at L2 never opened a log (nor loaded a torrent),
   * so L2 has two starts and one log, leecher-5's (its first event after leecher-5's start): each
   * block, when (seconds from 1000) and from whom:
   *
   * <pre>
   * leecher-5    (B_ADDRESS)         0.0:2 1.0:2 1.1:2 seeder
   *              (L2, current log)   0.1:7 2.0:7 seeder
   * leecher-10   1.0:8 leecher-5's second id (F1); 0.0:3 0.1:3 1.1:8 2.0:8 seeder
   * </pre>
   */
  public static SyntheticRun reusedBeforeALog(Path root) {
    SyntheticRun run =
        new SyntheticRun(root, 1, 3)
            .container("seeder-1", "seeder", SEEDER)
            .container("leecher-2", "leecher", L2)
            .container("leecher-5", "leecher", B_ADDRESS)
            .container("leecher-10", "leecher", L10)
            .started()
            .start(SEEDER, 1000, "seeder-1", "seeder")
            .torrent(SEEDER, H1, S1, SIZE1, "file-1.bin")
            .start(L2, 1001, "leecher-2", "leecher")
            .start(B_ADDRESS, 1001, "leecher-5", "leecher")
            .torrent(B_ADDRESS, H1, E1, SIZE1, "file-1.bin")
            .start(L10, 1001, "leecher-10", "leecher")
            .torrent(L10, H1, B1, SIZE1, "file-1.bin")
            .start(L2, 1006, "leecher-5", "leecher")
            .torrent(L2, H1, F1, SIZE1, "file-1.bin");
    run.got(B_ADDRESS, 1002, H1, S1, 0, 0)
        .got(B_ADDRESS, 1002, H1, S1, 1, 0)
        .got(B_ADDRESS, 1002, H1, S1, 1, BLOCK)
        .got(L2, 1007, H1, S1, 0, BLOCK)
        .got(L2, 1007, H1, S1, 2, 0);
    run.got(L10, 1003, H1, S1, 0, 0)
        .got(L10, 1003, H1, S1, 0, BLOCK)
        .got(L10, 1008, H1, F1, 1, 0)
        .got(L10, 1008, H1, S1, 1, BLOCK)
        .got(L10, 1008, H1, S1, 2, 0);
    return run;
  }

  /** {@link #reused}'s peers at up, and every block but those at L2. */
  private static SyntheticRun peersOfReuse(Path root) {
    SyntheticRun run =
        new SyntheticRun(root, 1, 3)
            .container("seeder-1", "seeder", SEEDER)
            .container("leecher-2", "leecher", L2)
            .container("leecher-5", "leecher", B_ADDRESS)
            .container("leecher-10", "leecher", L10)
            .started()
            .start(SEEDER, 1000, "seeder-1", "seeder")
            .torrent(SEEDER, H1, S1, SIZE1, "file-1.bin")
            .start(L2, 1001, "leecher-2", "leecher")
            .torrent(L2, H1, A1, SIZE1, "file-1.bin")
            .start(B_ADDRESS, 1001, "leecher-5", "leecher")
            .torrent(B_ADDRESS, H1, E1, SIZE1, "file-1.bin")
            .start(L10, 1001, "leecher-10", "leecher")
            .torrent(L10, H1, B1, SIZE1, "file-1.bin");
    run.got(B_ADDRESS, 1002, H1, S1, 1, 0)
        .got(B_ADDRESS, 1002, H1, S1, 1, BLOCK)
        .got(B_ADDRESS, 1003, H1, A1, 0, 0);
    run.got(L10, 1003, H1, A1, 0, 0)
        .got(L10, 1003, H1, S1, 0, BLOCK)
        .got(L10, 1008, H1, F1, 1, 0)
        .got(L10, 1008, H1, S1, 1, BLOCK)
        .got(L10, 1008, H1, S1, 2, 0);
    return run;
  }
}
