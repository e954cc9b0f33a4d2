package dev.swarmlab.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmlab.plan.LabContract;
import dev.swarmlab.rtorrent.Lines;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One run: what one {@code up} of a lab leaves in {@code .swarmlab/PROJECT/runs/RUN/}.
 *
 * <ul>
 *   <li>{@code run.json}: its id, project, start and plan;
 *   <li>{@code docker-compose.yml}: the compose file it ran;
 *   <li>{@code events.jsonl}: the lab's lifecycle, a JSON object a line ({@code up}, {@code
 *       started}, {@code complete}, {@code failed}, {@code ended}, ...);
 *   <li>{@code peers/}: once the run has ended, every peer's block log (gzip) and peer file; until
 *       then they are written live in the lab's control directory;
 *   <li>{@code summary.json}: what the run came to, once it has ended.
 * </ul>
 */
public final class RunRecord {
  static final String INFO = "run.json";
  static final String EVENTS = "events.jsonl";
  static final String COMPOSE = "docker-compose.yml";
  static final String PEERS = "peers";
  static final String SUMMARY = "summary.json";

  /** The event that closes a run: its peers' files are in {@code peers/} from then on. */
  public static final String ENDED = "ended";

  static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Path labDir;

  RunRecord(Path dir, Path labDir) {
    this.dir = dir;
    this.labDir = labDir;
  }

  /**
   * What {@code run.json} holds.
   *
   * @param started when {@code up} began, ISO-8601 in UTC
   */
  public record Info(String id, String project, String started, RunPlan plan) {
    public Instant startedAt() {
      return Instant.parse(started);
    }
  }

  /**
   * One line of {@code events.jsonl}.
   *
   * @param detail the event's own fields, e.g. the containers a {@code started} lab had
   */
  public record Event(String at, String event, Map<String, Object> detail) {
    public Event {
      detail = detail == null ? Map.of() : new LinkedHashMap<>(detail);
    }

    public Instant instant() {
      return Instant.parse(at);
    }
  }

  /** The run's directory. */
  public Path dir() {
    return dir;
  }

  /** The run's id: when it started (UTC) and a random suffix; ids sort by start. */
  public String id() {
    return dir.getFileName().toString();
  }

  /** {@code run.json}. */
  public Info info() {
    try {
      return JSON.readValue(read(dir.resolve(INFO)), Info.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(INFO), e);
    }
  }

