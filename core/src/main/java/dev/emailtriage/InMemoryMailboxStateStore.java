package dev.emailtriage;

import dev.emailtriage.spi.MailboxRecord;
import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.spi.MailboxSyncState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A {@link MailboxStateStore} in memory: for tests and for a single process that may re-examine its mailbox after a
 * restart (the connectors' drafts are idempotent by their marker, so a restart makes no second draft; an automatic
 * send could be repeated, so use a durable store with {@code send}). Thread-safe.
 */
public final class InMemoryMailboxStateStore implements MailboxStateStore {

  private record Checkpoint(String value, Instant at) {}

  private final Map<String, Checkpoint> checkpoints = new HashMap<>();
  private final Map<String, Map<String, MailboxRecord>> records = new HashMap<>();

  /** An empty store. */
  public InMemoryMailboxStateStore() {}

  @Override
  public synchronized Optional<String> checkpoint(String mailboxId) {
    return Optional.ofNullable(checkpoints.get(mailboxId)).map(Checkpoint::value);
  }

  @Override
  public synchronized void saveCheckpoint(String mailboxId, String checkpoint, Instant at) {
    Objects.requireNonNull(mailboxId, "mailboxId");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(at, "at");
    checkpoints.put(mailboxId, new Checkpoint(checkpoint, at));
  }

  @Override
  public synchronized Optional<MailboxRecord> find(String mailboxId, String emailId) {
    return Optional.ofNullable(records.getOrDefault(mailboxId, Map.of()).get(emailId));
  }

  @Override
  public synchronized void save(MailboxRecord record) {
    Objects.requireNonNull(record, "record");
    records.computeIfAbsent(record.mailboxId(), k -> new HashMap<>()).put(record.emailId(), record);
  }

  @Override
  public synchronized boolean autoReplySince(String mailboxId, String threadKey, String sender, Instant since) {
    for (MailboxRecord r : records.getOrDefault(mailboxId, Map.of()).values()) {
      boolean sending = r.step() == MailboxRecord.Step.SENDING || r.sentId() != null;
      if (sending && Objects.equals(r.threadKey(), threadKey) && Objects.equals(r.sender(), sender)
          && !r.updatedAt().isBefore(since)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized List<MailboxSyncState> syncStates() {
    TreeSet<String> ids = new TreeSet<>(checkpoints.keySet());
    ids.addAll(records.keySet());
    List<MailboxSyncState> states = new ArrayList<>();
    for (String id : ids) {
      Checkpoint c = checkpoints.get(id);
      long handled = 0;
      long drafts = 0;
      long sent = 0;
      long failed = 0;
      for (MailboxRecord r : records.getOrDefault(id, Map.of()).values()) {
        handled += r.step() == MailboxRecord.Step.DONE ? 1 : 0;
        drafts += r.draftId() != null ? 1 : 0;
        sent += r.sentId() != null ? 1 : 0;
        failed += r.step() == MailboxRecord.Step.FAILED ? 1 : 0;
      }
      states.add(new MailboxSyncState(id, c == null ? null : c.value(), c == null ? null : c.at(), handled, drafts,
          sent, failed));
    }
    return List.copyOf(states);
  }
}
