package dev.swarmlab.cli;

import dev.swarmlab.error.SwarmlabException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code swarmlab} command. */
@Command(
    name = "swarmlab",
    mixinStandardHelpOptions = true,
    versionProvider = SwarmlabCommand.Version.class,
    description =
        "A real BitTorrent swarm on your desk: tracker, seeders and leechers in containers.",
    footer = {
      "",
      "Exit codes: 0 ok, 1 failure (or --wait timed out), 2 bad usage or input, 3 no Docker engine."
    })
public final class SwarmlabCommand implements Runnable {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final LabContext context;

  private SwarmlabCommand(LabContext context) {
    this.context = context;
  }

  /** Where the subcommands keep labs' files and how they reach the engine. */
  LabContext context() {
    return context;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "missing command: up, rerun, status, down, runs, report, render, dashboard, throttle, link, scale, verify, kill, restart, pause or unpause");
  }

  /** The subcommands, in the order help lists them. */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("up", UpCommand::new);
    SUBCOMMANDS.put("rerun", RerunCommand::new);
    SUBCOMMANDS.put("status", StatusCommand::new);
    SUBCOMMANDS.put("down", DownCommand::new);
    SUBCOMMANDS.put("runs", RunsCommand::new);
    SUBCOMMANDS.put("report", ReportCommand::new);
    SUBCOMMANDS.put("render", RenderCommand::new);
    SUBCOMMANDS.put("dashboard", DashboardCommand::new);
    SUBCOMMANDS.put("throttle", ThrottleCommand::new);
    SUBCOMMANDS.put("link", LinkCommand::new);
    SUBCOMMANDS.put("scale", ScaleCommand::new);
    SUBCOMMANDS.put("verify", VerifyCommand::new);
    SUBCOMMANDS.put("kill", FaultCommand.Kill::new);
    SUBCOMMANDS.put("restart", FaultCommand.Restart::new);
    SUBCOMMANDS.put("pause", FaultCommand.Pause::new);
    SUBCOMMANDS.put("unpause", FaultCommand.Unpause::new);
    SUBCOMMANDS.put("cds-warm-up", WarmUpCommand::new);
  }

  /**
   * A command line for {@code argv}, given only the subcommands {@link Startup#subcommands} picks
   * (picocli reads each command's annotations when it is added); a command that talks to the engine
   * has its classes loaded on a second thread meanwhile ({@link Startup#begin}).
   */
  public static CommandLine commandLine(
      LabContext context, PrintWriter out, PrintWriter err, String... argv) {
    Startup.begin(argv);
    CommandLine cl = new CommandLine(new SwarmlabCommand(context));
    Set<String> wanted = Startup.subcommands(SUBCOMMANDS.keySet(), argv);
    SUBCOMMANDS.forEach(
        (name, command) -> {
          if (wanted.contains(name)) {
            cl.addSubcommand(name, command.get());
          }
        });
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr()
              .println(
                  "swarmlab: error: "
                      + ex.getMessage()
                      + " (see '"
                      + c.getCommandSpec().qualifiedName()
                      + " --help')");
          return ExitCodes.USAGE;
        });
    cl.setExecutionExceptionHandler(
        (ex, c, parsed) -> {
          PrintWriter e = c.getErr();
          boolean verbose = parsed.matchedOption("--verbose") != null || hasVerbose(parsed);
          Throwable error = unwrap(ex);
          if (error instanceof SwarmlabException) {
            e.println("swarmlab: error: " + printable(error.getMessage()));
          } else {
            e.println(
                "swarmlab: error: "
                    + oneLine(error)
                    + (verbose ? "" : " (run with --verbose for details)"));
          }
          if (verbose) {
            error.printStackTrace(e);
          }
          return ExitCodes.of(error);
        });
    return cl;
  }

  /**
   * The most of a message the one-line error shows: it may quote a peer, a tracker or an engine.
   */
  static final int MAX_MESSAGE = 500;

  /**
   * An unexpected error's own message, first line only; words, never a class name, when it has
   * none.
   */
  static String oneLine(Throwable error) {
    String m = error.getMessage();
    if (m == null || m.isBlank()) {
      return "an unexpected error";
    }
    return printable(m.strip().lines().findFirst().orElse(m).strip());
  }

  /** {@code text} as one line of printable characters, cut to {@value #MAX_MESSAGE}. */
  static String printable(String text) {
    if (text == null) {
      return "an unexpected error";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < MAX_MESSAGE; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? ' ' : c);
    }
    return sb.length() < text.length() ? sb.append("...").toString() : sb.toString();
  }

  private static boolean hasVerbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.matchedOption("--verbose") != null) {
        return true;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable e) {
    if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
      return new RuntimeException(u.getMessage() + ": " + u.getCause().getMessage(), u);
    }
    return e;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SwarmlabCommand.class.getPackage().getImplementationVersion();
      return new String[] {"swarmlab " + (v == null ? "dev" : v)};
    }
  }
}
