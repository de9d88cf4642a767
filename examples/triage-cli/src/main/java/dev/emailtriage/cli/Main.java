package dev.emailtriage.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar triage-cli.jar triage PATH...}: triages real mail files with the email-triage pipeline. Exit
 * code 0 when the run finished, 2 for bad arguments, 1 when something failed after the run started (the report
 * could not be written).
 */
@Command(name = "triage-cli", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Triage real mail files (.eml, folders, mbox) with email-triage.",
    subcommands = CommandLine.HelpCommand.class,
    footer = {"", "Run 'triage-cli triage --help' or 'triage-cli mailbox --help' for the options of a command."})
public final class Main implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  private Main() {}

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command: use 'triage PATH...' (see --help)");
  }

  /** The entry point of the executable jar. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code = run(args, out, err, System.getenv(), System.console() != null);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command line with the given streams and environment, and returns the exit code.
   *
   * @param terminal whether the console is a terminal (a redrawn progress bar instead of plain lines)
   */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
    quietLibraryLogging();
    CommandLine cmd = new CommandLine(new Main());
    cmd.addSubcommand("triage", new TriageCommand(out, err, env, terminal));
    cmd.addSubcommand("mailbox", new MailboxCommand(out, err, env));
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cmd.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    cmd.setParameterExceptionHandler((e, arguments) -> {
      CommandLine failed = e.getCommandLine();
      failed.getErr().println("triage-cli: " + e.getMessage());
      failed.getErr().println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
      failed.getErr().flush();
      return CommandLine.ExitCode.USAGE;
    });
    cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("triage-cli: " + e.getMessage());
      if (e.getCause() != null) {
        commandLine.getErr().println("  caused by: " + e.getCause());
      }
      commandLine.getErr().flush();
      return 1;
    });
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Routes JBoss Logging (Hibernate Validator) to slf4j-simple, which logs to stderr at WARN, and raises
   * java.util.logging to WARNING, so that no library prints INFO lines.
   */
  static void quietLibraryLogging() {
    if (System.getProperty("org.jboss.logging.provider") == null) {
      System.setProperty("org.jboss.logging.provider", "slf4j");
    }
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
  }
}
