package dev.emailtriage;

import dev.emailtriage.internal.mailbox.MailFacts;
import dev.emailtriage.internal.mailbox.Replies;
import dev.emailtriage.spi.Mailbox;
import dev.emailtriage.spi.MailboxBatch;
import dev.emailtriage.spi.MailboxException;
import dev.emailtriage.spi.MailboxMessage;
import dev.emailtriage.spi.MailboxRecord;
import dev.emailtriage.spi.MailboxRecord.Step;
import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.spi.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the loop in a user's mailbox: fetches what is new since the stored checkpoint, triages each message with
 * {@link EmailTriage#process(Email)}, drafts or sends the reply the {@link ReplyPolicy} allows, marks the message,
 * and advances the checkpoint. Safe for use by one thread at a time (run one per mailbox).
 *
 * <p>Crash safety: before it drafts or sends, it records the step and the reply's deterministic marker in the
 * {@link MailboxStateStore}; after, the draft's or sent message's id. A run that finds a message half-done resumes
 * it: a draft is looked up by its marker (the connector's {@link Mailbox#createDraft} returns the existing one), an
 * interrupted send is never repeated (it is drafted instead unless the connector finds the sent copy). The checkpoint
 * moves past a message only once it is handled, and a message whose triage failed stops the run there, so nothing is
 * skipped; after {@code maxAttempts} failed runs it is given up (recorded with its error) so that it cannot block
 * the mailbox. Everything is keyed by the message's id in that mailbox, so a resync makes nothing twice.
 *
 * <pre>{@code
 * MailboxTriage loop = MailboxTriage.builder()
 *     .triage(triage)
 *     .mailbox(ImapMailbox.builder()...build())
 *     .state(new InMemoryMailboxStateStore())
 *     .build();
 * MailboxTriage.Report report = loop.runOnce();
 * }</pre>
 */
public final class MailboxTriage {

  private static final Logger LOG = LoggerFactory.getLogger(MailboxTriage.class);
  private static final int MAX_BATCHES_PER_RUN = 1000;

  private final EmailTriage triage;
  private final Mailbox mailbox;
  private final MailboxStateStore state;
  private final ReplyPolicy policy;
  private final Clock clock;
  private final int batchSize;
  private final int maxAttempts;

  private MailboxTriage(Builder b) {
    this.triage = b.triage;
    this.mailbox = b.mailbox;
    this.state = b.state;
    this.policy = b.policy;
    this.clock = b.clock;
    this.batchSize = b.batchSize;
    this.maxAttempts = b.maxAttempts;
  }

  /** A builder; triage, mailbox and state must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mailbox this loop runs in. */
  public Mailbox mailbox() {
    return mailbox;
  }

  /** The policy it follows. */
  public ReplyPolicy policy() {
    return policy;
  }

  /**
   * What one run did. Immutable.
   *
   * @param fetched messages fetched
   * @param handled messages handled in this run
   * @param skipped messages already handled by an earlier run (a resync, a crash)
   * @param drafted drafts made
   * @param sent replies sent
   * @param failed messages whose triage failed (the run stopped at the first)
   * @param resynced true when the mailbox was listed afresh
   * @param checkpoint the checkpoint saved at the end
   */
  public record Report(int fetched, int handled, int skipped, int drafted, int sent, int failed, boolean resynced,
      String checkpoint) {}

  /**
   * Fetches and handles every new message, batch by batch, and saves the checkpoint.
   *
   * @throws MailboxException when the mailbox fails; what was handled before stays handled and checkpointed
   */
  public Report runOnce() {
    String checkpoint = state.checkpoint(mailbox.id()).orElse(null);
    Counts counts = new Counts();
    boolean resynced = false;
    for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
      MailboxBatch batch = mailbox.fetch(checkpoint, batchSize);
      resynced |= batch.resynced();
      counts.fetched += batch.messages().size();
      boolean complete = true;
      for (MailboxMessage message : batch.messages()) {
        if (!handle(message, counts)) {
          complete = false;
          break;
        }
        checkpoint = message.checkpoint();
        state.saveCheckpoint(mailbox.id(), checkpoint, clock.instant());
      }
      if (!complete) {
        break;
      }
      checkpoint = batch.checkpoint();
      state.saveCheckpoint(mailbox.id(), checkpoint, clock.instant());
      if (!batch.more()) {
        break;
      }
    }
    Report report = new Report(counts.fetched, counts.handled, counts.skipped, counts.drafted, counts.sent,
        counts.failed, resynced, checkpoint);
    if (report.fetched() > 0) {
      LOG.info("mailbox {}: {}", mailbox.id(), report);
    }
    return report;
  }

  /**
   * Runs until {@code keepRunning} says stop: a run, then waiting for new mail (IMAP IDLE) or {@code pollInterval};
   * after a failure it waits with exponential backoff (1 s doubling up to 5 min) and tries again.
   *
   * @throws InterruptedException when the thread is interrupted; the loop stops
   */
  public void run(Duration pollInterval, BooleanSupplier keepRunning) throws InterruptedException {
    Objects.requireNonNull(pollInterval, "pollInterval");
    Duration backoff = Duration.ofSeconds(1);
    while (keepRunning.getAsBoolean()) {
      try {
        runOnce();
        backoff = Duration.ofSeconds(1);
        if (!mailbox.awaitChanges(pollInterval)) {
          continue;
        }
      } catch (RuntimeException e) {
        LOG.warn("mailbox {}: run failed, trying again in {}: {}", mailbox.id(), backoff, e.toString());
        Thread.sleep(backoff.toMillis());
        backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(5)) > 0
            ? Duration.ofMinutes(5) : backoff.multipliedBy(2);
      }
    }
  }

  private static final class Counts {
    int fetched;
    int handled;
    int skipped;
    int drafted;
    int sent;
    int failed;
  }

  /** Handles one message; false when its triage failed and the run must stop before it. */
  private boolean handle(MailboxMessage message, Counts counts) {
    String mailboxId = mailbox.id();
    Email email = message.email();
    String emailId = email.emailId();
    Optional<MailboxRecord> existing = state.find(mailboxId, emailId);
    if (existing.isPresent() && existing.get().step() == Step.DONE) {
      counts.skipped++;
      return true;
    }
    int attempts = existing.map(MailboxRecord::attempts).orElse(0);
    String threadKey = Replies.threadKey(email);
    String sender = MailFacts.sender(email).orElse(null);
    TriageResult result;
    try {
      result = triage.process(email);
    } catch (InvalidEmailException e) {
      state.save(new MailboxRecord(mailboxId, emailId, Step.DONE, null, null, null, threadKey, sender, attempts,
          limit("invalid email, not triaged: " + e.getMessage()), clock.instant()));
      LOG.warn("mailbox {}: {} is not a valid email, left alone: {}", mailboxId, emailId, e.getMessage());
      counts.handled++;
      return true;
    }
    if (result.status() != TriageStatus.PROCESSED) {
      counts.failed++;
      int n = attempts + 1;
      boolean giveUp = n >= maxAttempts;
      state.save(new MailboxRecord(mailboxId, emailId, giveUp ? Step.DONE : Step.FAILED, null, null, null,
          threadKey, sender, n, limit((giveUp ? "given up after " + n + " attempts: " : "") + result.error()),
          clock.instant()));
      LOG.warn("mailbox {}: triage of {} failed (attempt {} of {}): {}", mailboxId, emailId, n, maxAttempts,
          result.error());
      return giveUp;
    }

    String marker = Replies.marker(mailboxId, emailId);
    MailboxRecord base = new MailboxRecord(mailboxId, emailId, Step.DONE, null, null, null, threadKey, sender,
        attempts, null, clock.instant());
    String draftId = null;
    String sentId = null;
    String note;
    SuggestedResponse response = result.decision() == null ? null : result.decision().suggestedResponse();
    if (existing.isPresent() && existing.get().step() == Step.DRAFTING && response != null) {
      draftId = mailbox.createDraft(Replies.reply(email, response, message.ref(), marker, false));
      note = "draft resumed after an interrupted run";
    } else if (existing.isPresent() && existing.get().step() == Step.SENDING && response != null) {
      sentId = mailbox.findSent(marker).orElse(null);
      if (sentId != null) {
        note = "interrupted send found sent";
      } else {
        note = "a send was interrupted and may have happened: drafted instead of sending again";
        state.save(record(base, Step.DRAFTING, marker, null, null, note));
        draftId = mailbox.createDraft(Replies.reply(email, response, message.ref(), marker, false));
      }
    } else {
      ReplyPolicy.Verdict verdict = policy.evaluate(email, result, mailbox.address());
      ReplyPolicy.Action action = verdict.action();
      note = verdict.reason();
      if (action == ReplyPolicy.Action.SEND && !mailbox.canSend()) {
        action = ReplyPolicy.Action.DRAFT;
        note = "drafted, not sent: this mailbox has no way to send (no SMTP server configured)";
      }
      if (action == ReplyPolicy.Action.SEND && sender != null && state.autoReplySince(mailboxId, threadKey, sender,
          clock.instant().minus(policy.autoReplyWindow()))) {
        action = ReplyPolicy.Action.DRAFT;
        note = "drafted, not sent: already answered automatically in this thread within "
            + policy.autoReplyWindow() + " (RFC 3834)";
      }
      if (action == ReplyPolicy.Action.DRAFT) {
        state.save(record(base, Step.DRAFTING, marker, null, null, note));
        draftId = mailbox.createDraft(Replies.reply(email, response, message.ref(), marker, false));
      } else if (action == ReplyPolicy.Action.SEND) {
        state.save(record(base, Step.SENDING, marker, null, null, note));
        sentId = mailbox.send(Replies.reply(email, response, message.ref(), marker, true));
      }
    }
    if (draftId != null) {
      state.save(record(base, Step.DRAFTING, marker, draftId, null, note));
      counts.drafted++;
    }
    if (sentId != null) {
      state.save(record(base, Step.SENDING, marker, null, sentId, note));
      counts.sent++;
    }
    mailbox.mark(message, result);
    state.save(record(base, Step.DONE, draftId != null || sentId != null ? marker : null, draftId, sentId, note));
    counts.handled++;
    return true;
  }

  private MailboxRecord record(MailboxRecord base, Step step, String marker, String draftId, String sentId,
      String note) {
    return new MailboxRecord(base.mailboxId(), base.emailId(), step, marker, draftId, sentId, base.threadKey(),
        base.sender(), base.attempts(), note == null ? null : limit(note), clock.instant());
  }

  private static String limit(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
  }

  /**
   * Builds a {@link MailboxTriage}. Each setting may be made once ({@link IllegalStateException} for a second
   * time); a bad value is an {@link IllegalArgumentException}; {@link #build()} refuses a missing triage, mailbox or
   * state, and {@code send} mode with an in-memory state store (a restart could send twice). Not thread-safe.
   */
  public static final class Builder {
    private final TreeSet<String> set = new TreeSet<>();
    private EmailTriage triage;
    private Mailbox mailbox;
    private MailboxStateStore state;
    private ReplyPolicy policy = ReplyPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private int batchSize = 50;
    private int maxAttempts = 5;
    private boolean allowSendWithMemoryState;

    private Builder() {}

    private void once(String name) {
      if (!set.add(name)) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /** The pipeline that decides each message. Required. */
    public Builder triage(EmailTriage triage) {
      once("triage");
      this.triage = Objects.requireNonNull(triage, "triage");
      return this;
    }

    /** The mailbox. Required. */
    public Builder mailbox(Mailbox mailbox) {
      once("mailbox");
      this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
      return this;
    }

    /** Where the checkpoint and every action are kept. Required. */
    public Builder state(MailboxStateStore state) {
      once("state");
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /** The reply policy; {@link ReplyPolicy#defaults()} (drafts only) by default. */
    public Builder policy(ReplyPolicy policy) {
      once("policy");
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The clock of the records and the RFC 3834 window; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How many messages one fetch asks for, 1 to 1000; 50 by default. */
    public Builder batchSize(int size) {
      once("batchSize");
      if (size < 1 || size > 1000) {
        throw new IllegalArgumentException("batchSize must be 1 to 1000, was " + size);
      }
      this.batchSize = size;
      return this;
    }

    /** How many runs may fail to triage a message before it is given up, 1 to 100; 5 by default. */
    public Builder maxAttempts(int attempts) {
      once("maxAttempts");
      if (attempts < 1 || attempts > 100) {
        throw new IllegalArgumentException("maxAttempts must be 1 to 100, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Allows {@code send} mode with an {@link InMemoryMailboxStateStore} (tests, or a user who accepts that a
     * restart may send a reply again); refused by default.
     */
    public Builder allowSendWithMemoryState(boolean allow) {
      once("allowSendWithMemoryState");
      this.allowSendWithMemoryState = allow;
      return this;
    }

    /**
     * The loop.
     *
     * @throws IllegalStateException when triage, mailbox or state is missing, or send mode meets an in-memory state
     */
    public MailboxTriage build() {
      if (triage == null || mailbox == null || state == null) {
        throw new IllegalStateException("triage, mailbox and state must be set");
      }
      if (policy.mode() == ReplyMode.SEND && state instanceof InMemoryMailboxStateStore && !allowSendWithMemoryState) {
        throw new IllegalStateException("send mode needs a durable mailbox state store (an in-memory one forgets "
            + "what was sent on restart); use the PostgreSQL store or allowSendWithMemoryState(true)");
      }
      return new MailboxTriage(this);
    }
  }
}
