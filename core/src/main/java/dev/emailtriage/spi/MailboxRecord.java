package dev.emailtriage.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link dev.emailtriage.MailboxTriage} did with one message of one mailbox: the step it reached and the ids of
 * what it made. Stored before and after every action, so that a run that died half-way knows where to resume.
 * Immutable.
 *
 * @param mailboxId the mailbox's {@link Mailbox#id()}
 * @param emailId the message's id in that mailbox
 * @param step how far it got
 * @param marker the reply's {@link Reply#marker()}, or {@code null} when no reply was planned
 * @param draftId the draft's id once made, else {@code null}
 * @param sentId the sent message's id once sent, else {@code null}
 * @param threadKey the thread the message belongs to (for the one-reply-per-thread window), or {@code null}
 * @param sender the sender's address, lowercase, or {@code null}
 * @param attempts how many runs failed to triage it
 * @param note why no reply was made, or the last error; {@code null} when there is nothing to say
 * @param updatedAt when this record was written
 */
public record MailboxRecord(String mailboxId, String emailId, Step step, String marker, String draftId,
    String sentId, String threadKey, String sender, int attempts, String note, Instant updatedAt) {

  /** How far the handling of a message got. */
  public enum Step {
    /** Triage failed; tried again on the next run. */
    FAILED,
    /** About to create a draft with {@link #marker()}: a run that finds this step looks for that draft first. */
    DRAFTING,
    /** About to send: a run that finds this step never sends again; it drafts instead unless the send is found. */
    SENDING,
    /** Handled: marked, and the draft or reply (if any) made. */
    DONE
  }

  /** Checks the required parts. */
  public MailboxRecord {
    if (mailboxId == null || mailboxId.isBlank()) {
      throw new IllegalArgumentException("mailboxId must not be blank");
    }
    if (emailId == null || emailId.isBlank()) {
      throw new IllegalArgumentException("emailId must not be blank");
    }
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative: " + attempts);
    }
    if ((step == Step.DRAFTING || step == Step.SENDING) && marker == null) {
      throw new IllegalArgumentException(step + " needs the reply's marker");
    }
  }

  /** A copy at {@code step}, written at {@code at}. */
  public MailboxRecord with(Step step, Instant at) {
    return new MailboxRecord(mailboxId, emailId, step, marker, draftId, sentId, threadKey, sender, attempts, note, at);
  }
}
