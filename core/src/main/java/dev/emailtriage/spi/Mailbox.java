package dev.emailtriage.spi;

import dev.emailtriage.TriageResult;
import java.time.Duration;
import java.util.Optional;

/**
 * A user's mailbox that email-triage reads and acts in: fetches what is new since a checkpoint, drafts or sends a
 * reply in the original's thread, and marks each message with its triage. {@link dev.emailtriage.MailboxTriage} runs
 * it; the IMAP and Gmail connectors implement it. Implementations must be safe for use by one thread at a time;
 * {@link #awaitChanges} may be interrupted from another thread.
 *
 * <p>Drafting and sending must be idempotent by {@link Reply#marker()}: the connector writes the marker as the
 * {@value Reply#MARKER_HEADER} header, and {@link #createDraft} returns the id of an existing draft with that marker
 * instead of making a second one. That, and the state {@code MailboxTriage} records before it acts, is what keeps a
 * crash between "draft made" and "checkpoint saved" from making a second draft.
 */
public interface Mailbox extends AutoCloseable {

  /** A stable name of this mailbox, the key of its state ({@code imap:ana@example.com@imap.example.com/INBOX}). */
  String id();

  /** The mailbox's own address (never answered: mail from it is a loop), if known. */
  Optional<String> address();

  /**
   * The messages that arrived after {@code checkpoint}, oldest first, at most {@code max}.
   *
   * @param checkpoint the checkpoint of an earlier batch or message, or {@code null} on the first run
   * @param max the most messages to return, at least 1
   * @throws MailboxException when the mailbox cannot be read
   */
  MailboxBatch fetch(String checkpoint, int max);

  /**
   * Creates a draft of {@code reply} in the original's thread, or finds the draft already made with its marker.
   *
   * @return the draft's id in this mailbox
   * @throws MailboxException when the draft cannot be made
   */
  String createDraft(Reply reply);

  /**
   * Sends {@code reply}.
   *
   * @return the sent message's id (its Message-ID, or the provider's id)
   * @throws MailboxException when it could not be handed to the server; it may or may not have been sent
   */
  String send(Reply reply);

  /** True when this mailbox can send (an IMAP mailbox needs an SMTP server); a reply it cannot send is drafted. */
  default boolean canSend() {
    return true;
  }

  /**
   * The id of a message already sent with this marker, if the connector can tell (a copy in the Sent folder);
   * empty when it cannot or there is none. Asked after a crash during a send, to never send twice.
   */
  default Optional<String> findSent(String marker) {
    return Optional.empty();
  }

  /**
   * Marks the message with its triage (a keyword, a label, a folder). Idempotent.
   *
   * @throws MailboxException when the mark cannot be set
   */
  void mark(MailboxMessage message, TriageResult result);

  /**
   * Waits until the mailbox may have new messages (IMAP IDLE, a push notification) or {@code timeout} passes.
   * The default waits nothing and returns false, so callers poll.
   *
   * @return true when the server signalled a change, false on timeout or when the connector cannot wait
   * @throws InterruptedException when the waiting thread is interrupted
   */
  default boolean awaitChanges(Duration timeout) throws InterruptedException {
    return false;
  }

  /** Closes connections; the default does nothing. */
  @Override
  default void close() {}
}
