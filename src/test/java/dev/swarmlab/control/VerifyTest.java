package dev.swarmlab.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swarmlab.engine.Helper;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyTest {

  @Test
  void everyFileOkPasses() {
    Verify.PeerCheck c =
        Verify.parse(
            "leecher-1",
            new Helper.Result(0, "./file-1.bin: OK\n./dir/a.bin: OK\n./dir/b.bin: OK\n"));
    assertTrue(c.passed());
    assertEquals(3, c.ok());
    assertEquals("leecher-1: 3 files ok", Verify.describe(c));
  }

  @Test
  void aFileThatDiffersAndOneMissingAreNamed() {
    String out =
        "./file-1.bin: FAILED\n"
            + "sha256sum: ./dir/a.bin: No such file or directory\n"
            + "./dir/a.bin: FAILED open or read\n"
            + "./dir/b.bin: OK\n"
            + "sha256sum: WARNING: 1 listed file could not be read\n"
            + "sha256sum: WARNING: 1 computed checksum did NOT match\n";
    Verify.PeerCheck c = Verify.parse("leecher-2", new Helper.Result(1, out));
    assertFalse(c.passed());
    assertEquals(List.of("file-1.bin"), c.differ());
    assertEquals(List.of("dir/a.bin"), c.missing());
    assertNull(c.error());
    assertEquals("leecher-2: file-1.bin differs, dir/a.bin missing (1 ok)", Verify.describe(c));
  }

  @Test
  void noManifestIsAnErrorNotAPass() {
    Verify.PeerCheck c =
        Verify.parse(
            "seeder-1",
            new Helper.Result(
                1, "sha256sum: /torrents/manifest.sha256: No such file or directory\n"));
    assertFalse(c.passed());
    assertEquals("sha256sum: /torrents/manifest.sha256: No such file or directory", c.error());
    assertEquals(
        "seeder-1: cannot check: sha256sum: /torrents/manifest.sha256: No such file or directory",
        Verify.describe(c));
    assertFalse(Verify.parse("x", new Helper.Result(0, "")).passed(), "nothing checked");
  }

  @Test
  void aLongListIsCut() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      out.append("./f").append(i).append(": FAILED\n");
    }
    String line = Verify.describe(Verify.parse("leecher-3", new Helper.Result(1, out.toString())));
    assertTrue(line.endsWith("f19 differs and 10 more (0 ok)"), line);
  }
}
