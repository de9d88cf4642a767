package dev.emailtriage.cli;

import dev.emailtriage.gemini.GeminiDecider;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code triage PATH...}: parses, triages and prints every message found under the paths. */
@Command(name = "triage", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = VersionProvider.class,
    usageHelpAutoWidth = true,
    description = {
        "Triage .eml files, folders of them (searched recursively) and mbox files with email-triage.",
        "Each message is parsed with Apache James mime4j (all headers, multipart, quoted-printable, base64, "
            + "charsets, HTML-only bodies as text) and decided by the same EmailTriage pipeline as everywhere: "
            + "the built-in rules, the similar-email cache, then Gemini when GEMINI_API_KEY (else GOOGLE_API_KEY) "
            + "is set, else the offline fallback, which marks every message no rule decides as respond with "
            + "needs_review (no model is called)."},
    footer = {
        "",
        "Output: a table on stdout by default, followed by the summary and the evaluation. With --format json or "
            + "csv, stdout holds only the results (json: one object per message per line, the wire format plus "
            + "\"file\"); progress, warnings, the summary and the evaluation go to stderr. The file is the path as "
            + "found under the PATH argument, name.mbox#3 for the third message of an mbox file.",
        "",
        "Files that cannot be read or parsed are reported on stderr and skipped; the run goes on.",
        "",
        "Exit codes: 0 the run finished; 2 bad arguments (unknown option, missing path, bad labels file); "
            + "1 the run could not start or finish (the database cannot be reached, the report cannot be "
            + "written).",
        "",
        "Environment: GEMINI_API_KEY (else GOOGLE_API_KEY) switches the model on; GEMINI_BASE_URL "
            + "(scheme://host[:port], no path) points the adapter at another endpoint; with --jdbc-url, "
            + "SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD are the database login and "
            + "EMAILTRIAGE_ENCRYPTION_KEY (base64 AES key) encrypts bodies and drafts at rest."})
