package dev.emailtriage.imap;

import dev.emailtriage.Action;
import dev.emailtriage.Email;
import dev.emailtriage.TriageResult;
import dev.emailtriage.imap.internal.MailUrl;
import dev.emailtriage.mime.MailboxBuilder;
import dev.emailtriage.mime.MimeParser;
import dev.emailtriage.mime.MimeReplies;
import dev.emailtriage.mime.UnparseableMailException;
import dev.emailtriage.spi.Mailbox;
import dev.emailtriage.spi.MailboxBatch;
import dev.emailtriage.spi.MailboxException;
import dev.emailtriage.spi.MailboxMessage;
import dev.emailtriage.spi.Reply;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.HeaderTerm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Mailbox} over IMAP (reading, drafts, keywords) and SMTP (sending), with Angus Mail, the Jakarta Mail
 * implementation. Safe for use by one thread at a time (one {@code MailboxTriage}); {@link #awaitChanges} may be
 * interrupted from another thread.
 *
 * <ul>
 *   <li><b>Connection:</b> {@code imaps://} (TLS) or {@code imap://} with STARTTLS required unless
 *       {@link Builder#requireTls(boolean) turned off} (for a local test server); password login, or XOAUTH2 with an
 *       access token supplier (Gmail, Microsoft 365). Reconnects on the next call after a dropped connection, with
 *       up to three attempts 1 s and 2 s apart.</li>
 *   <li><b>Checkpoint:</b> {@code UIDVALIDITY:UID} of the last message handled. The first run takes the newest
 *       {@link Builder#initialMessages(int) initial messages}; when the server's UIDVALIDITY changed, the same window
 *       is listed afresh ({@link MailboxBatch#resynced()}) and messages already handled are recognised by their
 *       id.</li>
 *   <li><b>Ids:</b> a message's email id is its Message-ID (without angle brackets), or {@code sha256:} of its bytes
 *       when it has none: the same after a UIDVALIDITY change, unlike a UID. Messages are read with {@code BODY.PEEK},
 *       so triage leaves them unread.</li>
 *   <li><b>Drafts:</b> appended with {@code \Draft} to the folder with the {@code \Drafts} special-use attribute
 *       (RFC 6154), else a folder named {@code Drafts} (created when missing). Before appending, the folder is
 *       searched for the reply's {@value Reply#MARKER_HEADER} header, so a draft is never made twice.</li>
 *   <li><b>Sending:</b> through the SMTP server, login as IMAP unless given; a copy is appended to the {@code \Sent}
 *       (or {@code Sent}) folder unless {@link Builder#saveSentCopy(boolean) turned off} (Gmail and Microsoft 365
 *       keep their own copy), and {@link #findSent} looks there.</li>
 *   <li><b>Marks:</b> the keyword {@value #RESPOND_KEYWORD} or {@value #IGNORED_KEYWORD}; ignored mail is moved to
 *       {@link Builder#moveIgnoredTo(String) a folder} when one is set.</li>
 *   <li><b>Waiting:</b> IMAP IDLE when the server has it, else a plain wait of the poll interval.</li>
 * </ul>
 *
 * <pre>{@code
 * ImapMailbox mailbox = ImapMailbox.builder()
 *     .imapUrl("imaps://imap.example.com:993")
 *     .smtpUrl("smtp://smtp.example.com:587")
 *     .username("support@example.com")
 *     .password(System.getenv("EMAILTRIAGE_IMAP_PASSWORD"))
 *     .build();
 * }</pre>
 */
public final class ImapMailbox implements Mailbox {

  /** The keyword of a message triaged {@code respond}. */
  public static final String RESPOND_KEYWORD = "$EmailTriageRespond";

  /** The keyword of a message triaged {@code ignore}. */
  public static final String IGNORED_KEYWORD = "$EmailTriageIgnored";

  private static final Logger LOG = LoggerFactory.getLogger(ImapMailbox.class);
  private static final int CONNECT_ATTEMPTS = 3;

  private final MailUrl imap;
  private final MailUrl smtp;
  private final String username;
  private final String password;
  private final Supplier<String> accessToken;
  private final String smtpUsername;
  private final String smtpPassword;
  private final String folderName;
  private final String address;
  private final String draftsName;
  private final String moveIgnoredTo;
  private final boolean saveSentCopy;
  private final int initialMessages;
  private final Clock clock;
  private final Session session;
  private final String id;

  private IMAPStore store;
  private IMAPFolder folder;
  private ScheduledExecutorService idleTimer;

  private ImapMailbox(Builder b) {
    this.imap = b.imap;
    this.smtp = b.smtp;
    this.username = b.username;
    this.password = b.password;
    this.accessToken = b.accessToken;
    this.smtpUsername = b.smtpUsername != null ? b.smtpUsername : b.username;
    this.smtpPassword = b.smtpPassword != null ? b.smtpPassword : b.password;
    this.folderName = b.folder;
    this.address = b.resolvedAddress;
    this.draftsName = b.draftsFolder;
    this.moveIgnoredTo = b.moveIgnoredTo;
    this.saveSentCopy = b.saveSentCopy;
    this.initialMessages = b.firstMessages;
    this.clock = b.replyClock;
    this.session = Session.getInstance(properties(b));
    this.id = "imap:" + username + "@" + imap.host() + "/" + folderName;
  }

  private static Properties properties(Builder b) {
    Properties p = new Properties();
    long timeout = b.networkTimeout.toMillis();
    String i = b.imap.scheme();
    p.put("mail.store.protocol", i);
    p.put("mail." + i + ".host", b.imap.host());
    p.put("mail." + i + ".port", Integer.toString(b.imap.port()));
    p.put("mail." + i + ".peek", "true");
    p.put("mail." + i + ".connectiontimeout", Long.toString(timeout));
    p.put("mail." + i + ".timeout", Long.toString(timeout));
    p.put("mail." + i + ".writetimeout", Long.toString(timeout));
    if (b.imap.implicitTls()) {
      p.put("mail." + i + ".ssl.checkserveridentity", "true");
    } else if (b.requireTls) {
      p.put("mail." + i + ".starttls.enable", "true");
      p.put("mail." + i + ".starttls.required", "true");
      p.put("mail." + i + ".ssl.checkserveridentity", "true");
    }
    if (b.accessToken != null) {
      p.put("mail." + i + ".auth.mechanisms", "XOAUTH2");
    }
    if (b.smtp != null) {
      String s = b.smtp.scheme();
      p.put("mail.transport.protocol", s);
      p.put("mail." + s + ".host", b.smtp.host());
      p.put("mail." + s + ".port", Integer.toString(b.smtp.port()));
      p.put("mail." + s + ".auth", "true");
      p.put("mail." + s + ".connectiontimeout", Long.toString(timeout));
      p.put("mail." + s + ".timeout", Long.toString(timeout));
      p.put("mail." + s + ".writetimeout", Long.toString(timeout));
      if (b.smtp.implicitTls()) {
        p.put("mail." + s + ".ssl.checkserveridentity", "true");
      } else if (b.requireTls) {
        p.put("mail." + s + ".starttls.enable", "true");
        p.put("mail." + s + ".starttls.required", "true");
        p.put("mail." + s + ".ssl.checkserveridentity", "true");
      }
      if (b.accessToken != null && b.smtpPassword == null) {
        p.put("mail." + s + ".auth.mechanisms", "XOAUTH2");
      }
    }
    return p;
  }

  /** A builder; the IMAP URL, the username and a password or access token must be set. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<String> address() {
    return Optional.of(address);
  }

  @Override
  public boolean canSend() {
    return smtp != null;
  }

  // ---------------------------------------------------------------- connection

  private synchronized IMAPFolder open() {
    if (folder != null && folder.isOpen() && store != null && store.isConnected()) {
      return folder;
    }
    closeQuietly();
    MessagingException last = null;
    for (int attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
      try {
        IMAPStore s = (IMAPStore) session.getStore(imap.scheme());
        s.connect(imap.host(), imap.port(), username, secret());
        IMAPFolder f = (IMAPFolder) s.getFolder(folderName);
        if (!f.exists()) {
          s.close();
          throw new MailboxException("IMAP folder " + folderName + " does not exist on " + imap.host());
        }
        f.open(Folder.READ_WRITE);
        store = s;
        folder = f;
        return f;
      } catch (MessagingException e) {
        last = e;
        LOG.warn("IMAP {}: connection attempt {} of {} failed: {}", id, attempt, CONNECT_ATTEMPTS, e.toString());
        if (attempt < CONNECT_ATTEMPTS) {
          try {
            Thread.sleep(1000L << (attempt - 1));
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    }
    throw new MailboxException("cannot open IMAP folder " + folderName + " on " + imap.host() + ":" + imap.port()
        + ": " + (last == null ? "interrupted" : last.getMessage()), last);
  }

  private String secret() {
    if (accessToken == null) {
      return password;
    }
    String token = accessToken.get();
    if (token == null || token.isBlank()) {
      throw new MailboxException("the access token supplier gave no token");
    }
    return token;
  }

  private interface MailCall<T> {
    T call(IMAPFolder f) throws MessagingException, IOException;
  }

  /** Runs {@code call} on the open folder; after a dropped connection, reconnects and tries once more. */
  private synchronized <T> T withFolder(String what, MailCall<T> call) {
    for (int attempt = 1; ; attempt++) {
      IMAPFolder f = open();
      try {
        return call.call(f);
      } catch (jakarta.mail.FolderClosedException | jakarta.mail.StoreClosedException e) {
        closeQuietly();
        if (attempt >= 2) {
          throw new MailboxException(what + " failed on " + id + ": connection lost: " + e.getMessage(), e);
        }
        LOG.info("IMAP {}: connection lost during {}, reconnecting", id, what);
      } catch (MessagingException | IOException e) {
        throw new MailboxException(what + " failed on " + id + ": " + e.getMessage(), e);
      }
    }
  }

  // ---------------------------------------------------------------- fetch

  @Override
  public MailboxBatch fetch(String checkpoint, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    return withFolder("fetch", f -> {
      long validity = f.getUIDValidity();
      long[] cp = parseCheckpoint(checkpoint);
      boolean resynced = cp != null && cp[0] != validity;
      List<Message> candidates = new ArrayList<>();
      if (cp == null || resynced) {
        int count = f.getMessageCount();
        if (count > 0) {
          candidates.addAll(Arrays.asList(f.getMessages(Math.max(1, count - initialMessages + 1), count)));
        }
        if (resynced) {
          LOG.warn("IMAP {}: UIDVALIDITY changed from {} to {}: listing the newest {} messages afresh", id, cp[0],
              validity, initialMessages);
        }
      } else {
        candidates.addAll(Arrays.asList(f.getMessagesByUID(cp[1] + 1, UIDFolder.MAXUID)));
      }
      FetchProfile profile = new FetchProfile();
      profile.add(UIDFolder.FetchProfileItem.UID);
      profile.add(FetchProfile.Item.FLAGS);
      profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
      f.fetch(candidates.toArray(Message[]::new), profile);
      long after = cp == null || resynced ? 0 : cp[1];
      List<Message> fresh = new ArrayList<>();
      for (Message m : candidates) {
        if (m != null && f.getUID(m) > after) {
          fresh.add(m);
        }
      }
      fresh.sort(Comparator.comparingLong(m -> uid(f, m)));
      long last = after;
      if (cp == null || resynced) {
        // an empty window still moves the checkpoint to what exists now
        last = Math.max(0, f.getUIDNext() - 1);
        if (!fresh.isEmpty()) {
          last = uid(f, fresh.get(0)) - 1;
        }
      }
      List<MailboxMessage> messages = new ArrayList<>();
      for (Message m : fresh) {
        if (messages.size() >= max) {
          break;
        }
        long uid = f.getUID(m);
        last = uid;
        String ref = validity + ":" + uid;
        if (m.isSet(Flags.Flag.DELETED) || m.isSet(Flags.Flag.DRAFT)) {
          continue;
        }
        Email email = read(m, ref);
        if (email != null) {
          messages.add(new MailboxMessage(email, ref, ref));
        }
      }
      boolean more = fresh.size() > 0 && uid(f, fresh.get(fresh.size() - 1)) > last;
      return new MailboxBatch(messages, validity + ":" + last, resynced, more);
    });
  }

  private static long uid(IMAPFolder f, Message m) {
    try {
      return f.getUID(m);
    } catch (MessagingException e) {
      throw new MailboxException("no UID for a message: " + e.getMessage(), e);
    }
  }

  private Email read(Message m, String ref) throws MessagingException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    Date internal = m.getReceivedDate();
    Instant fallback = internal != null ? internal.toInstant() : clock.instant();
    try {
      return MimeParser.parse(out.toByteArray(), fallback);
    } catch (UnparseableMailException e) {
      LOG.warn("IMAP {}: message {} is not readable mail, skipped: {}", id, ref, e.getMessage());
      return null;
    }
  }

  /** {@code [uidvalidity, uid]}, or null for no checkpoint. */
  static long[] parseCheckpoint(String checkpoint) {
    if (checkpoint == null) {
      return null;
    }
    String[] parts = checkpoint.split(":");
    try {
      if (parts.length == 2) {
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("not an IMAP checkpoint (uidvalidity:uid): " + checkpoint);
  }

  // ---------------------------------------------------------------- drafts and sending

  @Override
  public String createDraft(Reply reply) {
    Objects.requireNonNull(reply, "reply");
    return withFolder("createDraft", f -> {
      IMAPFolder drafts = specialFolder("\\Drafts", draftsName, "Drafts");
      try {
        drafts.open(Folder.READ_WRITE);
        Optional<String> existing = findByMarker(drafts, reply.marker());
        if (existing.isPresent()) {
          LOG.info("IMAP {}: draft {} already exists as {}", id, reply.marker(), existing.get());
          return existing.get();
        }
        MimeMessage message = compose(reply, true);
        message.setFlags(new Flags(Flags.Flag.DRAFT), true);
        message.setFlags(new Flags(Flags.Flag.SEEN), true);
        AppendUID[] appended = drafts.appendUIDMessages(new Message[] {message});
        if (appended != null && appended.length == 1 && appended[0] != null) {
          return drafts.getFullName() + "/" + appended[0].uidvalidity + ":" + appended[0].uid;
        }
        return findByMarker(drafts, reply.marker())
            .orElseThrow(() -> new MessagingException("the appended draft cannot be found"));
      } finally {
        if (drafts.isOpen()) {
          drafts.close(false);
        }
      }
    });
  }

  @Override
  public String send(Reply reply) {
    Objects.requireNonNull(reply, "reply");
    if (smtp == null) {
      throw new MailboxException("cannot send from " + id + ": no SMTP server configured");
    }
    MimeMessage message;
    String messageId;
    try {
      message = compose(reply, false);
      messageId = message.getMessageID();
      try (Transport transport = session.getTransport(smtp.scheme())) {
        transport.connect(smtp.host(), smtp.port(), smtpUsername,
            smtpPassword != null ? smtpPassword : secret());
        transport.sendMessage(message, message.getAllRecipients());
      }
    } catch (MessagingException e) {
      throw new MailboxException("sending the reply " + reply.marker() + " through " + smtp.host() + ":"
          + smtp.port() + " failed: " + e.getMessage(), e);
    }
    if (saveSentCopy) {
      try {
        withFolder("saveSent", f -> {
          IMAPFolder sent = specialFolder("\\Sent", null, "Sent");
          message.setFlags(new Flags(Flags.Flag.SEEN), true);
          sent.appendMessages(new Message[] {message});
          return null;
        });
      } catch (MailboxException e) {
        LOG.warn("IMAP {}: reply {} was sent but its copy could not be saved in Sent: {}", id, reply.marker(),
            e.getMessage());
      }
    }
    return messageId;
  }

  @Override
  public Optional<String> findSent(String marker) {
    return withFolder("findSent", f -> {
      Optional<IMAPFolder> sent = existingSpecialFolder("\\Sent", null, "Sent");
      if (sent.isEmpty()) {
        return Optional.empty();
      }
      IMAPFolder folder = sent.get();
      folder.open(Folder.READ_ONLY);
      try {
        return findByMarker(folder, marker);
      } finally {
        folder.close(false);
      }
    });
  }

  private Optional<String> findByMarker(IMAPFolder folder, String marker) throws MessagingException {
    Message[] found = folder.search(new HeaderTerm(Reply.MARKER_HEADER, marker));
    for (Message m : found) {
      String[] values = m.getHeader(Reply.MARKER_HEADER);
      if (values != null && Arrays.stream(values).anyMatch(v -> v.strip().equals(marker))) {
        return Optional.of(folder.getFullName() + "/" + folder.getUIDValidity() + ":" + folder.getUID(m));
      }
    }
    return Optional.empty();
  }

  /**
   * The message of {@code reply} as {@link MimeReplies} writes it for every connector: a draft (never
   * {@code Auto-Submitted}: a person sends it) or a reply sent now.
   */
  private MimeMessage compose(Reply reply, boolean draft) throws MessagingException {
    byte[] bytes = MimeReplies.toBytes(reply, address, draft, clock.instant());
    return new MimeMessage(session, new ByteArrayInputStream(bytes));
  }

  /** The folder with {@code attribute} (RFC 6154), else the configured or fallback name, created when missing. */
  private IMAPFolder specialFolder(String attribute, String configured, String fallback) throws MessagingException {
    Optional<IMAPFolder> found = existingSpecialFolder(attribute, configured, fallback);
    if (found.isPresent()) {
      return found.get();
    }
    IMAPFolder created = (IMAPFolder) store.getFolder(configured != null ? configured : fallback);
    if (!created.create(Folder.HOLDS_MESSAGES)) {
      throw new MessagingException("cannot create folder " + created.getFullName());
    }
    LOG.info("IMAP {}: created folder {}", id, created.getFullName());
    return created;
  }

  private Optional<IMAPFolder> existingSpecialFolder(String attribute, String configured, String fallback)
      throws MessagingException {
    if (configured != null) {
      IMAPFolder f = (IMAPFolder) store.getFolder(configured);
      return f.exists() ? Optional.of(f) : Optional.empty();
    }
    IMAPFolder byName = null;
    for (Folder candidate : store.getDefaultFolder().list("*")) {
      IMAPFolder f = (IMAPFolder) candidate;
      String[] attributes = f.getAttributes();
      if (attributes != null && Arrays.stream(attributes).anyMatch(attribute::equalsIgnoreCase)) {
        return Optional.of(f);
      }
      if (byName == null && f.getName().equalsIgnoreCase(fallback)) {
        byName = f;
      }
    }
    return Optional.ofNullable(byName);
  }

  // ---------------------------------------------------------------- marks

  @Override
  public void mark(MailboxMessage message, TriageResult result) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(result, "result");
    if (result.decision() == null) {
      return;
    }
    long[] ref = parseCheckpoint(message.ref());
    boolean respond = result.decision().action() == Action.RESPOND;
    withFolder("mark", f -> {
      if (f.getUIDValidity() != ref[0]) {
        throw new MessagingException("UIDVALIDITY changed since the fetch; the message is marked on the next run");
      }
      Message m = f.getMessageByUID(ref[1]);
      if (m == null) {
        LOG.info("IMAP {}: message {} is gone, not marked", id, message.ref());
        return null;
      }
      m.setFlags(new Flags(respond ? RESPOND_KEYWORD : IGNORED_KEYWORD), true);
      if (!respond && moveIgnoredTo != null) {
        IMAPFolder target = (IMAPFolder) store.getFolder(moveIgnoredTo);
        if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
          throw new MessagingException("cannot create folder " + moveIgnoredTo);
        }
        if (store.hasCapability("MOVE")) {
          f.moveMessages(new Message[] {m}, target);
        } else {
          f.copyMessages(new Message[] {m}, target);
          m.setFlag(Flags.Flag.DELETED, true);
        }
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- waiting

  @Override
  public boolean awaitChanges(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    IMAPFolder f = open();
    boolean idle;
    try {
      idle = store.hasCapability("IDLE");
    } catch (MessagingException e) {
      idle = false;
    }
    if (!idle) {
      TimeUnit.MILLISECONDS.sleep(timeout.toMillis());
      return false;
    }
    ScheduledExecutorService timer;
    synchronized (this) {
      if (idleTimer == null) {
        idleTimer = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "imap-idle-timer");
          t.setDaemon(true);
          return t;
        });
      }
      timer = idleTimer;
    }
    int before;
    try {
      before = f.getMessageCount();
    } catch (MessagingException e) {
      throw new MailboxException("IMAP " + id + ": " + e.getMessage(), e);
    }
    // Any command on the folder from another thread ends IDLE: a NOOP when the time is up.
    ScheduledFuture<?> wake = timer.schedule(() -> {
      try {
        f.doCommand(p -> {
          p.simpleCommand("NOOP", null);
          return null;
        });
      } catch (MessagingException e) {
        LOG.debug("IMAP {}: NOOP to end IDLE failed: {}", id, e.toString());
      }
    }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      f.idle(true);
      return f.getMessageCount() != before;
    } catch (MessagingException e) {
      closeQuietly();
      throw new MailboxException("IMAP IDLE on " + id + " failed: " + e.getMessage(), e);
    } finally {
      wake.cancel(false);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }

  // ---------------------------------------------------------------- closing

  private void closeQuietly() {
    try {
      if (folder != null && folder.isOpen()) {
        folder.close(false);
      }
    } catch (MessagingException e) {
      // closing anyway
    }
    try {
      if (store != null) {
        store.close();
      }
    } catch (MessagingException e) {
      // closing anyway
    }
    folder = null;
    store = null;
  }

  @Override
  public synchronized void close() {
    closeQuietly();
    if (idleTimer != null) {
      idleTimer.shutdownNow();
      idleTimer = null;
    }
  }

  @Override
  public String toString() {
    return "ImapMailbox[" + id + (smtp == null ? "" : ", smtp " + smtp.host() + ":" + smtp.port()) + "]";
  }

  /**
   * Builds an {@link ImapMailbox}. Each setting may be made once ({@link IllegalStateException} for a second time);
   * a bad value is an {@link IllegalArgumentException}; {@link #build()} refuses missing and contradictory settings.
   * Not thread-safe.
   */
  public static final class Builder extends MailboxBuilder<Builder> {
    private MailUrl imap;
    private MailUrl smtp;
    private String username;
    private String password;
    private Supplier<String> accessToken;
    private String smtpUsername;
    private String smtpPassword;
    private String folder = "INBOX";
    private String draftsFolder;
    private String moveIgnoredTo;
    private boolean saveSentCopy = true;
    private boolean requireTls = true;

    private String resolvedAddress;
    private int firstMessages;
    private Duration networkTimeout;
    private Clock replyClock;

    private Builder() {
      super(10_000, Duration.ofMinutes(10));
    }

    @Override
    protected Builder self() {
      return this;
    }

    private static String text(String name, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value.strip();
    }

    private static String secret(String name, String value) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(name + " must not be empty");
      }
      return value;
    }

    /** The IMAP server, {@code imaps://host:port} (TLS) or {@code imap://host:port} (STARTTLS). Required. */
    public Builder imapUrl(String url) {
      once("imapUrl");
      this.imap = MailUrl.parse(url, "imap");
      return this;
    }

    /** The SMTP server for sending, {@code smtps://host:port} or {@code smtp://host:port} (STARTTLS). */
    public Builder smtpUrl(String url) {
      once("smtpUrl");
      this.smtp = MailUrl.parse(url, "smtp");
      return this;
    }

    /** The login. Required. */
    public Builder username(String username) {
      once("username");
      this.username = text("username", username);
      return this;
    }

    /** The password (or app password). Either this or {@link #accessToken} is required. */
    public Builder password(String password) {
      once("password");
      this.password = secret("password", password);
      return this;
    }

    /**
     * An OAuth 2.0 access token for SASL XOAUTH2 (Gmail, Microsoft 365), asked for at every login so that it can
     * be refreshed. Either this or {@link #password} is required.
     */
    public Builder accessToken(Supplier<String> accessToken) {
      once("accessToken");
      this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
      return this;
    }

    /** The SMTP login when it differs from IMAP's (then with {@link #smtpPassword}). */
    public Builder smtpUsername(String username) {
      once("smtpUsername");
      this.smtpUsername = text("smtpUsername", username);
      return this;
    }

    /** The SMTP password when it differs from IMAP's. */
    public Builder smtpPassword(String password) {
      once("smtpPassword");
      this.smtpPassword = secret("smtpPassword", password);
      return this;
    }

    /** The folder read; {@code INBOX} by default. */
    public Builder folder(String folder) {
      once("folder");
      this.folder = text("folder", folder);
      return this;
    }

    /** The drafts folder by name, instead of the one marked {@code \Drafts} (or named Drafts). */
    public Builder draftsFolder(String name) {
      once("draftsFolder");
      this.draftsFolder = text("draftsFolder", name);
      return this;
    }

    /** A folder that ignored mail is moved to (created when missing); by default it stays where it is. */
    public Builder moveIgnoredTo(String name) {
      once("moveIgnoredTo");
      this.moveIgnoredTo = text("moveIgnoredTo", name);
      return this;
    }

    /** Whether a sent reply is also appended to the Sent folder; true by default (false for Gmail, Microsoft 365). */
    public Builder saveSentCopy(boolean save) {
      once("saveSentCopy");
      this.saveSentCopy = save;
      return this;
    }

    /**
     * Whether {@code imap://} and {@code smtp://} must upgrade with STARTTLS; true by default. Turn it off only for
     * a server on the same host (a test server).
     */
    public Builder requireTls(boolean require) {
      once("requireTls");
      this.requireTls = require;
      return this;
    }

    /**
     * The mailbox (it connects on first use).
     *
     * @throws IllegalStateException when the IMAP URL, the username or the credentials are missing, both a password
     *     and an access token are given, SMTP credentials are half given, or no address is known
     */
    public ImapMailbox build() {
      if (imap == null || username == null) {
        throw new IllegalStateException("imapUrl and username must be set");
      }
      if ((password == null) == (accessToken == null)) {
        throw new IllegalStateException("give either a password or an access token, not "
            + (password == null ? "neither" : "both"));
      }
      if ((smtpUsername == null) != (smtpPassword == null)) {
        throw new IllegalStateException("smtpUsername and smtpPassword go together");
      }
      if (smtpUsername != null && smtp == null) {
        throw new IllegalStateException("SMTP credentials without smtpUrl");
      }
      firstMessages = configuredInitialMessages();
      networkTimeout = configuredTimeout();
      replyClock = configuredClock();
      resolvedAddress = configuredAddress();
      if (resolvedAddress == null) {
        if (!username.matches("[^\\s@<>]+@[^\\s@<>]+")) {
          throw new IllegalStateException("the username " + username + " is not an address: set address(..)");
        }
        resolvedAddress = username.toLowerCase(Locale.ROOT);
      }
      return new ImapMailbox(this);
    }
  }
}
