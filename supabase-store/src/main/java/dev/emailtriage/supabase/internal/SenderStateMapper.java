package dev.emailtriage.supabase.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.emailtriage.EmailType;
import dev.emailtriage.LearnedRule;
import dev.emailtriage.spi.LearnedRuleStore.Evidence;
import dev.emailtriage.spi.LearnedRuleStore.SenderState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a row of {@code learned_senders} selected with {@link #COLUMNS} as a {@link SenderState}, and writes the
 * evidence list as the JSON of its {@code evidence} column. Stateless and thread-safe. Not API.
 */
public final class SenderStateMapper implements RowMapper<SenderState> {

  /** The one instance. */
  public static final SenderStateMapper INSTANCE = new SenderStateMapper();

  /** The select list this mapper reads (the jsonb columns as text). */
  public static final String COLUMNS = "identity, version, evidence::text AS evidence_json, barred, barred_reason,"
      + " rule_id, rule_email_type, rule_confidence, rule_evidence, rule_evidence_email_ids::text AS rule_ids_json,"
      + " rule_created_at, rule_last_used_at, rule_expires_at, rule_hits, updated_at";

  private static final TypeReference<List<Map<String, Object>>> EVIDENCE = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private SenderStateMapper() {}

  @Override
  public SenderState map(ResultSet rs, StatementContext ctx) throws SQLException {
    String identity = rs.getString("identity");
    LearnedRule rule = null;
    if (rs.getString("rule_id") != null) {
      rule = new LearnedRule(rs.getString("rule_id"), identity, EmailType.fromWire(rs.getString("rule_email_type")),
          rs.getBigDecimal("rule_confidence").doubleValue(), rs.getString("rule_evidence"),
          JsonCodec.read(rs.getString("rule_ids_json"), STRINGS, "learned_senders.rule_evidence_email_ids"),
          Timestamps.get(rs, "rule_created_at"), Timestamps.get(rs, "rule_last_used_at"),
          Timestamps.get(rs, "rule_expires_at"), rs.getLong("rule_hits"));
    }
    List<Evidence> evidence = new ArrayList<>();
    for (Map<String, Object> e : JsonCodec.read(rs.getString("evidence_json"), EVIDENCE,
        "learned_senders.evidence")) {
      evidence.add(new Evidence((String) e.get("email_id"),
          Evidence.Kind.valueOf(((String) e.get("kind")).toUpperCase(Locale.ROOT)),
          ((Number) e.get("confidence")).doubleValue(), EmailType.fromWire((String) e.get("email_type")),
          Instant.parse((String) e.get("at"))));
    }
    return new SenderState(identity, rs.getLong("version"), evidence, rs.getBoolean("barred"),
        rs.getString("barred_reason"), rule, Timestamps.get(rs, "updated_at"));
  }

  /** {@code evidence} as the JSON text of the {@code evidence} column (what {@link #map} reads back). */
  public static String evidenceJson(List<Evidence> evidence) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Evidence e : evidence) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("email_id", e.emailId());
      m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
      m.put("confidence", e.confidence());
      m.put("email_type", e.emailType().wireName());
      m.put("at", Timestamps.micros(e.at()).toString());
      out.add(m);
    }
    return JsonCodec.write(out);
  }
}
