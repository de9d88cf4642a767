package dev.emailtriage.spi;

import dev.emailtriage.Email;
import java.util.Objects;

/**
 * One message fetched from a {@link Mailbox}: the parsed email, its reference in that mailbox, and the checkpoint
 * that is reached once it has been handled. Immutable.
 *
 * <p>{@code email.emailId()} is the message's id in that mailbox, stable across runs (and, where the protocol allows,
 * across a resync), so that {@link dev.emailtriage.MailboxTriage} and {@code EmailTriage} are idempotent by it.
 *
 * @param email the parsed email; its id is the mailbox's id of the message
 * @param ref the connector's own reference to the message (an IMAP {@code uidvalidity:uid}, a Gmail message id), for
 *     {@link Mailbox#mark}
 * @param checkpoint the checkpoint after this message (saved once the message is handled)
 */
public record MailboxMessage(Email email, String ref, String checkpoint) {

  /** Checks that every part is present. */
  public MailboxMessage {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(email.emailId(), "email.emailId");
    if (ref == null || ref.isBlank()) {
      throw new IllegalArgumentException("ref must not be blank");
    }
    if (checkpoint == null || checkpoint.isBlank()) {
      throw new IllegalArgumentException("checkpoint must not be blank");
    }
  }
}