  static RunRecord create(Path dir, Path labDir, Info info) {
    try {
      Files.createDirectory(dir);
      write(dir.resolve(INFO), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the run record " + dir, e);
    }
    return new RunRecord(dir, labDir);
  }

  /** Appends {@code event} with {@code detail} to {@code events.jsonl}, stamped now. */
  public void event(String event, Map<String, ?> detail) {
    Map<String, Object> d = new LinkedHashMap<>(detail);
    try {
      byte[] line =
          (JSON.writeValueAsString(new Event(Instant.now().toString(), event, d)) + "\n")
              .getBytes(StandardCharsets.UTF_8);
      try (OutputStream out =
          Files.newOutputStream(
              dir.resolve(EVENTS),
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              LinkOption.NOFOLLOW_LINKS)) {
        out.write(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(EVENTS), e);
    }
  }

  /** Every event, oldest first; lines that are not events are passed over. */
  public List<Event> events() {
    Path file = dir.resolve(EVENTS);
    List<Event> out = new ArrayList<>();
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    for (String line : new String(read(file), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(JSON.readValue(line, Event.class));
      } catch (JsonProcessingException e) {
        // a line cut short by a crash: the others still count
      }
    }
    return out;
  }

  /** The last event named {@code event}, if there is one. */
  public Optional<Event> last(String event) {
    List<Event> all = events();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).event().equals(event)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  /** Whether the run has ended: its lab is gone and its peers' files are in {@code peers/}. */
  public boolean ended() {
    return last(ENDED).isPresent();
  }

  /** Keeps the compose file the run started from. */
  public void keepComposeFile(String yaml) {
    write(dir.resolve(COMPOSE), yaml.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The files each peer wrote, by the address it is named after: from {@code peers/} once the run
   * has ended, from the lab's control directory while it runs.
   */
  public Map<String, PeerFiles> peerFiles() {
    return peerFiles(ended());
  }

  /**
   * {@link #peerFiles()} of a run that has ({@code packed}) or has not ended, as the caller read it
   * once.
   */
  public Map<String, PeerFiles> peerFiles(boolean packed) {
    // only end() packs; a .gz in the control directory is no log
    Path from = packed ? dir.resolve(PEERS) : labDir.resolve(LabContract.CONTROL_DIR);
    Map<String, PeerFiles> out = new TreeMap<>();
    if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(from)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String plain = packed && name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        boolean log = LabContract.isBlockLog(plain);
        boolean peer = LabContract.isPeerFile(plain);
        if ((!log && !peer) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        PeerFiles p =
            out.computeIfAbsent(
                LabContract.addressOf(plain), a -> new PeerFiles(a, new ArrayList<>(), null));
        if (log) {
          p.blockLogs().add(f);
        } else {
          out.put(p.address(), new PeerFiles(p.address(), p.blockLogs(), f));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + from, e);
    }
    out.values().forEach(p -> p.blockLogs().sort(Comparator.comparing(RunRecord::logOrder)));
    return out;
  }

  /** A rotated log ({@code NAME.NANOS}) before the current one ({@code NAME}), packed or not. */
  private static String logOrder(Path log) {
    return LabContract.blockLogOrder(log.getFileName().toString().replace(".gz", ""));
  }

  /**
   * One peer's files.
   *
   * @param blockLogs its block logs, oldest first (one for each start)
   * @param peerFile its peer file; null if it wrote none
   */
  public record PeerFiles(String address, List<Path> blockLogs, Path peerFile) {}

  /**
   * Opens a file of {@link #peerFiles}, unpacked if it is packed; a link, or anything but a regular
   * file, is refused (the peers wrote these files, and could have planted one).
   */
  public static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Lines.open(file), 1 << 16);
    return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** {@link #open}, read no further than this run's {@link #maxFileBytes} (unpacked). */
  public InputStream openPeerFile(Path file) throws IOException {
    return new Bounded(open(file), maxFileBytes());
  }

  /**
   * Ends the run: moves every peer's block logs (packed) and peer file from {@code controlDir} into
   * {@code peers/}, then records {@code ended} with {@code how}. Links and other odd files a peer
   * may have left are not followed, and are removed; a directory is left where it is.
   */
  public void end(Path controlDir, String how) {
    Path to = dir.resolve(PEERS);
    List<Path> done = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    try {
      if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the peers' files of run " + id(), e);
    }
    long cap = maxFileBytes();
    if (Files.isDirectory(controlDir, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(controlDir)) {
        for (Path f : files) {
          String name = f.getFileName().toString();
          boolean log = LabContract.isBlockLog(name);
          if (!log && !LabContract.isPeerFile(name)) {
            continue;
          }
          if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
            continue; // not a peer's file: left where it is
          }
          try {
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
              if (log) {
                pack(f, to.resolve(name + ".gz"), cap);
              } else {
                copy(f, to.resolve(name), cap);
              }
            }
            done.add(f);
          } catch (IOException | RuntimeException e) {
            skipped.add(name + " (" + e.getMessage() + ")");
          }
        }
      } catch (IOException | java.nio.file.DirectoryIteratorException e) {
        skipped.add(controlDir + " (" + e.getMessage() + ")");
      }
    }
    // Ended only once every file is in peers/: a reader sees the run whole, live or packed.
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("how", how);
    detail.put("peerFiles", done.size());
    if (!skipped.isEmpty()) {
      detail.put("notKept", skipped);
    }
    event(ENDED, detail);
    for (Path f : done) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        // kept in peers/ already; the next up's settle finds no open run to give it to
      }
    }
  }

  /**
   * The most of one peer's file a run keeps and reads: far more than any real log (a few lines of
   * about 150 bytes for each 16 KiB block a peer receives or sends), so that a peer cannot make
   * swarmlab read or pack without end.
   */
  long maxFileBytes() {
    RunPlan plan;
    try {
      plan = info().plan();
    } catch (RuntimeException e) {
      return 16L << 30;
    }
    if (plan == null || plan.payloadBytes() <= 0) {
      return 16L << 30;
    }
    return (64L << 20) + (plan.seeders() + (long) plan.leechers()) * (plan.payloadBytes() / 4);
  }

  private static void pack(Path from, Path to, long cap) throws IOException {
    Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
    try (InputStream in = open(from);
        OutputStream out =
            new GZIPOutputStream(
                Files.newOutputStream(
                    tmp,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS),
                1 << 16) {
              {
                def.setLevel(Deflater.BEST_SPEED);
              }
            }) {
      new Bounded(in, cap).transferTo(out);
    }
    Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void copy(Path from, Path to, long cap) throws IOException {
    try (InputStream in = open(from)) {
      Files.copy(new Bounded(in, cap), to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** At most {@code left} bytes of a stream: a peer's file is read no further. */
  static final class Bounded extends java.io.FilterInputStream {
    private long left;

    Bounded(InputStream in, long max) {
      super(in);
      this.left = max;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      left -= b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(buf, off, (int) Math.min(len, left));
      left -= Math.max(0, n);
      return n;
    }
  }

  /** {@code summary.json} when it has been written. */
  public Optional<Path> summaryFile() {
    Path f = dir.resolve(SUMMARY);
    return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? Optional.of(f) : Optional.empty();
  }

  /** Writes {@code summary.json}. */
  public void writeSummary(byte[] json) {
    write(dir.resolve(SUMMARY), json);
  }

  private static byte[] read(Path file) {
    try (InputStream in = open(file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static void write(Path file, byte[] bytes) {
    try {
      if (Files.isSymbolicLink(file)) {
        throw new IOException(file + " is a symbolic link");
      }
      Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public String toString() {
    return id();
  }
}
