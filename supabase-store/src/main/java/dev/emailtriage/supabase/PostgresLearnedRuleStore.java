package dev.emailtriage.supabase;

import dev.emailtriage.LearnedRule;
import dev.emailtriage.spi.LearnedRuleStore;
import dev.emailtriage.supabase.internal.JsonCodec;
import dev.emailtriage.supabase.internal.SenderStateMapper;
import dev.emailtriage.supabase.internal.StoreSql;
import dev.emailtriage.supabase.internal.Timestamps;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LearnedRuleStore} on PostgreSQL (table {@code learned_senders}, migration V6): the sender memory shared
 * by every instance on one database. Thread-safe; every write is one statement, compare-and-set on the row's
 * version, so concurrent instances never overwrite each other. Get one from {@link SupabaseStore#learnedRuleStore()}.
 */
public final class PostgresLearnedRuleStore implements LearnedRuleStore {

  private static final String COLUMNS = SenderStateMapper.COLUMNS;

  private static final String VALUES = ":identity, :version, CAST(:evidence AS jsonb), :barred, :barred_reason,"
      + " :rule_id, :rule_email_type, :rule_confidence, :rule_evidence, CAST(:rule_ids AS jsonb), :rule_created_at,"
      + " :rule_last_used_at, :rule_expires_at, :rule_hits, :updated_at";

  private final StoreSql db;

  PostgresLearnedRuleStore(StoreSql db) {
    this.db = db;
  }

  @Override
  public Optional<SenderState> find(String identity) {
    Objects.requireNonNull(identity, "identity");
    return db.run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.learned_senders WHERE identity = :id"))
        .bind("id", identity)
        .map(SenderStateMapper.INSTANCE)
        .findOne());
  }

  @Override
  public boolean compareAndSet(long expectedVersion, SenderState next) {
    Objects.requireNonNull(next, "next");
    if (next.version() != expectedVersion + 1) {
      throw new IllegalArgumentException("next version must be " + (expectedVersion + 1) + ", was " + next.version());
    }
    String sql = expectedVersion == 0
        ? "INSERT INTO {s}.learned_senders (" + COLUMNS.replace("::text AS evidence_json", "")
            .replace("::text AS rule_ids_json", "") + ") VALUES (" + VALUES + ") ON CONFLICT (identity) DO NOTHING"
        : "UPDATE {s}.learned_senders SET (" + COLUMNS.replace("::text AS evidence_json", "")
            .replace("::text AS rule_ids_json", "") + ") = (" + VALUES + ")"
            + " WHERE identity = :identity AND version = :expected";
    return db.run(h -> {
      var u = h.createUpdate(db.sql(sql)).bind("expected", expectedVersion);
      LearnedRule r = next.rule();
      return u.bind("identity", next.identity())
          .bind("version", next.version())
          .bind("evidence", SenderStateMapper.evidenceJson(next.evidence()))
          .bind("barred", next.barred())
          .bind("barred_reason", next.barredReason())
          .bind("rule_id", r == null ? null : r.id())
          .bind("rule_email_type", r == null ? null : r.emailType().wireName())
          .bind("rule_confidence", r == null ? null
              : BigDecimal.valueOf(r.confidence()).setScale(2, RoundingMode.HALF_UP))
          .bind("rule_evidence", r == null ? null : r.evidence())
          .bind("rule_ids", r == null ? null : JsonCodec.write(r.evidenceEmailIds()))
          .bind("rule_created_at", Timestamps.arg(r == null ? null : r.createdAt()))
          .bind("rule_last_used_at", Timestamps.arg(r == null ? null : r.lastUsedAt()))
          .bind("rule_expires_at", Timestamps.arg(r == null ? null : r.expiresAt()))
          .bind("rule_hits", r == null ? 0 : r.hits())
          .bind("updated_at", Timestamps.arg(next.updatedAt()))
          .execute();
    }) == 1;
  }

  @Override
  public Optional<SenderState> findByRuleId(String ruleId) {
    Objects.requireNonNull(ruleId, "ruleId");
    return db.run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.learned_senders WHERE rule_id = :id"))
        .bind("id", ruleId)
        .map(SenderStateMapper.INSTANCE)
        .findOne());
  }

  @Override
  public boolean recordUse(String ruleId, Instant now, Instant expiresAt) {
    Objects.requireNonNull(ruleId, "ruleId");
    return db.run(h -> h.createUpdate(db.sql("UPDATE {s}.learned_senders SET rule_hits = rule_hits + 1,"
            + " rule_last_used_at = :now, rule_expires_at = :expires, version = version + 1"
            + " WHERE rule_id = :id AND rule_expires_at > :now"))
        .bind("id", ruleId)
        .bind("now", Timestamps.arg(now))
        .bind("expires", Timestamps.arg(expiresAt))
        .execute()) == 1;
  }

  @Override
  public List<LearnedRule> activeRules(Instant now) {
    return db.run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.learned_senders"
            + " WHERE rule_id IS NOT NULL AND rule_expires_at > :now ORDER BY rule_created_at DESC, rule_id DESC"))
        .bind("now", Timestamps.arg(now))
        .map(SenderStateMapper.INSTANCE)
        .map(SenderState::rule)
        .list());
  }
}
