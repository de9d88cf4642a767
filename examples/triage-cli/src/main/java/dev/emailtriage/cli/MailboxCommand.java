package dev.emailtriage.cli;

import com.google.auth.oauth2.GoogleCredentials;
import dev.emailtriage.InMemoryMailboxStateStore;
import dev.emailtriage.MailboxTriage;
import dev.emailtriage.ReplyMode;
import dev.emailtriage.ReplyPolicy;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.gmail.GmailMailbox;
import dev.emailtriage.imap.ImapMailbox;
import dev.emailtriage.spi.Mailbox;
import dev.emailtriage.spi.MailboxStateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code triage-cli mailbox}: triages a real mailbox over IMAP (or the Gmail API) with {@link MailboxTriage},
 * drafting (or sending) the replies there. Settings from the options, else the environment names of DESIGN.md.
 */
@Command(name = "mailbox", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Triage an IMAP mailbox: new mail is decided, marked with a keyword ($EmailTriageRespond or "
        + "$EmailTriageIgnored), and answered by a draft in the Drafts folder (or sent, with --reply-mode send).",
        "Options fall back to EMAILTRIAGE_IMAP_URL, EMAILTRIAGE_IMAP_USERNAME, EMAILTRIAGE_IMAP_PASSWORD, "
            + "EMAILTRIAGE_SMTP_URL (+ EMAILTRIAGE_SMTP_USERNAME / _PASSWORD), EMAILTRIAGE_REPLY_MODE and "
            + "EMAILTRIAGE_MAILBOX_POLL_SECONDS; the model comes from GEMINI_API_KEY as for 'triage'."})
