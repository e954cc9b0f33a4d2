package dev.swarmlab.engine.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swarmlab.error.LabFailedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/** Reading a directory's files from the tar archive the engine gives of it. */
class FilesInTest {

  private static byte[] tar(Object... entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.putArchiveEntry(new TarArchiveEntry("torrents/"));
      tar.closeArchiveEntry();
      for (Object o : entries) {
        TarArchiveEntry e = (TarArchiveEntry) o;
        tar.putArchiveEntry(e);
        if (e.isFile() && !e.isSymbolicLink() && !e.isLink()) {
          tar.write(new byte[(int) e.getSize()]);
        }
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  private static TarArchiveEntry file(String name, int size) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(size);
    return e;
  }

  @Test
  void takesTheDirectorysOwnRegularFilesWithTheSuffix() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      byte[] body = "d8:announce...e".getBytes(StandardCharsets.US_ASCII);
      TarArchiveEntry a = new TarArchiveEntry("torrents/a.torrent");
      a.setSize(body.length);
      tar.putArchiveEntry(a);
      tar.write(body);
      tar.closeArchiveEntry();
    }
    Map<String, byte[]> files =
        DockerContainers.filesIn(new ByteArrayInputStream(out.toByteArray()), ".torrent", 1 << 20);
    assertEquals(java.util.Set.of("a.torrent"), files.keySet());
    assertArrayEquals(
        "d8:announce...e".getBytes(StandardCharsets.US_ASCII), files.get("a.torrent"));
  }

  @Test
  void leavesOutLinksDevicesOtherNamesAndSubdirectories() throws Exception {
    TarArchiveEntry symlink = new TarArchiveEntry("torrents/s.torrent", TarConstants.LF_SYMLINK);
    symlink.setLinkName("/etc/shadow");
    TarArchiveEntry hardlink = new TarArchiveEntry("torrents/h.torrent", TarConstants.LF_LINK);
    hardlink.setLinkName("torrents/b.torrent");
    TarArchiveEntry fifo = new TarArchiveEntry("torrents/f.torrent", TarConstants.LF_FIFO);
    byte[] archive =
        tar(
            file("torrents/b.torrent", 10),
            file("torrents/manifest.sha256", 10),
            file("torrents/sub/c.torrent", 10),
            symlink,
            hardlink,
            fifo);
    Map<String, byte[]> files =
        DockerContainers.filesIn(new ByteArrayInputStream(archive), ".torrent", 1 << 20);
    assertEquals(java.util.Set.of("b.torrent"), files.keySet());
    assertEquals(10, files.get("b.torrent").length);
  }

  @Test
  void refusesMoreBytesThanAllowedAndAnArchiveCutShort() throws Exception {
    byte[] archive = tar(file("torrents/a.torrent", 600), file("torrents/b.torrent", 600));
    assertThrows(
        LabFailedException.class,
        () -> DockerContainers.filesIn(new ByteArrayInputStream(archive), ".torrent", 1000));
    byte[] cut = Arrays.copyOf(archive, 512 + 512 + 100); // the directory, a's header, 100 bytes
    assertThrows(
        IOException.class,
        () -> DockerContainers.filesIn(new ByteArrayInputStream(cut), ".torrent", 1 << 20));
  }
}
