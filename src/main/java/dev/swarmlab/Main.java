package dev.swarmlab;

import dev.swarmlab.cli.LabContext;
import dev.swarmlab.cli.SwarmlabCommand;
import java.io.PrintWriter;

/** The swarmlab command line. {@link #main} is the only place that exits the JVM. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(out, err, args));
  }

  /**
   * Runs one swarmlab command, writing only to {@code out} and {@code err}; returns its exit code.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(LabContext.standard(), out, err, args);
  }

  /**
   * {@link #run(PrintWriter, PrintWriter, String...)} in {@code context}: how tests choose where
   * labs' files go.
   */
  public static int run(LabContext context, PrintWriter out, PrintWriter err, String... args) {
    int code = SwarmlabCommand.commandLine(context, out, err, args).execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
