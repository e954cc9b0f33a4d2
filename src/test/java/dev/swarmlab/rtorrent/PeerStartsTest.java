package dev.swarmlab.rtorrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which start of which peer each block log and peer id of a control directory is. */
class PeerStartsTest {
  private static final String HASH = "a8f820c917f4e44403946a6fc7f705b68db123f2";

  private static String id(int n) {
    return String.format("2d6c74304438302d%024x", n);
  }

  /** A peer file of {@code lines}; {@code torrent N} stands for a torrent loaded under id N. */
  private static PeerFile peerFile(String... lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(
              line.startsWith("torrent ")
                  ? "torrent 1 "
                      + HASH
                      + " "
                      + id(Integer.parseInt(line.substring(8)))
                      + " 65536 32768 f"
                  : line)
          .append('\n');
    }
    return PeerFile.read(
        new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** One start as the tests read it: name, address, when, its ids and its logs. */
  private record Seen(
      String name, String address, long epoch, List<String> ids, List<String> logs) {}

  private static List<Seen> seen(List<PeerStarts.Start<String>> starts) {
    return starts.stream()
        .map(
            s ->
                new Seen(
                    s.name(),
                    s.address(),
                    s.epochSecond(),
                    s.torrents().stream().map(PeerFile.Torrent::localId).toList(),
                    s.logs()))
        .toList();
  }

  private static List<Seen> read(
      Map<String, PeerStarts.Files<String>> files,
      Map<String, String> names,
      PeerStarts.NamesOf namesOf,
      Map<String, Long> firstEpochs) {
    return seen(
        PeerStarts.read(
            files,
            names,
            namesOf,
            log -> {
              if (!firstEpochs.containsKey(log)) {
                fail("asked the first event of " + log);
              }
              return firstEpochs.get(log);
            }));
  }

  @Test
  void asManyLogsAsStartsGoWithThemInOrderEachStartWithTheIdsAfterIt() throws IOException {
    PeerFile a =
        peerFile(
            "peer 100 leecher-2 leecher",
            "torrent 1",
            "peer 160 leecher-5 leecher",
            "torrent 2",
            "torrent 3");

    assertEquals(
        List.of(
            new Seen("leecher-2", "A", 100, List.of(id(1)), List.of("A.1")),
            new Seen("leecher-5", "A", 160, List.of(id(2), id(3)), List.of("A"))),
        read(
            Map.of("A", new PeerStarts.Files<>(a, List.of("A.1", "A"))),
            Map.of("A", "leecher-2"),
            PeerStarts.NamesOf.FIRST_STARTS,
            Map.of()),
        "the peer file's names, not the address's; no log's first event asked for");
  }

  @Test
  void fewerLogsThanStartsGoEachToTheLastStartAtOrBeforeItsFirstEvent() throws IOException {
    // leecher-5's rtorrent never opened a log: leecher-7's start renamed none
    PeerFile a =
        peerFile(
            "peer 100 leecher-2 leecher",
            "peer 130 leecher-5 leecher",
            "peer 160 leecher-7 leecher");
    Map<String, PeerStarts.Files<String>> files =
        Map.of("A", new PeerStarts.Files<>(a, List.of("A.1", "A")));

    assertEquals(
        List.of(
            new Seen("leecher-2", "A", 100, List.of(), List.of("A.1")),
            new Seen("leecher-5", "A", 130, List.of(), List.of()),
            new Seen("leecher-7", "A", 160, List.of(), List.of("A"))),
        read(files, Map.of(), PeerStarts.NamesOf.FIRST_STARTS, Map.of("A.1", 101L, "A", 160L)),
        "an event in the second of a start is that start's");
    assertEquals(
        List.of(
            new Seen("leecher-2", "A", 100, List.of(), List.of("A.1")),
            new Seen("leecher-5", "A", 130, List.of(), List.of()),
            new Seen("leecher-7", "A", 160, List.of(), List.of("A"))),
        read(files, Map.of(), PeerStarts.NamesOf.FIRST_STARTS, Map.of("A.1", 99L, "A", -1L)),
        "a log before every start the first's; one with no event yet the last's");
  }

  @Test
  void aPeerFileCutShortLeavesTheLaterLogsToItsLastStart() throws IOException {
    PeerFile a = peerFile("peer 100 leecher-2 leecher");

    assertEquals(
        List.of(new Seen("leecher-2", "A", 100, List.of(), List.of("A.1", "A"))),
        read(
            Map.of("A", new PeerStarts.Files<>(a, List.of("A.1", "A"))),
            Map.of(),
            PeerStarts.NamesOf.FIRST_STARTS,
            Map.of("A.1", 101L, "A", 150L)));
  }

  @Test
  void anAddressWithoutAPeerFileOrAStartIsNamedForTheAddress() throws IOException {
    Map<String, PeerStarts.Files<String>> files = new HashMap<>();
    files.put("A", new PeerStarts.Files<>(null, List.of("A")));
    files.put("B", new PeerStarts.Files<>(peerFile("torrent 7"), List.of()));
    files.put("C", new PeerStarts.Files<>(null, List.of("C")));

    assertEquals(
        List.of(
            new Seen("leecher-2", "A", -1, List.of(), List.of("A")),
            new Seen("B", "B", -1, List.of(id(7)), List.of()),
            new Seen("C", "C", -1, List.of(), List.of("C"))),
        read(files, Map.of("A", "leecher-2"), PeerStarts.NamesOf.FIRST_STARTS, Map.of()));
  }

  @Test
  void aHostNameThatIsNoPeersNameIsNamedThroughTheAddressThatNamesIt() throws IOException {
    // docker compose leaves a container its id for host name, and it keeps it when started again:
    // container c5 (leecher-5) was at B, then at A, where c2 (leecher-2) had been
    Map<String, PeerStarts.Files<String>> files =
        Map.of(
            "A",
            new PeerStarts.Files<>(
                peerFile("peer 100 c2 leecher", "torrent 1", "peer 160 c5 leecher", "torrent 2"),
                List.of("A.1", "A")),
            "B",
            new PeerStarts.Files<>(peerFile("peer 100 c5 leecher", "torrent 3"), List.of("B")));

    // up's names: each address's first start
    List<Seen> atUp =
        read(
            files,
            Map.of("A", "leecher-2", "B", "leecher-5"),
            PeerStarts.NamesOf.FIRST_STARTS,
            Map.of());
    // the engine's now: each address's last start (leecher-2 is not running)
    List<Seen> now =
        read(files, Map.of("A", "leecher-5"), PeerStarts.NamesOf.LAST_STARTS, Map.of());

    List<Seen> expected =
        List.of(
            new Seen("leecher-2", "A", 100, List.of(id(1)), List.of("A.1")),
            new Seen("leecher-5", "A", 160, List.of(id(2)), List.of("A")),
            new Seen("leecher-5", "B", 100, List.of(id(3)), List.of("B")));
    assertEquals(expected, atUp);
    assertEquals(
        List.of(
            new Seen("c2", "A", 100, List.of(id(1)), List.of("A.1")),
            expected.get(1),
            expected.get(2)),
        now,
        "a host no address names now goes by its host name");
  }

  @Test
  void byNameGathersAPeersStartsInOrderOfTime() throws IOException {
    List<PeerStarts.Start<String>> starts =
        PeerStarts.read(
            Map.of(
                "A",
                new PeerStarts.Files<>(
                    peerFile("peer 100 leecher-2 leecher", "peer 160 leecher-3 leecher"),
                    List.of("A.1", "A")),
                "B",
                new PeerStarts.Files<>(peerFile("peer 100 leecher-3 leecher"), List.of("B"))),
            Map.of(),
            PeerStarts.NamesOf.FIRST_STARTS,
            log -> fail("asked the first event of " + log));

    Map<String, List<PeerStarts.Start<String>>> byName = PeerStarts.byName(starts);

    assertEquals(List.of("leecher-2", "leecher-3"), List.copyOf(byName.keySet()));
    assertEquals(
        List.of("B", "A"),
        byName.get("leecher-3").stream().map(PeerStarts.Start::address).toList(),
        "its first start at B, its second at A");
  }
}