final class MailboxCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--imap-url", paramLabel = "URL", description = "imaps://host:993 or imap://host:143 (STARTTLS).")
  private String imapUrl;

  @Option(names = "--username", paramLabel = "USER", description = "The IMAP login (and the mailbox's address).")
  private String username;

  @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "EMAILTRIAGE_IMAP_PASSWORD",
      description = "The environment variable holding the password (default: ${DEFAULT-VALUE}).")
  private String passwordEnv;

  @Option(names = "--smtp-url", paramLabel = "URL",
      description = "smtps://host:465 or smtp://host:587 (STARTTLS), for --reply-mode send.")
  private String smtpUrl;

  @Option(names = "--reply-mode", paramLabel = "MODE",
      description = "draft (default), send or off. send needs --smtp-url and --jdbc-url.")
  private String replyMode;

  @Option(names = "--once", description = "Process what is new and exit, instead of waiting for mail (IDLE).")
  private boolean once;

  @Option(names = "--folder", paramLabel = "NAME", defaultValue = "INBOX", description = "The folder to triage.")
  private String folder;

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "Keep decisions and the mailbox state (checkpoint, drafts made) in PostgreSQL; else in memory.")
  private String jdbcUrl;

  @Option(names = "--offline", description = "Never call the model: rules + offline fallback only.")
  private boolean offline;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = GeminiDecider.DEFAULT_MODEL,
      description = "The Gemini model (default: ${DEFAULT-VALUE}).")
  private String model;

  @Option(names = "--allow-plaintext", description = "Allow imap:// and smtp:// without STARTTLS (only for a "
      + "server on this machine, such as a test server).")
  private boolean allowPlaintext;

  @Option(names = "--gmail-credentials", paramLabel = "FILE", description = "Use the Gmail API instead of IMAP: an "
      + "authorized-user or service-account JSON (else EMAILTRIAGE_GMAIL_CREDENTIALS); --username (else "
      + "EMAILTRIAGE_GMAIL_USER) is the mailbox's address.")
  private String gmailCredentials;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  MailboxCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  private String setting(String option, String variable) {
    if (option != null && !option.isBlank()) {
      return option.strip();
    }
    String v = env.get(variable);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  @Override
  public Integer call() throws Exception {
    String gmail = setting(gmailCredentials, "EMAILTRIAGE_GMAIL_CREDENTIALS");
    String imap = setting(imapUrl, "EMAILTRIAGE_IMAP_URL");
    if (gmail != null && imapUrl != null) {
      throw usage("give either --imap-url or --gmail-credentials, not both");
    }
    ReplyMode mode;
    try {
      String m = setting(replyMode, "EMAILTRIAGE_REPLY_MODE");
      mode = m == null ? ReplyMode.DRAFT : ReplyMode.fromWire(m);
    } catch (IllegalArgumentException e) {
      throw usage("--reply-mode: " + e.getMessage());
    }
    if (mode == ReplyMode.SEND && jdbcUrl == null) {
      throw usage("--reply-mode send needs --jdbc-url: an in-memory state could send a reply again after a restart");
    }
    Duration poll = Duration.ofSeconds(60);
    String pollSeconds = env.get("EMAILTRIAGE_MAILBOX_POLL_SECONDS");
    if (pollSeconds != null && !pollSeconds.isBlank()) {
      try {
        poll = Duration.ofSeconds(Long.parseLong(pollSeconds.strip()));
      } catch (NumberFormatException e) {
        throw usage("EMAILTRIAGE_MAILBOX_POLL_SECONDS must be a number of seconds, was " + pollSeconds);
      }
      if (poll.isNegative() || poll.isZero()) {
        throw usage("EMAILTRIAGE_MAILBOX_POLL_SECONDS must be positive, was " + pollSeconds);
      }
    }
    if (gmail != null && imap == null) {
      String user = setting(username, "EMAILTRIAGE_GMAIL_USER");
      if (user == null || !user.contains("@")) {
        throw usage("with --gmail-credentials give --username (or EMAILTRIAGE_GMAIL_USER): the mailbox's address");
      }
      return run(gmailMailbox(gmail, user), user, mode, poll);
    }
    String user = setting(username, "EMAILTRIAGE_IMAP_USERNAME");
    if (imap == null || user == null) {
      throw usage("give --imap-url and --username (or EMAILTRIAGE_IMAP_URL and EMAILTRIAGE_IMAP_USERNAME), or "
          + "--gmail-credentials");
    }
    String password = env.get(passwordEnv);
    if (password == null || password.isEmpty()) {
      throw usage("the environment variable " + passwordEnv + " (--password-env) holds no password");
    }
    String smtp = setting(smtpUrl, "EMAILTRIAGE_SMTP_URL");
    if (mode == ReplyMode.SEND && smtp == null) {
      throw usage("--reply-mode send needs --smtp-url (or EMAILTRIAGE_SMTP_URL)");
    }
    ImapMailbox mailbox;
    try {
      ImapMailbox.Builder b = ImapMailbox.builder().imapUrl(imap).username(user).password(password).folder(folder)
          .requireTls(!allowPlaintext);
      if (smtp != null) {
        b.smtpUrl(smtp);
        String smtpUser = env.get("EMAILTRIAGE_SMTP_USERNAME");
        String smtpPassword = env.get("EMAILTRIAGE_SMTP_PASSWORD");
        if (smtpUser != null && !smtpUser.isBlank()) {
          b.smtpUsername(smtpUser).smtpPassword(smtpPassword == null ? "" : smtpPassword);
        }
      }
      mailbox = b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw usage("Cannot configure the mailbox: " + e.getMessage());
    }
    return run(mailbox, user, mode, poll);
  }

  private GmailMailbox gmailMailbox(String credentialsFile, String address) {
    GoogleCredentials credentials;
    try (InputStream in = Files.newInputStream(Path.of(credentialsFile))) {
      credentials = GoogleCredentials.fromStream(in).createScoped(GmailMailbox.SCOPES);
    } catch (IOException | RuntimeException e) {
      throw usage("cannot read the Gmail credentials " + credentialsFile + ": " + e.getMessage());
    }
    try {
      GmailMailbox.Builder b = GmailMailbox.builder().credentials(credentials).address(address);
      String root = env.get("EMAILTRIAGE_GMAIL_ROOT_URL");
      if (root != null && !root.isBlank()) {
        b.rootUrl(root.strip().endsWith("/") ? root.strip() : root.strip() + "/");
      }
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw usage("Cannot configure the Gmail mailbox: " + e.getMessage());
    }
  }

  private int run(Mailbox mailbox, String user, ReplyMode mode, Duration poll) throws InterruptedException {
    Pipeline created;
    try {
      created = Pipeline.create(env, new Pipeline.Settings(1, offline, model, List.of(user), List.of(), List.of(),
          jdbcUrl, null, null, 3));
    } catch (IllegalArgumentException e) {
      mailbox.close();
      throw usage("Cannot configure the pipeline: " + e.getMessage());
    }
    try (Pipeline pipeline = created; Mailbox box = mailbox) {
      MailboxStateStore state = pipeline.postgres() != null
          ? pipeline.postgres().mailboxStateStore() : new InMemoryMailboxStateStore();
      ReplyPolicy policy = ReplyPolicy.builder().mode(mode).build();
      MailboxTriage loop = MailboxTriage.builder().triage(pipeline.triage()).mailbox(box).state(state)
          .policy(policy).build();
      err.println("mailbox " + box.id() + ": reply mode " + mode.wireName() + ", decider: " + pipeline.decider()
          + ", state: " + (pipeline.postgres() != null ? "PostgreSQL" : "in memory"));
      if (once) {
        MailboxTriage.Report r = loop.runOnce();
        out.println("fetched " + r.fetched() + ", handled " + r.handled() + ", already handled " + r.skipped()
            + ", drafted " + r.drafted() + ", sent " + r.sent() + ", failed " + r.failed()
            + (r.resynced() ? ", resynced" : "") + "; checkpoint " + r.checkpoint());
        out.flush();
        return r.failed() > 0 ? 1 : 0;
      }
      loop.run(poll, () -> !Thread.currentThread().isInterrupted());
      return 0;
    }
  }
}
