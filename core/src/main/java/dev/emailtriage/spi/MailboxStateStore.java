package dev.emailtriage.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps each mailbox's checkpoint and a {@link MailboxRecord} of every message handled in it, durably, so that
 * {@link dev.emailtriage.MailboxTriage} never drafts or sends twice and never skips a message across crashes.
 * Thread-safe. In memory in core ({@code InMemoryMailboxStateStore}), PostgreSQL in {@code email-triage-supabase}.
 */
public interface MailboxStateStore {

  /** The last saved checkpoint of {@code mailboxId}, if any. */
  Optional<String> checkpoint(String mailboxId);

  /** Saves {@code checkpoint} as the checkpoint of {@code mailboxId}, replacing the previous one. */
  void saveCheckpoint(String mailboxId, String checkpoint, Instant at);

  /** The record of {@code emailId} in {@code mailboxId}, if any. */
  Optional<MailboxRecord> find(String mailboxId, String emailId);

  /** Inserts or replaces the record of {@code (record.mailboxId(), record.emailId())}. */
  void save(MailboxRecord record);

  /**
   * True when a reply was sent, or a send begun, in {@code mailboxId} to {@code sender} in {@code threadKey} at or
   * after {@code since}: the RFC 3834 §2 window of one automatic reply per thread and sender.
   */
  boolean autoReplySince(String mailboxId, String threadKey, String sender, Instant since);

  /** The state of every mailbox that has a checkpoint or a record, by mailbox id. */
  List<MailboxSyncState> syncStates();
}
