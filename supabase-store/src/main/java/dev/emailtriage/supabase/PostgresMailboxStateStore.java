package dev.emailtriage.supabase;

import dev.emailtriage.spi.MailboxRecord;
import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.spi.MailboxSyncState;
import dev.emailtriage.supabase.internal.StoreSql;
import dev.emailtriage.supabase.internal.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The {@link MailboxStateStore} on PostgreSQL: tables {@code mailbox_checkpoints} and {@code mailbox_actions}
 * (migration V5) in the {@link SupabaseStore}'s schema. Each write is one statement, so a crash leaves either the
 * old or the new record. Thread-safe; several processes may share it, but run one {@code MailboxTriage} per mailbox.
 *
 * <p>Get one from {@link SupabaseStore#mailboxStateStore()}.
 */
public final class PostgresMailboxStateStore implements MailboxStateStore {

  private static final RowMapper<MailboxRecord> RECORD = (rs, ctx) -> new MailboxRecord(rs.getString("mailbox_id"),
      rs.getString("email_id"), MailboxRecord.Step.valueOf(rs.getString("step").toUpperCase(Locale.ROOT)),
      rs.getString("marker"), rs.getString("draft_id"), rs.getString("sent_id"), rs.getString("thread_key"),
      rs.getString("sender"), rs.getInt("attempts"), rs.getString("note"), Timestamps.get(rs, "updated_at"));

  private static final RowMapper<MailboxSyncState> SYNC_STATE = (rs, ctx) -> new MailboxSyncState(
      rs.getString("mailbox_id"), rs.getString("checkpoint"), Timestamps.get(rs, "updated_at"),
      rs.getLong("handled"), rs.getLong("drafts"), rs.getLong("sent"), rs.getLong("failed"));

  private final StoreSql db;

  PostgresMailboxStateStore(StoreSql db) {
    this.db = db;
  }

  @Override
  public Optional<String> checkpoint(String mailboxId) {
    return db.run(h -> h.createQuery(db.sql("SELECT checkpoint FROM {s}.mailbox_checkpoints WHERE mailbox_id = ?"))
        .bind(0, mailboxId).mapTo(String.class).findOne());
  }

  @Override
  public void saveCheckpoint(String mailboxId, String checkpoint, Instant at) {
    Objects.requireNonNull(mailboxId, "mailboxId");
    Objects.requireNonNull(checkpoint, "checkpoint");
    db.run(h -> h.createUpdate(db.sql("INSERT INTO {s}.mailbox_checkpoints (mailbox_id, checkpoint, updated_at) "
            + "VALUES (?, ?, ?) ON CONFLICT (mailbox_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, "
            + "updated_at = EXCLUDED.updated_at"))
        .bind(0, mailboxId).bind(1, checkpoint).bind(2, Timestamps.arg(at)).execute());
  }

  @Override
  public Optional<MailboxRecord> find(String mailboxId, String emailId) {
    return db.run(h -> h.createQuery(db.sql("SELECT * FROM {s}.mailbox_actions "
            + "WHERE mailbox_id = ? AND email_id = ?"))
        .bind(0, mailboxId).bind(1, emailId).map(RECORD).findOne());
  }

  @Override
  public void save(MailboxRecord r) {
    Objects.requireNonNull(r, "record");
    db.run(h -> h.createUpdate(db.sql("INSERT INTO {s}.mailbox_actions (mailbox_id, email_id, step, marker, "
            + "draft_id, sent_id, thread_key, sender, attempts, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?) ON CONFLICT (mailbox_id, email_id) DO UPDATE SET step = EXCLUDED.step, marker = EXCLUDED.marker, "
            + "draft_id = EXCLUDED.draft_id, sent_id = EXCLUDED.sent_id, thread_key = EXCLUDED.thread_key, "
            + "sender = EXCLUDED.sender, attempts = EXCLUDED.attempts, note = EXCLUDED.note, "
            + "updated_at = EXCLUDED.updated_at"))
        .bind(0, r.mailboxId()).bind(1, r.emailId()).bind(2, r.step().name().toLowerCase(Locale.ROOT))
        .bind(3, r.marker()).bind(4, r.draftId()).bind(5, r.sentId()).bind(6, r.threadKey()).bind(7, r.sender())
        .bind(8, r.attempts()).bind(9, r.note()).bind(10, Timestamps.arg(r.updatedAt())).execute());
  }

  @Override
  public boolean autoReplySince(String mailboxId, String threadKey, String sender, Instant since) {
    return db.run(h -> h.createQuery(db.sql("SELECT EXISTS (SELECT 1 FROM {s}.mailbox_actions "
            + "WHERE mailbox_id = ? AND thread_key IS NOT DISTINCT FROM ? AND sender IS NOT DISTINCT FROM ? "
            + "AND (step = 'sending' OR sent_id IS NOT NULL) AND updated_at >= ?)"))
        .bind(0, mailboxId).bind(1, threadKey).bind(2, sender).bind(3, Timestamps.arg(since))
        .mapTo(Boolean.class).one());
  }

  @Override
  public List<MailboxSyncState> syncStates() {
    return db.run(h -> h.createQuery(db.sql("WITH ids AS (SELECT mailbox_id FROM {s}.mailbox_checkpoints "
            + "UNION SELECT mailbox_id FROM {s}.mailbox_actions) "
            + "SELECT ids.mailbox_id, c.checkpoint, c.updated_at, "
            + "(SELECT count(*) FROM {s}.mailbox_actions a WHERE a.mailbox_id = ids.mailbox_id AND a.step = 'done') "
            + "AS handled, "
            + "(SELECT count(*) FROM {s}.mailbox_actions a WHERE a.mailbox_id = ids.mailbox_id "
            + "AND a.draft_id IS NOT NULL) AS drafts, "
            + "(SELECT count(*) FROM {s}.mailbox_actions a WHERE a.mailbox_id = ids.mailbox_id "
            + "AND a.sent_id IS NOT NULL) AS sent, "
            + "(SELECT count(*) FROM {s}.mailbox_actions a WHERE a.mailbox_id = ids.mailbox_id AND a.step = 'failed') "
            + "AS failed "
            + "FROM ids LEFT JOIN {s}.mailbox_checkpoints c ON c.mailbox_id = ids.mailbox_id ORDER BY ids.mailbox_id"))
        .map(SYNC_STATE)
        .list());
  }
}
