package dev.swarmlab.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRoutesTest {
  // /proc/net/route of a little-endian host with a default route, its LAN and two Docker bridges.
  private static final String TABLE =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
          + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
          + "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
          + "br-a4240a8933fa\t000012AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n"
          + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
          + "eth1\t0000000A\t0100000A\t0003\t0\t0\t0\t000000FF\t0\t0\t0\n"
          + "down0\t000013AC\t00000000\t0000\t0\t0\t0\t0000FFFF\t0\t0\t0\n";

  @Test
  void bridgesAreDirectAndTheDefaultRouteIsNot() {
    LocalRoutes r = LocalRoutes.parse(TABLE, ByteOrder.LITTLE_ENDIAN);
    assertTrue(r.direct("172.17.0.5"));
    assertTrue(r.direct("172.18.255.254"));
    assertTrue(r.direct("192.0.2.9"));
    assertFalse(r.direct("8.8.8.8"), "reached only through the default gateway");
    assertFalse(r.direct("10.1.2.3"), "a route through a gateway is not direct");
    assertFalse(r.direct("172.19.0.2"), "a route that is not up");
    assertFalse(r.direct("172.20.0.2"));
  }

  @Test
  void aBigEndianTableIsReadInItsOwnOrder() {
    String table = "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n"
        + "docker0\tAC110000\t00000000\t0001\t0\t0\t0\tFFFF0000\n";
    assertTrue(LocalRoutes.parse(table, ByteOrder.BIG_ENDIAN).direct("172.17.3.4"));
    assertFalse(LocalRoutes.parse(table, ByteOrder.LITTLE_ENDIAN).direct("172.17.3.4"));
  }

  @Test
  void anythingButADottedQuadIsNotDirect() {
    LocalRoutes r = LocalRoutes.parse(TABLE, ByteOrder.LITTLE_ENDIAN);
    for (String bad : new String[] {null, "", "172.17.0", "172.17.0.1.2", "172.17.0.256", "172.17.-1.2", "fe80::1", "a.b.c.d", "172.17.0.0001"}) {
      assertFalse(r.direct(bad), String.valueOf(bad));
    }
  }

  @Test
  void anUnreadableOrGarbledTableReachesNothing(@TempDir Path dir) throws IOException {
    assertFalse(LocalRoutes.read(dir.resolve("missing")).direct("172.17.0.2"));
    Path garbled = Files.writeString(dir.resolve("route"), "docker0 zz yy\n\u0000\u0001 garbage\n");
    assertFalse(LocalRoutes.read(garbled).direct("172.17.0.2"));
    assertFalse(LocalRoutes.NONE.direct("172.17.0.2"));
  }
}
