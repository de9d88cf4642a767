package dev.emailtriage.spi;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Mailbox#fetch} found: the new messages, oldest first, and the checkpoint after all of them. Immutable.
 *
 * @param messages the new messages, oldest first; each carries the checkpoint reached after it
 * @param checkpoint the checkpoint once every message is handled (also when there are none)
 * @param resynced true when the old checkpoint was no longer valid (an IMAP UIDVALIDITY change, a Gmail history id
 *     too old) and the connector listed the mailbox afresh; already handled messages come again and are recognised
 *     by their ids
 * @param more true when more new messages wait beyond this batch
 */
public record MailboxBatch(List<MailboxMessage> messages, String checkpoint, boolean resynced, boolean more) {

  /** Copies the list and checks the checkpoint. */
  public MailboxBatch {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    if (checkpoint == null || checkpoint.isBlank()) {
      throw new IllegalArgumentException("checkpoint must not be blank");
    }
  }
}
