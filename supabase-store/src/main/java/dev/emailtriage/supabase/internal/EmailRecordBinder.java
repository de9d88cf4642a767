package dev.emailtriage.supabase.internal;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.Feedback;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Binds an {@link EmailRecord} to the named parameters of a {@code processed_emails} write: {@code :email_id},
 * {@code :lease_version} and one parameter per column of {@link #WRITTEN}, encrypting the body and the drafted
 * reply. Thread-safe. Not API.
 */
public final class EmailRecordBinder {

  /** The columns a write sets besides {@code email_id} and {@code lease_version}, each bound as {@code :column}. */
  public static final List<String> WRITTEN = List.of(
      "from_address", "to_address", "subject", "body", "thread_id", "received_at", "attachments", "metadata",
      "headers", "status", "job_id", "attempts", "last_error", "retryable", "due_at", "decision", "confidence",
      "email_type", "urgency", "reason", "suggested_subject", "suggested_body", "suggested_tone", "source",
      "needs_review", "rule", "prompt_id", "prompt_version", "model_version", "prompt_tokens", "candidates_tokens",
      "thoughts_tokens", "total_tokens", "finish_reason", "body_truncated", "examples_used", "fingerprint",
      "processing_time_seconds", "processed_at", "response_sent", "has_feedback", "feedback_decision", "feedback_type",
      "feedback_comment", "feedback_at");

  /** The {@link #WRITTEN} columns bound as JSON text, to be cast to {@code jsonb} in the SQL. */
  public static final List<String> JSON = List.of("attachments", "metadata", "headers");

  private final FieldCipher cipher;

  /** A binder encrypting with {@code cipher} ({@link FieldCipher#none()} without a key). */
  public EmailRecordBinder(FieldCipher cipher) {
    this.cipher = Objects.requireNonNull(cipher, "cipher");
  }

  /** {@code s} with every parameter of {@code r} bound. */
  public <S extends SqlStatement<S>> S bind(S s, EmailRecord r) {
    Email e = r.email();
    Decision d = r.decision();
    SuggestedResponse sr = d == null ? null : d.suggestedResponse();
    TokenUsage t = d == null ? null : d.tokenUsage();
    Feedback f = r.feedback();
    return s.bind("email_id", e.emailId())
        .bind("from_address", e.from())
        .bind("to_address", e.to())
        .bind("subject", e.subject())
        .bind("body", cipher.encrypt(e.body(), e.emailId(), "body"))
        .bind("thread_id", e.threadId())
        .bind("received_at", Timestamps.arg(e.receivedAt()))
        .bind("attachments", JsonCodec.write(e.attachments()))
        .bind("metadata", JsonCodec.write(e.metadata()))
        .bind("headers", JsonCodec.write(e.headers()))
        .bind("status", r.status().wireName())
        .bind("job_id", r.jobId())
        .bind("attempts", r.attempts())
        .bind("last_error", r.lastError())
        .bind("retryable", r.retryable())
        .bind("due_at", Timestamps.arg(r.dueAt()))
        .bind("decision", d == null ? null : d.action().wireName())
        .bind("confidence", d == null ? null : BigDecimal.valueOf(d.confidence()).setScale(2, RoundingMode.HALF_UP))
        .bind("email_type", d == null ? null : d.emailType().wireName())
        .bind("urgency", d == null ? null : d.urgency().wireName())
        .bind("reason", d == null ? null : d.reason())
        .bind("suggested_subject", sr == null ? null : sr.subject())
        .bind("suggested_body", sr == null ? null : cipher.encrypt(sr.body(), e.emailId(), "suggested_body"))
        .bind("suggested_tone", sr == null ? null : sr.tone().wireName())
        .bind("source", d == null ? null : d.source().wireName())
        .bind("needs_review", d != null && d.needsReview())
        .bind("rule", d == null ? null : d.rule())
        .bind("prompt_id", d == null ? null : d.promptId())
        .bind("prompt_version", d == null ? 0 : d.promptVersion())
        .bind("model_version", d == null ? null : d.modelVersion())
        .bind("prompt_tokens", t == null ? null : t.prompt())
        .bind("candidates_tokens", t == null ? null : t.candidates())
        .bind("thoughts_tokens", t == null ? null : t.thoughts())
        .bind("total_tokens", t == null ? null : t.total())
        .bind("finish_reason", d == null ? null : d.finishReason())
        .bind("body_truncated", d != null && d.bodyTruncated())
        .bind("examples_used", d == null ? 0 : d.examplesUsed())
        .bind("fingerprint", r.fingerprint())
        .bind("processing_time_seconds", BigDecimal.valueOf(r.processingTime()).setScale(3, RoundingMode.HALF_UP))
        .bind("processed_at", Timestamps.arg(r.processedAt()))
        .bind("response_sent", r.responseSent())
        .bind("has_feedback", f != null)
        .bind("feedback_decision", f == null || f.correctDecision() == null ? null : f.correctDecision().wireName())
        .bind("feedback_type", f == null || f.correctType() == null ? null : f.correctType().wireName())
        .bind("feedback_comment", f == null ? null : f.comment())
        .bind("feedback_at", Timestamps.arg(f == null ? null : f.createdAt()))
        .bind("lease_version", r.leaseVersion());
  }
}
