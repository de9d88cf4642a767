package dev.emailtriage.supabase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.emailtriage.EmailType;
import dev.emailtriage.LearnedRule;
import dev.emailtriage.spi.LearnedRuleStore;
import dev.emailtriage.supabase.internal.Db;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/**
 * A {@link LearnedRuleStore} on PostgreSQL (table {@code learned_senders}, migration V6): the sender memory shared
 * by every instance on one database. Thread-safe; every write is one statement, compare-and-set on the row's
 * version, so concurrent instances never overwrite each other. Get one from {@link SupabaseStore#learnedRuleStore()}.
 */
public final class PostgresLearnedRuleStore implements LearnedRuleStore {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> EVIDENCE = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private static final String COLUMNS = "identity, version, evidence::text AS evidence_json, barred, barred_reason,"
      + " rule_id, rule_email_type, rule_confidence, rule_evidence, rule_evidence_email_ids::text AS rule_ids_json,"
      + " rule_created_at, rule_last_used_at, rule_expires_at, rule_hits, updated_at";

  private static final String VALUES = ":identity, :version, CAST(:evidence AS jsonb), :barred, :barred_reason,"
      + " :rule_id, :rule_email_type, :rule_confidence, :rule_evidence, CAST(:rule_ids AS jsonb), :rule_created_at,"
      + " :rule_last_used_at, :rule_expires_at, :rule_hits, :updated_at";

  private final Db db;

  PostgresLearnedRuleStore(Db db) {
    this.db = db;
  }

  @Override
  public Optional<SenderState> find(String identity) {
    Objects.requireNonNull(identity, "identity");
    return run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.learned_senders WHERE identity = :id"))
        .bind("id", identity)
        .map((rs, ctx) -> read(rs))
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
    return run(h -> {
      var u = h.createUpdate(db.sql(sql)).bind("expected", expectedVersion);
      LearnedRule r = next.rule();
      return u.bind("identity", next.identity())
          .bind("version", next.version())
          .bind("evidence", writeEvidence(next.evidence()))
          .bind("barred", next.barred())
          .bind("barred_reason", next.barredReason())
          .bind("rule_id", r == null ? null : r.id())
          .bind("rule_email_type", r == null ? null : r.emailType().wireName())
          .bind("rule_confidence", r == null ? null
              : BigDecimal.valueOf(r.confidence()).setScale(2, RoundingMode.HALF_UP))
          .bind("rule_evidence", r == null ? null : r.evidence())
          .bind("rule_ids", r == null ? null : write(r.evidenceEmailIds()))
          .bind("rule_created_at", Db.ts(r == null ? null : r.createdAt()))
          .bind("rule_last_used_at", Db.ts(r == null ? null : r.lastUsedAt()))
          .bind("rule_expires_at", Db.ts(r == null ? null : r.expiresAt()))
          .bind("rule_hits", r == null ? 0 : r.hits())
          .bind("updated_at", Db.ts(next.updatedAt()))
          .execute();
    }) == 1;
  }

  @Override
  public Optional<SenderState> findByRuleId(String ruleId) {
    Objects.requireNonNull(ruleId, "ruleId");
    return run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.learned_senders WHERE rule_id = :id"))
        .bind("id", ruleId)
        .map((rs, ctx) -> read(rs))
        .findOne());
  }

  @Override
  public boolean recordUse(String ruleId, Instant now, Instant expiresAt) {
    Objects.requireNonNull(ruleId, "ruleId");
    return run(h -> h.createUpdate(db.sql("UPDATE {s}.learned_senders SET rule_hits = rule_hits + 1,"
            + " rule_last_used_at = :now, rule_expires_at = :expires, version = version + 1"
            + " WHERE rule_id = :id AND rule_expires_at > :now"))
        .bind("id", ruleId)
        .bind("now", Db.ts(now))
        .bind("expires", Db.ts(expiresAt))
        .execute()) == 1;
  }

  @Override
  public List<LearnedRule> activeRules(Instant now) {
    return run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.learned_senders"
            + " WHERE rule_id IS NOT NULL AND rule_expires_at > :now ORDER BY rule_created_at DESC, rule_id DESC"))
        .bind("now", Db.ts(now))
        .map((rs, ctx) -> read(rs).rule())
        .list());
  }

  private <T> T run(org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback) {
    try {
      return db.jdbi().withHandle(callback);
    } catch (JdbiException e) {
      throw Db.translate(e);
    }
  }

  private static SenderState read(ResultSet rs) throws SQLException {
    String identity = rs.getString("identity");
    LearnedRule rule = null;
    if (rs.getString("rule_id") != null) {
      rule = new LearnedRule(rs.getString("rule_id"), identity, EmailType.fromWire(rs.getString("rule_email_type")),
          rs.getBigDecimal("rule_confidence").doubleValue(), rs.getString("rule_evidence"),
          read(rs.getString("rule_ids_json"), STRINGS), Db.instant(rs, "rule_created_at"),
          Db.instant(rs, "rule_last_used_at"), Db.instant(rs, "rule_expires_at"), rs.getLong("rule_hits"));
    }
    List<Evidence> evidence = new ArrayList<>();
    for (Map<String, Object> e : read(rs.getString("evidence_json"), EVIDENCE)) {
      evidence.add(new Evidence((String) e.get("email_id"),
          Evidence.Kind.valueOf(((String) e.get("kind")).toUpperCase(java.util.Locale.ROOT)),
          ((Number) e.get("confidence")).doubleValue(), EmailType.fromWire((String) e.get("email_type")),
          Instant.parse((String) e.get("at"))));
    }
    return new SenderState(identity, rs.getLong("version"), evidence, rs.getBoolean("barred"),
        rs.getString("barred_reason"), rule, Db.instant(rs, "updated_at"));
  }

  private static String writeEvidence(List<Evidence> evidence) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Evidence e : evidence) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("email_id", e.emailId());
      m.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
      m.put("confidence", e.confidence());
      m.put("email_type", e.emailType().wireName());
      m.put("at", Db.micros(e.at()).toString());
      out.add(m);
    }
    return write(out);
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable JSON in learned_senders: " + e.getOriginalMessage(), e);
    }
  }
}
