package dev.swarmlab.rtorrent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Who wrote each block log of a lab's control directory, and whose is each peer id its peer files
 * list: a start of a peer at a time.
 *
 * <p>An address is not a peer. A container started again may be given another address on the lab's
 * network, even one a killed peer had: one address's peer file can then hold the starts of several
 * peers and its logs be theirs, and one peer's starts can lie under several addresses. A start is
 * one peer: its {@code peer} line names it, the {@code torrent} lines after it are its ids, and one
 * of the address's logs is its own. Peers are then one per name, whatever their addresses.
 */
public final class PeerStarts {
  private PeerStarts() {}

  /**
   * One address's files.
   *
   * @param peerFile null if it has none, or it could not be read
   * @param logs oldest first: the logs of earlier starts ({@code NAME.NANOS}) by their NANOS, then
   *     the current one
   * @param <L> how the caller holds a log
   */
  public record Files<L>(PeerFile peerFile, List<L> logs) {
    public Files {
      logs = List.copyOf(logs);
    }
  }

  /**
   * One start of a peer.
   *
   * @param name the lab's name of the peer (see {@link #read})
   * @param address the address it started at
   * @param epochSecond when it started; -1 for the logs and ids of an address whose peer file names
   *     no start
   * @param hostName its host name, as its peer file says; empty if it says none
   * @param role its role, as its peer file says; empty if it says none
   * @param torrents the torrents it loaded, each under its own id
   * @param logs its block logs, oldest first: one, as a rule
   * @param <L> how the caller holds a log
   */
  public record Start<L>(
      String name,
      String address,
      long epochSecond,
      String hostName,
      String role,
      List<PeerFile.Torrent> torrents,
      List<L> logs) {
    public Start {
      torrents = List.copyOf(torrents);
      logs = List.copyOf(logs);
    }
  }

  /** Which start of each address a lab's names by address are the names of. */
  public enum NamesOf {
    /** Each address's first: the names {@code up} recorded, once every peer had started. */
    FIRST_STARTS,
    /** Each address's last: the names of the containers at their addresses now. */
    LAST_STARTS
  }

  /**
   * Every start of every address of {@code byAddress}, address by address (in order of address),
   * each address's in the order of its peer file.
   *
   * <p>A start is named by the host name of its {@code peer} line, which the lab sets to the peer's
   * name ({@code leecher-3}): so a peer is known at any address, and a start at an address another
   * peer had is not taken for that peer. A host name that is no name in {@code names} (a
   * container's id: a lab started with {@code docker compose} sets no host name) takes the name
   * {@code names} gives its address, if the start there that {@code namesOf} points to is of that
   * host; else the name another address gives that host the same way; else it stays the name. A
   * container keeps its host name when it starts again, so its starts at other addresses are named
   * alike. A start without a host name (the logs and ids of an address without a peer file, or
   * whose file names no start) is named as {@code names} names its address, else by the address.
   *
   * <p>Each log of an address is one start's. When the address has as many logs as starts, the logs
   * in order are the starts' in order: each start renames the log of the one before it and opens
   * its own. Otherwise (a start whose rtorrent never opened its log, or has not yet; a peer file
   * lost or cut short), each log is the last start's at or before its first event (a log's events
   * come after its start and before the address's next start), the first start's if it has none
   * such; a log with no event yet, which has nothing to attribute, the last start's.
   *
   * @param names the lab's name of the peer at each address, as far as known
   * @param firstEpoch the time of a log's first event, -1 if it has none; asked only of the logs of
   *     an address with more or fewer logs than starts
   */
  public static <L> List<Start<L>> read(
      Map<String, Files<L>> byAddress,
      Map<String, String> names,
      NamesOf namesOf,
      ToLongFunction<L> firstEpoch) {
    Map<String, Files<L>> sorted = new TreeMap<>(byAddress);
    Set<String> labNames = new HashSet<>(names.values());
    // at each address names names, the host of the start it names; and the name of each such host
    Map<String, String> namedHosts = new HashMap<>();
    Map<String, String> hosts = new HashMap<>();
    sorted.forEach(
        (address, files) -> {
          List<PeerFile.Start> starts = starts(files);
          String name = names.get(address);
          if (name != null && !starts.isEmpty()) {
            String host =
                starts.get(namesOf == NamesOf.FIRST_STARTS ? 0 : starts.size() - 1).hostName();
            namedHosts.put(address, host);
            hosts.putIfAbsent(host, name);
          }
        });
    List<Start<L>> out = new ArrayList<>();
    sorted.forEach(
        (address, files) -> {
          List<PeerFile.Start> starts = new ArrayList<>(starts(files));
          if (starts.isEmpty()) {
            starts.add(new PeerFile.Start(-1, "", ""));
          }
          List<List<PeerFile.Torrent>> torrents = new ArrayList<>();
          List<List<L>> logs = new ArrayList<>();
          for (int i = 0; i < starts.size(); i++) {
            torrents.add(new ArrayList<>());
            logs.add(new ArrayList<>());
          }
          PeerFile pf = files.peerFile();
          if (pf != null) {
            for (int t = 0; t < pf.torrents().size(); t++) {
              // one before any start: the first start's
              torrents.get(Math.max(0, pf.loadedAfter().get(t))).add(pf.torrents().get(t));
            }
          }
          List<L> own = files.logs();
          for (int l = 0; l < own.size(); l++) {
            logs.get(
                    own.size() == starts.size()
                        ? l
                        : startOf(starts, firstEpoch.applyAsLong(own.get(l))))
                .add(own.get(l));
          }
          for (int i = 0; i < starts.size(); i++) {
            PeerFile.Start s = starts.get(i);
            String name;
            if (s.hostName().isEmpty()) {
              name = names.getOrDefault(address, address);
            } else if (labNames.contains(s.hostName())) {
              name = s.hostName();
            } else if (s.hostName().equals(namedHosts.get(address))) {
              name = names.get(address);
            } else {
              name = hosts.getOrDefault(s.hostName(), s.hostName());
            }
            out.add(
                new Start<>(
                    name,
                    address,
                    s.epochSecond(),
                    s.hostName(),
                    s.role(),
                    torrents.get(i),
                    logs.get(i)));
          }
        });
    return out;
  }

  private static List<PeerFile.Start> starts(Files<?> files) {
    return files.peerFile() == null ? List.of() : files.peerFile().starts();
  }

  /** The index of the start that wrote a log whose first event was at {@code epoch}. */
  private static int startOf(List<PeerFile.Start> starts, long epoch) {
    if (epoch < 0) {
      return starts.size() - 1;
    }
    int found = 0;
    for (int i = 0; i < starts.size(); i++) {
      if (starts.get(i).epochSecond() <= epoch) {
        found = i;
      }
    }
    return found;
  }

  /**
   * {@code starts} by name, each name's in order of time (starts of one second in the order given),
   * the names in the order they first come in {@code starts}.
   */
  public static <L> Map<String, List<Start<L>>> byName(List<Start<L>> starts) {
    Map<String, List<Start<L>>> out = new LinkedHashMap<>();
    for (Start<L> s : starts) {
      out.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
    }
    out.values().forEach(own -> own.sort(Comparator.comparingLong(Start::epochSecond)));
    return out;
  }
}
