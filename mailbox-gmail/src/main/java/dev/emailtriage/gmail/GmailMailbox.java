package dev.emailtriage.gmail;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.services.AbstractGoogleClientRequest;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.gmail.Gmail;
import com.google.api.services.gmail.model.Draft;
import com.google.api.services.gmail.model.History;
import com.google.api.services.gmail.model.HistoryMessageAdded;
import com.google.api.services.gmail.model.Label;
import com.google.api.services.gmail.model.ListDraftsResponse;
import com.google.api.services.gmail.model.ListHistoryResponse;
import com.google.api.services.gmail.model.ListMessagesResponse;
import com.google.api.services.gmail.model.Message;
import com.google.api.services.gmail.model.ModifyMessageRequest;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import dev.emailtriage.Action;
import dev.emailtriage.Email;
import dev.emailtriage.EmailMetadata;
import dev.emailtriage.TriageResult;
import dev.emailtriage.mime.MimeParser;
import dev.emailtriage.mime.MailboxBuilder;
import dev.emailtriage.mime.MimeReplies;
import dev.emailtriage.mime.UnparseableMailException;
import dev.emailtriage.spi.Mailbox;
import dev.emailtriage.spi.MailboxBatch;
import dev.emailtriage.spi.MailboxException;
import dev.emailtriage.spi.MailboxMessage;
import dev.emailtriage.spi.Reply;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Mailbox} over the Gmail API with Google's own Java client: incremental sync with {@code history.list} from
 * the stored {@code historyId} (a full listing of the newest inbox messages on the first run, and again when Google
 * answers 404 because the id is too old), {@code messages.get?format=raw} into the shared {@link MimeParser},
 * {@code drafts.create} in the original's thread, {@code messages.send}, and the labels
 * {@code EmailTriage/Respond} and {@code EmailTriage/Ignored} (created when missing). 429 and 5xx answers are retried
 * with exponential backoff. Safe for use by one thread at a time.
 *
 * <p>A message's email id is its Gmail id and its thread id the Gmail thread; its labels ({@code INBOX},
 * {@code CATEGORY_PROMOTIONS}...) become the email's metadata labels, which the built-in rules read. Drafts and sent
 * replies carry a Message-ID made from the reply's marker, so {@code drafts.list?q=rfc822msgid:} finds a draft made
 * before a crash instead of making a second one.
 *
 * <pre>{@code
 * GmailMailbox mailbox = GmailMailbox.builder()
 *     .credentials(GoogleCredentials.fromStream(Files.newInputStream(path))
 *         .createScoped(GmailMailbox.SCOPES))
 *     .address("support@example.com")
 *     .build();
 * }</pre>
 */
public final class GmailMailbox implements Mailbox {

