package dev.swarmlab.rtorrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A peer's own record of its starts and torrents, as the rtorrent image writes it. */
class PeerFileTest {
  private static final String HASH = "A8F820C917F4E44403946A6FC7F705B68DB123F2";
  private static final String ID = "2D6C74304438302D2D89D3FF65AAD027C7BAE1B2";
  private static final String TORRENT = "torrent 1795654031 " + HASH + " " + ID + " 33554432 65536";

  private static PeerFile read(String text) throws IOException {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  private static PeerFile read(byte[] bytes) throws IOException {
    return PeerFile.read(new ByteArrayInputStream(bytes));
  }

  @Test
  void startsAndTorrentsInOrder() throws IOException {
    PeerFile p =
        read(
            "peer 1795654030 3f2a9c01 leecher\n"
                + TORRENT
                + " file-1.bin\n"
                + "peer 1795654090 3f2a9c01 seeder\n"
                + "torrent 1795654091 "
                + HASH.toLowerCase()
                + " "
                + "0".repeat(40)
                + " 0 16384 file-1.bin");

    assertEquals(
        List.of(
            new PeerFile.Start(1795654030L, "3f2a9c01", "leecher"),
            new PeerFile.Start(1795654090L, "3f2a9c01", "seeder")),
        p.starts());
    assertEquals(
        List.of(
            new PeerFile.Torrent(
                1795654031L, HASH.toLowerCase(), ID.toLowerCase(), 33554432L, 65536L, "file-1.bin"),
            new PeerFile.Torrent(
                1795654091L, HASH.toLowerCase(), "0".repeat(40), 0L, 16384L, "file-1.bin")),
        p.torrents());
    assertEquals("3f2a9c01", p.hostName());
    assertEquals("seeder", p.role(), "the role of the last start");
  }

  @Test
  void eachTorrentIsTheStartsWhoseLineItFollowsWhateverItsTime() throws IOException {
    // two peers at one address, one after the other: the second's torrent in the same second as
    // its start, the first's torrent a second later than that (clocks of whole seconds)
    PeerFile p =
        read(
            TORRENT
                + " before any start\n"
                + "peer 1795654030 leecher-2 leecher\n"
                + TORRENT.replace("1795654031", "1795654091")
                + " f\n"
                + "peer 1795654090 leecher-5 leecher\n"
                + TORRENT.replace("1795654031", "1795654090")
                + " f\n");

    assertEquals(List.of(-1, 0, 1), p.loadedAfter());
    assertEquals(
        List.of(0, 1, 1),
        new PeerFile(p.starts(), p.torrents()).loadedAfter(),
        "by time alone: the first peer's late torrent would be the second's");
  }

  @Test
  void aFileWithoutStartsHasNoNameOrRole() throws IOException {
    PeerFile p = read(TORRENT + " x\n");
    assertEquals("", p.hostName());
    assertEquals("", p.role());
    assertEquals(1, p.torrents().size());
    assertEquals(new PeerFile(List.of(), List.of()), read(""));
  }

  @Test
  void aTorrentsNameKeepsItsSpacesAndAMissingNameIsAQuestionMark() throws IOException {
    PeerFile p =
        read(
            TORRENT
                + " my holiday  photos .tar\n"
                + TORRENT
                + "\n"
                + TORRENT
                + " \n"
                + TORRENT
                + " caf\u00e9 \u2603\n");
    assertEquals(
        List.of("my holiday  photos .tar", "?", "?", "caf\u00e9 \u2603"),
        p.torrents().stream().map(PeerFile.Torrent::name).toList());
  }

  @Test
  void controlCharactersAndBadUtf8MakeANameUnknownAndAStartUnread() throws IOException {
    byte[] badUtf8 = (TORRENT + " file-\u00ff.bin\n").getBytes(StandardCharsets.ISO_8859_1);
    PeerFile names = read(TORRENT + " evil\u001b[2Jname\n" + TORRENT + " a\u0000b\n");
    assertEquals(List.of("?", "?"), names.torrents().stream().map(PeerFile.Torrent::name).toList());
    assertEquals("?", read(badUtf8).torrents().get(0).name());
    assertEquals("?", read(TORRENT + " " + "n".repeat(256) + "\n").torrents().get(0).name());
    assertEquals(
        "n".repeat(255), read(TORRENT + " " + "n".repeat(255) + "\n").torrents().get(0).name());

    for (String start :
        List.of(
            "peer 1 host\u001b[31m leecher",
            "peer 1 host leecher\u0007",
            "peer 1 host\u0085 leecher",
            "peer 1 leecher-1 leecher\r",
            "peer 1 two words leecher",
            "peer 1  leecher",
            "peer 1 leecher-1",
            "peer x leecher-1 leecher",
            "peer 99999999999999999999 leecher-1 leecher",
            "peer -1 leecher-1 leecher",
            "peer -9000000000000000000 leecher-1 leecher",
            "peer 1000000000000 leecher-1 leecher",
            "peer +5 leecher-1 leecher",
            "peer \u0661\u0662 leecher-1 leecher",
            "peer 1 " + "h".repeat(256) + " leecher",
            "Peer 1 leecher-1 leecher",
            " peer 1 leecher-1 leecher")) {
      assertEquals(List.of(), read(start + "\n").starts(), start);
    }
    assertEquals(1, read("peer 1 " + "h".repeat(255) + " leecher\n").starts().size());
    assertEquals(
        List.of(new PeerFile.Start(999_999_999_999L, "h", "r"), new PeerFile.Start(0, "h", "r")),
        read("peer 999999999999 h r\npeer 0 h r\n").starts(),
        "up to twelve digits of epoch, as in the block log");
  }

  @Test
  void torrentLinesWithBadHexOrSizesAreUnread() throws IOException {
    for (String bad :
        List.of(
            TORRENT.replace(HASH, HASH.substring(1)) + " f",
            TORRENT.replace(HASH, HASH + "0") + " f",
            TORRENT.replace(HASH, "G" + HASH.substring(1)) + " f",
            TORRENT.replace(ID, ID.substring(0, 39) + "-") + " f",
            TORRENT.replace(ID, "0x" + ID.substring(2)) + " f",
            TORRENT.replace(ID, "\uff21" + ID.substring(1)) + " f", // fullwidth A
            TORRENT.replace(ID, "\u0663" + ID.substring(1)) + " f", // Arabic-Indic 3
            TORRENT.replace("33554432", "-1") + " f",
            TORRENT.replace("33554432", "1e9") + " f",
            TORRENT.replace("33554432", "99999999999999999999") + " f",
            TORRENT.replace("65536", "0") + " f",
            TORRENT.replace("65536", "-65536") + " f",
            TORRENT.replace("1795654031", "soon") + " f",
            TORRENT.replace("1795654031", "-1795654031") + " f",
            TORRENT.replace("1795654031", "1795654031000") + " f",
            TORRENT.replace("torrent ", "torrent  ") + " f",
            "torrent 1795654031 " + HASH + " " + ID + " 33554432")) {
      assertEquals(List.of(), read(bad + "\n").torrents(), bad);
    }
  }

  @Test
  void aLineLongerThanTheLimitIsPassedOverAndTheNextRead() throws IOException {
    PeerFile p =
        read("peer 1 " + "h".repeat(2000) + " leecher\n" + "x".repeat(100_000) + "\npeer 2 h r\n");
    assertEquals(List.of(new PeerFile.Start(2, "h", "r")), p.starts());
  }

  @Test
  void theListsCannotBeChanged() throws IOException {
    PeerFile p = read("peer 1 h r\n");
    assertThrows(UnsupportedOperationException.class, () -> p.starts().clear());
    assertThrows(UnsupportedOperationException.class, () -> p.torrents().add(null));
  }

  @Test
  void aLinkOrADirectoryIsRefused(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("real.peer"), "peer 1 h leecher\n");
    Path link = Files.createSymbolicLink(dir.resolve("10.0.0.3.peer"), file);
    assertThrows(IOException.class, () -> PeerFile.read(link));
    assertThrows(IOException.class, () -> PeerFile.read(dir));
    assertEquals("h", PeerFile.read(file).hostName(), "the file itself reads");
  }

