package dev.emailtriage.supabase.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailMetadata;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Tone;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.Urgency;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads a row of {@code processed_emails} selected with {@link #COLUMNS} as an {@link EmailRecord}, decrypting the
 * body and the drafted reply. Thread-safe. Not API.
 */
public final class EmailRecordMapper implements RowMapper<EmailRecord> {

  /** The select list this mapper reads (the jsonb columns as text). */
  public static final String COLUMNS = "email_id, from_address, to_address, subject, body, thread_id, received_at,"
      + " attachments::text AS attachments_json, metadata::text AS metadata_json, headers::text AS headers_json,"
      + " status, job_id, attempts, last_error, retryable, due_at, decision, confidence, email_type, urgency, reason,"
      + " suggested_subject, suggested_body, suggested_tone, source, needs_review, rule, prompt_id, prompt_version,"
      + " model_version, prompt_tokens, candidates_tokens, thoughts_tokens, total_tokens, finish_reason,"
      + " body_truncated, examples_used, fingerprint, processing_time_seconds, processed_at, response_sent,"
      + " has_feedback, feedback_decision, feedback_type, feedback_comment, feedback_at, updated_at, lease_version";

  private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {};
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<EmailMetadata> METADATA = new TypeReference<>() {};

  private final FieldCipher cipher;

  /** A mapper decrypting with {@code cipher} ({@link FieldCipher#none()} without a key). */
  public EmailRecordMapper(FieldCipher cipher) {
    this.cipher = Objects.requireNonNull(cipher, "cipher");
  }

  /** {@link #COLUMNS} with every column qualified by {@code alias} (e.g. {@code "p."}). */
  public static String columns(String alias) {
    StringBuilder out = new StringBuilder();
    for (String part : COLUMNS.split(",")) {
      out.append(out.length() == 0 ? "" : ", ").append(alias).append(part.trim());
    }
    return out.toString();
  }

  @Override
  public EmailRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
    String emailId = rs.getString("email_id");
    Email email = new Email(emailId, rs.getString("from_address"), rs.getString("to_address"),
        rs.getString("subject"), cipher.decrypt(rs.getString("body"), emailId, "body"), rs.getString("thread_id"),
        Timestamps.get(rs, "received_at"), JsonCodec.read(rs.getString("attachments_json"), STRINGS, "attachments"),
        JsonCodec.read(rs.getString("metadata_json"), METADATA, "metadata"),
        JsonCodec.read(rs.getString("headers_json"), HEADERS, "headers"));
    return new EmailRecord(email, TriageStatus.fromWire(rs.getString("status")), decision(rs, emailId),
        rs.getString("fingerprint"), rs.getString("job_id"), rs.getInt("attempts"), rs.getString("last_error"),
        rs.getBoolean("retryable"), Timestamps.get(rs, "due_at"),
        rs.getBigDecimal("processing_time_seconds").doubleValue(), Timestamps.get(rs, "processed_at"),
        rs.getBoolean("response_sent"), feedback(rs), Timestamps.get(rs, "updated_at"), rs.getLong("lease_version"));
  }

  private Decision decision(ResultSet rs, String emailId) throws SQLException {
    String action = rs.getString("decision");
    if (action == null) {
      return null;
    }
    String tone = rs.getString("suggested_tone");
    SuggestedResponse suggestion = tone == null ? null : new SuggestedResponse(rs.getString("suggested_subject"),
        cipher.decrypt(rs.getString("suggested_body"), emailId, "suggested_body"), Tone.fromWire(tone));
    TokenUsage tokens = null;
    int total = rs.getInt("total_tokens");
    if (!rs.wasNull()) {
      tokens = new TokenUsage(rs.getInt("prompt_tokens"), rs.getInt("candidates_tokens"),
          rs.getInt("thoughts_tokens"), total);
    }
    return new Decision(Action.fromWire(action), rs.getBigDecimal("confidence").doubleValue(),
        EmailType.fromWire(rs.getString("email_type")), Urgency.fromWire(rs.getString("urgency")),
        rs.getString("reason"), suggestion, DecisionSource.fromWire(rs.getString("source")),
        rs.getBoolean("needs_review"), rs.getString("rule"), rs.getString("prompt_id"),
        rs.getInt("prompt_version"), rs.getString("model_version"), tokens, rs.getString("finish_reason"),
        rs.getBoolean("body_truncated"), rs.getInt("examples_used"));
  }

  private static Feedback feedback(ResultSet rs) throws SQLException {
    if (!rs.getBoolean("has_feedback")) {
      return null;
    }
    String fd = rs.getString("feedback_decision");
    String ft = rs.getString("feedback_type");
    return new Feedback(fd == null ? null : Action.fromWire(fd), ft == null ? null : EmailType.fromWire(ft),
        rs.getString("feedback_comment"), Timestamps.get(rs, "feedback_at"));
  }
}