  /**
   * The narrowest scopes that do everything the connector does: read and label mail ({@code gmail.modify}) and create
   * drafts and send ({@code gmail.compose}).
   */
  public static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/gmail.modify",
      "https://www.googleapis.com/auth/gmail.compose");

  /** The label of messages triaged respond. */
  public static final String RESPOND_LABEL = "EmailTriage/Respond";

  /** The label of messages triaged ignore. */
  public static final String IGNORED_LABEL = "EmailTriage/Ignored";

  /** The checkpoint of a first listing still under way. */
  static final String FULL_SYNC = "full";

  private static final Logger LOG = LoggerFactory.getLogger(GmailMailbox.class);

  private final Gmail gmail;
  private final String user;
  private final String address;
  private final int initialMessages;
  private final int maxRetries;
  private final Duration backoffBase;
  private final Duration backoffMax;
  private final Clock clock;
  private final Map<String, String> labelIds = new HashMap<>();

  private GmailMailbox(Builder b) {
    HttpRequestInitializer credentials = new HttpCredentialsAdapter(b.credentials);
    HttpRequestInitializer init = request -> {
      credentials.initialize(request);
      request.setConnectTimeout((int) b.networkTimeout.toMillis());
      request.setReadTimeout((int) b.networkTimeout.toMillis());
      request.setNumberOfRetries(0);
    };
    Gmail.Builder gb = new Gmail.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), init)
        .setApplicationName("email-triage");
    if (b.rootUrl != null) {
      gb.setRootUrl(b.rootUrl);
    }
    this.gmail = gb.build();
    this.user = b.user;
    this.address = b.ownAddress;
    this.initialMessages = b.firstMessages;
    this.maxRetries = b.maxRetries;
    this.backoffBase = b.backoffBase;
    this.backoffMax = b.backoffMax;
    this.clock = b.replyClock;
  }

  /** A builder; credentials and the mailbox's address must be set. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return "gmail:" + address;
  }

  @Override
  public Optional<String> address() {
    return Optional.of(address);
  }

  // ---------------------------------------------------------------- calls with backoff

  /** Makes a request (the client's request builders may throw). */
  private interface Request<T> {
    AbstractGoogleClientRequest<T> make() throws IOException;
  }

  private <T> T call(String what, Request<T> request) {
    Duration wait = backoffBase;
    for (int attempt = 0; ; attempt++) {
      try {
        return request.make().execute();
      } catch (HttpResponseException e) {
        int status = e.getStatusCode();
        boolean transient_ = status == 429 || status >= 500;
        if (!transient_ || attempt >= maxRetries) {
          throw new MailboxException("Gmail " + what + " failed: HTTP " + status + " " + message(e), e);
        }
        LOG.info("Gmail {}: HTTP {}, retry {} of {} in {}", what, status, attempt + 1, maxRetries, wait);
      } catch (IOException e) {
        if (attempt >= maxRetries) {
          throw new MailboxException("Gmail " + what + " failed: " + e.getMessage(), e);
        }
      }
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new MailboxException("Gmail " + what + " interrupted", ie);
      }
      wait = wait.multipliedBy(2).compareTo(backoffMax) > 0 ? backoffMax : wait.multipliedBy(2);
    }
  }

  private static String message(HttpResponseException e) {
    if (e instanceof GoogleJsonResponseException g && g.getDetails() != null) {
      return g.getDetails().getMessage();
    }
    return e.getStatusMessage();
  }

  private static boolean notFound(MailboxException e) {
    return e.getCause() instanceof HttpResponseException h && h.getStatusCode() == 404;
  }

  // ---------------------------------------------------------------- fetch

  @Override
  public MailboxBatch fetch(String checkpoint, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    try {
      if (checkpoint == null || checkpoint.equals(FULL_SYNC)) {
        return fullSync(false);
      }
      BigInteger start;
      try {
        start = new BigInteger(checkpoint);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a Gmail checkpoint (a historyId): " + checkpoint, e);
      }
      Set<String> added = new LinkedHashSet<>();
      String page = null;
      BigInteger latest = start;
      do {
        String pageToken = page;
        ListHistoryResponse response = call("history.list", () -> gmail.users().history().list(user)
            .setStartHistoryId(start).setHistoryTypes(List.of("messageAdded")).setLabelId("INBOX")
            .setPageToken(pageToken));
        if (response.getHistory() != null) {
          for (History h : response.getHistory()) {
            if (h.getMessagesAdded() != null) {
              for (HistoryMessageAdded m : h.getMessagesAdded()) {
                added.add(m.getMessage().getId());
              }
            }
          }
        }
        if (response.getHistoryId() != null) {
          latest = response.getHistoryId();
        }
        page = response.getNextPageToken();
      } while (page != null);
      List<MailboxMessage> messages = new ArrayList<>();
      for (String id : added) {
        read(id, checkpoint).ifPresent(messages::add);
      }
      return new MailboxBatch(messages, latest.toString(), false, false);
    } catch (MailboxException e) {
      if (notFound(e)) {
        LOG.warn("Gmail {}: historyId {} is too old (404): listing the newest {} inbox messages afresh", id(),
            checkpoint, initialMessages);
        return fullSync(true);
      }
      throw e;
    }
  }

  private MailboxBatch fullSync(boolean resynced) {
    BigInteger historyId = call("getProfile", () -> gmail.users().getProfile(user)).getHistoryId();
    ListMessagesResponse list = call("messages.list", () -> gmail.users().messages().list(user)
        .setLabelIds(List.of("INBOX")).setMaxResults((long) initialMessages));
    List<Message> found = list.getMessages() == null ? List.of() : list.getMessages();
    List<MailboxMessage> messages = new ArrayList<>();
    for (int i = found.size() - 1; i >= 0; i--) { // Gmail lists newest first
      read(found.get(i).getId(), FULL_SYNC).ifPresent(messages::add);
    }
    return new MailboxBatch(messages, historyId.toString(), resynced, false);
  }

  private Optional<MailboxMessage> read(String messageId, String checkpoint) {
    Message m;
    try {
      m = call("messages.get", () -> gmail.users().messages().get(user, messageId).setFormat("raw"));
    } catch (MailboxException e) {
      if (notFound(e)) {
        return Optional.empty(); // deleted since
      }
      throw e;
    }
    List<String> labels = m.getLabelIds() == null ? List.of() : m.getLabelIds();
    if (labels.contains("DRAFT") || labels.contains("SENT") && !labels.contains("INBOX")) {
      return Optional.empty();
    }
    Instant internal = m.getInternalDate() == null ? clock.instant() : Instant.ofEpochMilli(m.getInternalDate());
    Email email;
    try {
      email = MimeParser.parse(m.decodeRaw(), internal);
    } catch (UnparseableMailException e) {
      LOG.warn("Gmail {}: message {} is not readable mail, skipped: {}", id(), messageId, e.getMessage());
      return Optional.empty();
    }
    Email withIds = email.toBuilder().emailId(m.getId()).threadId(m.getThreadId())
        .metadata(new EmailMetadata(null, labels, null)).build();
    return Optional.of(new MailboxMessage(withIds, m.getId(), checkpoint));
  }

  // ---------------------------------------------------------------- drafts and sending

  private Message raw(Reply reply, boolean sent) {
    byte[] bytes = MimeReplies.toBytes(reply, address, !sent, clock.instant());
    return new Message().encodeRaw(bytes).setThreadId(reply.threadId());
  }

  @Override
  public String createDraft(Reply reply) {
    Objects.requireNonNull(reply, "reply");
    String messageId = MimeReplies.messageId(reply, address, true);
    ListDraftsResponse existing = call("drafts.list", () -> gmail.users().drafts().list(user)
        .setQ("rfc822msgid:" + messageId.substring(1, messageId.length() - 1)));
    if (existing.getDrafts() != null && !existing.getDrafts().isEmpty()) {
      String id = existing.getDrafts().get(0).getId();
      LOG.info("Gmail {}: draft {} already exists as {}", id(), reply.marker(), id);
      return id;
    }
    Draft draft = call("drafts.create", () -> gmail.users().drafts().create(user, new Draft().setMessage(raw(reply, false))));
    return draft.getId();
  }

  @Override
  public String send(Reply reply) {
    Objects.requireNonNull(reply, "reply");
    return call("messages.send", () -> gmail.users().messages().send(user, raw(reply, true))).getId();
  }

  @Override
  public Optional<String> findSent(String marker) {
    String domain = address.substring(address.lastIndexOf('@') + 1);
    ListMessagesResponse r = call("messages.list", () -> gmail.users().messages().list(user)
        .setQ("in:sent rfc822msgid:" + marker + "@" + domain));
    return r.getMessages() == null || r.getMessages().isEmpty()
        ? Optional.empty() : Optional.of(r.getMessages().get(0).getId());
  }

  // ---------------------------------------------------------------- labels

  @Override
  public void mark(MailboxMessage message, TriageResult result) {
    Objects.requireNonNull(message, "message");
    if (result.decision() == null) {
      return;
    }
    String label = labelId(result.decision().action() == Action.RESPOND ? RESPOND_LABEL : IGNORED_LABEL);
    call("messages.modify", () -> gmail.users().messages().modify(user, message.ref(),
        new ModifyMessageRequest().setAddLabelIds(List.of(label))));
  }

  private String labelId(String name) {
    String known = labelIds.get(name);
    if (known != null) {
      return known;
    }
    List<Label> labels = call("labels.list", () -> gmail.users().labels().list(user)).getLabels();
    if (labels != null) {
      for (Label l : labels) {
        labelIds.put(l.getName(), l.getId());
      }
    }
    known = labelIds.get(name);
    if (known == null) {
      Label created = call("labels.create", () -> gmail.users().labels().create(user, new Label().setName(name)
          .setLabelListVisibility("labelShow").setMessageListVisibility("show")));
      known = created.getId();
      labelIds.put(name, known);
      LOG.info("Gmail {}: created label {}", id(), name);
    }
    return known;
  }

  @Override
  public String toString() {
    return "GmailMailbox[" + id() + "]";
  }

  /**
   * Builds a {@link GmailMailbox}. Each setting may be made once ({@link IllegalStateException} for a second time);
   * a bad value is an {@link IllegalArgumentException}; {@link #build()} refuses missing credentials or address.
   * Not thread-safe.
   */
  public static final class Builder extends MailboxBuilder<Builder> {
    private GoogleCredentials credentials;
    private String user = "me";
    private String rootUrl;
    private int maxRetries = 5;
    private Duration backoffBase = Duration.ofSeconds(1);
    private Duration backoffMax = Duration.ofMinutes(1);

    private String ownAddress;
    private int firstMessages;
    private Duration networkTimeout;
    private Clock replyClock;

    private Builder() {
      super(500, Duration.ofMinutes(5));
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * OAuth credentials: an authorized user's, or a service account's with domain-wide delegation
     * ({@code createDelegated(address)}), scoped with {@link #SCOPES}. Required.
     */
    public Builder credentials(GoogleCredentials credentials) {
      once("credentials");
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** The Gmail user id; {@code me} (the credentials' user) by default. */
    public Builder user(String user) {
      once("user");
      if (user == null || user.isBlank()) {
        throw new IllegalArgumentException("user must not be blank");
      }
      this.user = user.strip();
      return this;
    }

    /** The API's root URL ({@code EMAILTRIAGE_GMAIL_ROOT_URL}, for tests), ending with {@code /}. */
    public Builder rootUrl(String rootUrl) {
      once("rootUrl");
      if (rootUrl == null || !rootUrl.matches("https?://[^\\s]+/")) {
        throw new IllegalArgumentException("rootUrl must be an http(s) URL ending with '/', was " + rootUrl);
      }
      this.rootUrl = rootUrl;
      return this;
    }

    /** Retries of a 429 or 5xx answer, 0 to 10; 5 by default. */
    public Builder maxRetries(int retries) {
      once("maxRetries");
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("maxRetries must be 0 to 10, was " + retries);
      }
      this.maxRetries = retries;
      return this;
    }

    /** The first retry's wait (doubling up to {@code max}); 1 s and 1 min by default. */
    public Builder retryBackoff(Duration base, Duration max) {
      once("retryBackoff");
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(max, "max");
      if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
        throw new IllegalArgumentException("retryBackoff needs 0 < base <= max, was " + base + ", " + max);
      }
      this.backoffBase = base;
      this.backoffMax = max;
      return this;
    }

    /**
     * The mailbox.
     *
     * @throws IllegalStateException when the credentials or the address are missing
     */
    public GmailMailbox build() {
      if (credentials == null || configuredAddress() == null) {
        throw new IllegalStateException("credentials and address must be set");
      }
      ownAddress = configuredAddress();
      firstMessages = configuredInitialMessages();
      networkTimeout = configuredTimeout();
      replyClock = configuredClock();
      return new GmailMailbox(this);
    }
  }
}
