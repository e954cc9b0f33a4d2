package dev.swarmlab.cli;

import dev.swarmlab.engine.ContainerInfo;
import dev.swarmlab.engine.Engine;
import dev.swarmlab.error.SwarmlabException;
import dev.swarmlab.monitor.SwarmMonitor;
import dev.swarmlab.monitor.SwarmSnapshot;
import dev.swarmlab.rtorrent.RtorrentException;
import dev.swarmlab.rtorrent.XmlRpc;
import dev.swarmlab.view.StatusViews;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Hidden: the training run of the launcher's class-data archive. It loads what {@code status}
 * loads (its command model, the engine's list, a poll and its error path, the XML-RPC reader, the
 * table and JSON views) so the archive holds those classes. It creates nothing and prints nothing;
 * its only traffic is to the engine and to a closed port on 127.0.0.1.
 */
@Command(name = "cds-warm-up", hidden = true)
final class WarmUpCommand implements Callable<Integer> {
  private static final String PROJECT = "swarmlab-cds-warm-up";
  private static final byte[] REPLY =
      ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><params><param><value><array><data>"
              + "<value><array><data><value><string>hash</string></value><value><i8>1</i8></value>"
              + "</data></array></value></data></array></value></param></params></methodResponse>")
          .getBytes(StandardCharsets.UTF_8);

  @Override
  public Integer call() throws IOException {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    new CommandLine(new StatusCommand());
    try {
      XmlRpc.decodeResponse(REPLY);
    } catch (RtorrentException e) {
      // the reader ran; that is all this is for
    }
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (Engine engine = Commands.engine();
        SwarmMonitor monitor = new SwarmMonitor(engine, Duration.ofMillis(500))) {
      monitor.containers(PROJECT);
      ContainerInfo peer =
          new ContainerInfo("0", PROJECT + "-leecher-1", "leecher", 1, "running",
              Map.of("swarmlab.role", "leecher"), Map.of(SwarmMonitor.SCGI_PORT, closed), "127.0.0.1", 0);
      SwarmSnapshot snapshot = monitor.poll(PROJECT, List.of(peer), false);
      sink.print(StatusViews.table(snapshot));
      sink.print(StatusViews.json(snapshot));
    } catch (SwarmlabException noEngine) {
      // the archive then holds less; status still works
    }
    sink.flush();
    return ExitCodes.OK;
  }
}