  @Test
  void linesWrittenForAPeerReadBackAsWhatTheyNote() throws IOException {
    PeerFile.Start start = new PeerFile.Start(1795654030L, "leecher-3", "leecher");
    PeerFile.Torrent torrent =
        new PeerFile.Torrent(
            1795654031L, HASH.toLowerCase(), ID.toLowerCase(), 33554432, 65536, "my file.bin");
    PeerFile p = read(start.line() + "\n" + torrent.line() + "\n");
    assertEquals(List.of(start), p.starts());
    assertEquals(List.of(torrent), p.torrents());
    assertEquals(TORRENT.toLowerCase() + " my file.bin", torrent.line(), "as the hook writes it");
    assertEquals("peer 1795654030 leecher-3 leecher", start.line());
  }

  @Test
  void aNameCannotAddALineAndAHostNameMustBeOneWord() throws IOException {
    PeerFile.Torrent odd =
        new PeerFile.Torrent(
            1795654031L,
            HASH.toLowerCase(),
            ID.toLowerCase(),
            1,
            65536,
            "a\npeer 1795654099 forged seeder\r");
    PeerFile p = read(odd.line() + "\n");
    assertEquals(List.of(), p.starts(), "no forged start");
    assertEquals("apeer 1795654099 forged seeder", p.torrents().get(0).name());
    assertThrows(
        IllegalArgumentException.class,
        () -> new PeerFile.Start(1L, "two words", "leecher").line());
    assertThrows(
        IllegalArgumentException.class, () -> new PeerFile.Start(1L, "h\n", "leecher").line());
    assertThrows(
        IllegalArgumentException.class,
        () -> new PeerFile.Torrent(1L, "not hex", ID, 1, 1, "x").line());
  }
}