final class TriageCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "PATH", arity = "1..*",
      description = ".eml files, folders (searched recursively for *.eml, *.mbox, *.mbx and extensionless mbox"
          + " files) and mbox files.")
  private List<Path> paths = new ArrayList<>();

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "4",
      description = "Messages parsed and triaged in parallel, and the most model calls at once (1-256;"
          + " default: ${DEFAULT-VALUE}).")
  private int concurrency;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "Output on stdout: table, json or csv (default: table).")
  private OutputFormat format;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Also write a self-contained HTML report with charts to FILE.")
  private Path report;

  @Option(names = "--labels", paramLabel = "FILE",
      description = "TSV with a header row and the columns file, expected_decision (respond|ignore) and optionally"
          + " label_type; paths relative to the TSV's folder. Prints precision and recall per decision and per"
          + " type, the confusion matrix, the share decided by a rule or the cache, and every message a rule"
          + " ignored although labelled respond.")
  private Path labels;

  @Option(names = "--no-progress", description = "Print no progress on stderr.")
  private boolean noProgress;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = GeminiDecider.DEFAULT_MODEL,
      description = "The Gemini model when an API key is set (default: ${DEFAULT-VALUE}).")
  private String model;

  @Option(names = "--own-address", paramLabel = "ADDR", split = ",",
      description = "Our own address or domain (repeatable or comma-separated): mail from it is ignored by the"
          + " own-address rule (our copies, loops).")
  private List<String> ownAddresses = new ArrayList<>();

  @Option(names = "--allow", paramLabel = "SENDER", split = ",",
      description = "A sender address or domain whose mail always reaches the model (repeatable).")
  private List<String> allow = new ArrayList<>();

  @Option(names = "--deny", paramLabel = "SENDER", split = ",",
      description = "A sender address or domain whose mail is always ignored (repeatable).")
  private List<String> deny = new ArrayList<>();

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "Keep decisions in PostgreSQL/Supabase (jdbc:postgresql://host:port/db?sslmode=require; add"
          + " prepareThreshold=0 for Supabase's transaction pooler) instead of memory. User and password from"
          + " SPRING_DATASOURCE_USERNAME / SPRING_DATASOURCE_PASSWORD or the URL. Messages already decided in"
          + " that database are not decided again.")
  private String jdbcUrl;

  @Option(names = "--spamd", paramLabel = "HOST:PORT",
      description = "Ask SpamAssassin's spamd (SPAMC protocol) after the other rules; mail it calls spam is ignored"
          + " as spam (replies need twice its required score). Any error or a 3 s timeout: the rule abstains.")
  private String spamd;

  @Option(names = "--rspamd-url", paramLabel = "URL",
      description = "Ask Rspamd (HTTP checkv2, e.g. http://127.0.0.1:11333) after the other rules; its reject, add"
          + " header and rewrite subject actions ignore the mail as spam.")
  private String rspamdUrl;

  @Option(names = "--spam-filter-timeout", paramLabel = "SECONDS", defaultValue = "3",
      description = "Deadline of one spam-filter check, in seconds (1-300; default: ${DEFAULT-VALUE}); past it the"
          + " rule abstains and the message goes on.")
  private int spamFilterTimeout;

  @Option(names = "--offline",
      description = "Never call the model, even when GEMINI_API_KEY is set: rules + offline fallback only.")
  private boolean offline;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final boolean terminal;

  TriageCommand(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.terminal = terminal;
  }

  @Override
  public Integer call() throws Exception {
    if (spamFilterTimeout < 1 || spamFilterTimeout > 300) {
      throw new ParameterException(spec.commandLine(), "--spam-filter-timeout must be between 1 and 300 seconds, was "
          + spamFilterTimeout);
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new ParameterException(spec.commandLine(), "--concurrency must be between 1 and 256, was " + concurrency);
    }
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new ParameterException(spec.commandLine(), "No such file or folder: " + p);
      }
      if (!Files.isReadable(p)) {
        throw new ParameterException(spec.commandLine(), "Cannot read: " + p);
      }
    }
    List<Labels.Label> labelled = null;
    if (labels != null) {
      if (!Files.isRegularFile(labels)) {
        throw new ParameterException(spec.commandLine(), "No such labels file: " + labels);
      }
      try {
        labelled = Labels.read(labels);
      } catch (IOException | IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "Bad labels file: " + e.getMessage());
      }
    }
    if (report != null) {
      Path parent = report.toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent) || Files.isDirectory(report)) {
        throw new ParameterException(spec.commandLine(), "Cannot write the report to " + report
            + ": its folder does not exist or it is a folder");
      }
    }

    MailSources.Scan scan = MailSources.scan(paths);
    for (MailSources.Skipped s : scan.skipped()) {
      err.println("skipped " + s.file() + ": " + s.reason());
    }
    PrintStream summaryOut = format == OutputFormat.TABLE ? out : err;
    ResultWriter writer = ResultWriter.of(format, out, scan.inputs());
    // On a terminal the progress bar is redrawn on stderr: print the results after it, not in between.
    boolean stream = !terminal || noProgress;
    Progress progress = Progress.create(err, terminal, !noProgress);

    List<Outcome> outcomes;
    long start = System.nanoTime();
    String deciderName;
    String storeName;
    Pipeline created;
    try {
      created = Pipeline.create(env, new Pipeline.Settings(concurrency, offline, model, ownAddresses, allow, deny, jdbcUrl,
          spamd, rspamdUrl, spamFilterTimeout));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Cannot configure the pipeline: " + e.getMessage());
    }
    try (Pipeline pipeline = created) {
      deciderName = pipeline.decider()
          + (pipeline.spamFilter() == null ? "" : "; spam filter after the rules: " + pipeline.spamFilter());
      storeName = pipeline.store();
      if (stream) {
        writer.begin();
      }
      outcomes = TriageRun.run(pipeline.triage(), pipeline.rawMessages(), scan.inputs(), concurrency, progress, o -> {
        if (stream) {
          report(o);
          writer.write(o);
        }
      });
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (!stream) {
      outcomes.forEach(this::report);
      writer.begin();
      outcomes.forEach(writer::write);
    }
    writer.end();

    RunSummary summary = RunSummary.of(outcomes, scan.skipped(), deciderName, storeName, elapsed);
    summary.print(summaryOut);
    Evaluation evaluation = null;
    if (labelled != null) {
      evaluation = Evaluation.compute(labelled, outcomes);
      evaluation.print(summaryOut, labels.toString(), spamd != null || rspamdUrl != null);
    }
    if (report != null) {
      try {
        HtmlReport.write(report, summary, outcomes, evaluation, labels == null ? null : labels.toString());
      } catch (IOException e) {
        throw new IOException("could not write the report " + report + ": " + e.getMessage(), e);
      }
      err.println("Report written to " + report);
    }
    out.flush();
    err.flush();
    return 0;
  }

  private void report(Outcome o) {
    if (o.isSkipped()) {
      err.println("skipped " + o.file() + ": " + o.skipReason());
    }
  }
}
