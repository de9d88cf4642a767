package dev.emailtriage.supabase.internal;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.Feedback;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.TriageStatus;

/**
 * Checks a record against what the schema accepts before anything is written, so the caller gets a clear
 * {@link IllegalArgumentException} naming the field. Not API.
 */
public final class RecordCheck {
  private RecordCheck() {}

  /** Largest processing time numeric(10, 3) holds. */
  static final double MAX_SECONDS = 9_999_999.999;

  /** Refuses what PostgreSQL would reject or could not keep. */
  public static void check(EmailRecord r) {
    if (r == null) {
      throw new IllegalArgumentException("record must not be null");
    }
    Email e = r.email();
    text("email_id", e.emailId(), 255, true);
    if (e.emailId().isBlank()) {
      throw new IllegalArgumentException("email_id must not be blank");
    }
    text("from", e.from(), 998, true);
    text("to", e.to(), 10_000, true);
    text("subject", e.subject(), Integer.MAX_VALUE, true);
    text("body", e.body(), Integer.MAX_VALUE, true);
    text("thread_id", e.threadId(), 255, false);
    if (e.receivedAt() == null) {
      throw new IllegalArgumentException("received_at must not be null");
    }
    e.attachments().forEach(a -> text("attachments", a, Integer.MAX_VALUE, true));
    e.headers().forEach((name, values) -> {
      text("header name", name, Integer.MAX_VALUE, true);
      values.forEach(v -> text("header " + name, v, Integer.MAX_VALUE, true));
    });
    e.metadata().labels().forEach(l -> text("metadata.labels", l, Integer.MAX_VALUE, true));
    if (JsonCodec.write(e.metadata()).contains("\\u0000")) {
      throw new IllegalArgumentException("metadata must not contain NUL characters");
    }
    text("job_id", r.jobId(), 255, false);
    text("fingerprint", r.fingerprint(), 255, false);
    text("last_error", r.lastError(), Integer.MAX_VALUE, false);
    if (!Double.isFinite(r.processingTime()) || r.processingTime() < 0 || r.processingTime() > MAX_SECONDS) {
      throw new IllegalArgumentException("processing_time must be between 0 and " + MAX_SECONDS + " seconds, was "
          + r.processingTime());
    }
    if (r.status() == TriageStatus.PROCESSED && r.processedAt() == null) {
      throw new IllegalArgumentException("a processed record needs processed_at");
    }
    if ((r.status() == TriageStatus.QUEUED || r.status() == TriageStatus.PROCESSING) && r.dueAt() == null) {
      throw new IllegalArgumentException("a " + r.status().wireName() + " record needs due_at");
    }
    if (r.decision() != null) {
      check(r.decision());
    }
    Feedback f = r.feedback();
    if (f != null) {
      text("feedback.comment", f.comment(), Integer.MAX_VALUE, false);
    }
  }

  /** Refuses a decision PostgreSQL would reject. */
  public static void check(Decision d) {
    required("decision", d.action());
    if (!(d.confidence() >= 0 && d.confidence() <= 1)) {
      throw new IllegalArgumentException("confidence must be between 0 and 1, was " + d.confidence());
    }
    required("email_type", d.emailType());
    required("urgency", d.urgency());
    required("source", d.source());
    text("reason", d.reason(), Integer.MAX_VALUE, true);
    text("rule", d.rule(), 255, false);
    text("prompt_id", d.promptId(), 100, false);
    if (d.promptVersion() < 0) {
      throw new IllegalArgumentException("prompt_version must not be negative, was " + d.promptVersion());
    }
    text("model_version", d.modelVersion(), 100, false);
    text("finish_reason", d.finishReason(), 100, false);
    TokenUsage t = d.tokenUsage();
    if (t != null && (t.prompt() < 0 || t.candidates() < 0 || t.thoughts() < 0 || t.total() < 0)) {
      throw new IllegalArgumentException("token usage must not be negative, was " + t);
    }
    SuggestedResponse s = d.suggestedResponse();
    if (s != null) {
      text("suggested_response.subject", s.subject(), Integer.MAX_VALUE, true);
      text("suggested_response.body", s.body(), Integer.MAX_VALUE, true);
      required("suggested_response.tone", s.tone());
    }
  }

  private static void required(String field, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
  }

  /** Checks a text value: present when required, at most {@code max} characters, no NUL (PostgreSQL refuses it). */
  public static void text(String field, String value, int max, boolean required) {
    if (value == null) {
      if (required) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      return;
    }
    if (value.indexOf('\u0000') >= 0) {
      throw new IllegalArgumentException(field + " must not contain NUL characters");
    }
    if (max != Integer.MAX_VALUE && value.codePointCount(0, value.length()) > max) {
      throw new IllegalArgumentException(field + " must be at most " + max + " characters, was "
          + value.codePointCount(0, value.length()));
    }
  }
}
