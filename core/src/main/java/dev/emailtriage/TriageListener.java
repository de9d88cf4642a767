package dev.emailtriage;

import java.time.Duration;

/**
 * Hears what the pipeline does, for metrics, webhooks and logs. Every method has an empty default; implementations
 * must be thread-safe and quick (they run on the pipeline's threads). An exception thrown by a listener is logged
 * and otherwise ignored.
 */
public interface TriageListener {

  /** An email was decided and stored (any source). */
  default void onDecision(Email email, TriageResult result) {}

  /**
   * Deciding an email failed and it was stored as failed.
   *
   * @param email the email
   * @param stored the stored result (status {@code failed}); its {@link TriageResult#retryable() retryable} flag
   *     says whether the worker will try again, and its {@link TriageResult#jobId() job id} is set for async work
   * @param error the failure
   */
  default void onFailure(Email email, TriageResult stored, Throwable error) {}

  /** A rule decided an email. */
  default void onRuleHit(String rule) {}

  /** The similar-email cache was asked; {@code hit} says whether it answered. */
  default void onCacheLookup(boolean hit) {}

  /**
   * The decider was called.
   *
   * @param decider the decider's name
   * @param latency how long the call took
   * @param decision the decision, or {@code null} when it failed
   * @param error the failure, or {@code null}
   */
  default void onModelCall(String decider, Duration latency, Decision decision, Throwable error) {}

  /** A person's feedback was stored: {@code record} is the email's record with it ({@link EmailRecord#feedback()}). */
  default void onFeedback(EmailRecord record) {}
}
