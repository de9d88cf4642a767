package dev.emailtriage;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link dev.emailtriage.spi.DecisionStore} keeps for one email: the email, its state, the decision once
 * there is one, and the bookkeeping of the durable queue. Immutable.
 *
 * @param email the email as received
 * @param status its state
 * @param decision the decision, or {@code null} unless processed
 * @param fingerprint the similar-email fingerprint (scoped by prompt version), or {@code null}
 * @param jobId the async job id, or {@code null}
 * @param attempts how many times deciding was attempted
 * @param lastError the last failure's message, or {@code null}
 * @param retryable for a failure, whether the worker will try again
 * @param dueAt when the email is next due for work: for a queued email or a retryable failure the earliest next
 *     attempt, for a processing one the end of its worker's lease (after which another worker may take it)
 * @param processingTime seconds spent deciding
 * @param processedAt when decided, or {@code null}
 * @param responseSent whether the caller marked the reply as sent
 * @param feedback a person's correction, or {@code null}
 * @param updatedAt when this record last changed
 * @param leaseVersion the fencing token: how many times a worker took this email's processing lease. Each claim
 *     counts it up by one, and a worker may store its outcome only while the stored version is still the one it
 *     claimed ({@link dev.emailtriage.spi.DecisionStore#complete}), so a worker whose lease expired and was taken
 *     over can never overwrite the newer worker's result
 */
public record EmailRecord(
    Email email,
    TriageStatus status,
    Decision decision,
    String fingerprint,
    String jobId,
    int attempts,
    String lastError,
    boolean retryable,
    Instant dueAt,
    double processingTime,
    Instant processedAt,
    boolean responseSent,
    Feedback feedback,
    Instant updatedAt,
    long leaseVersion) {

  /** Checks the invariants a store relies on. */
  public EmailRecord {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(status, "status");
    if (status == TriageStatus.PROCESSED && decision == null) {
      throw new IllegalArgumentException("a processed record needs a decision");
    }
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
    if (leaseVersion < 0) {
      throw new IllegalArgumentException("leaseVersion must not be negative");
    }
  }

  /** A record never leased (lease version 0). */
  public EmailRecord(Email email, TriageStatus status, Decision decision, String fingerprint, String jobId,
      int attempts, String lastError, boolean retryable, Instant dueAt, double processingTime, Instant processedAt,
      boolean responseSent, Feedback feedback, Instant updatedAt) {
    this(email, status, decision, fingerprint, jobId, attempts, lastError, retryable, dueAt, processingTime,
        processedAt, responseSent, feedback, updatedAt, 0);
  }

  /** The email's id. */
  public String emailId() {
    return email.emailId();
  }

  /** A newly queued email. */
  public static EmailRecord queued(Email email, String jobId, Instant now) {
    return new EmailRecord(email, TriageStatus.QUEUED, null, null, jobId, 0, null, false, now, 0, null, false, null,
        now);
  }

  /** This email, processed with {@code decision}. */
  public EmailRecord processed(Decision decision, String fingerprint, double seconds, Instant now) {
    return new EmailRecord(email, TriageStatus.PROCESSED, decision, fingerprint, jobId, attempts, null, false, null,
        seconds, now, responseSent, feedback, now, leaseVersion);
  }

  /** This email, claimed by a worker until {@code leaseUntil}, its attempts and its lease version counted up. */
  public EmailRecord claimed(Instant leaseUntil, Instant now) {
    return new EmailRecord(email, TriageStatus.PROCESSING, null, fingerprint, jobId, attempts + 1, lastError, false,
        leaseUntil, processingTime, null, responseSent, feedback, now, leaseVersion + 1);
  }

  /** This record with a person's feedback. */
  public EmailRecord withFeedback(Feedback newFeedback, Instant now) {
    return new EmailRecord(email, status, decision, fingerprint, jobId, attempts, lastError, retryable, dueAt,
        processingTime, processedAt, responseSent, newFeedback, now, leaseVersion);
  }

  /** This record with its reply marked as sent. */
  public EmailRecord withResponseSent(Instant now) {
    return new EmailRecord(email, status, decision, fingerprint, jobId, attempts, lastError, retryable, dueAt,
        processingTime, processedAt, true, feedback, now, leaseVersion);
  }

  /** This email, failed; a retryable failure is tried again from {@code nextAttempt}. */
  public EmailRecord failed(String error, boolean retry, Instant nextAttempt, double seconds, Instant now) {
    return new EmailRecord(email, TriageStatus.FAILED, null, fingerprint, jobId, attempts, error, retry,
        retry ? nextAttempt : null, seconds, null, responseSent, feedback, now, leaseVersion);
  }

  /** This processing record with its lease extended (or shortened) to {@code leaseUntil}. */
  public EmailRecord withLeaseUntil(Instant leaseUntil, Instant now) {
    if (status != TriageStatus.PROCESSING) {
      throw new IllegalStateException("only a processing record has a lease; " + emailId() + " is " + status);
    }
    return new EmailRecord(email, status, decision, fingerprint, jobId, attempts, lastError, retryable,
        Objects.requireNonNull(leaseUntil, "leaseUntil"), processingTime, processedAt, responseSent, feedback, now,
        leaseVersion);
  }

  /** This record's content under lease {@code version} (to put a record back under the lease its caller holds). */
  public EmailRecord withLeaseVersion(long version) {
    return new EmailRecord(email, status, decision, fingerprint, jobId, attempts, lastError, retryable, dueAt,
        processingTime, processedAt, responseSent, feedback, updatedAt, version);
  }

  /** This record as the wire result. */
  public TriageResult toResult() {
    return new TriageResult(status, emailId(), decision, processingTime, processedAt, jobId, lastError, retryable);
  }
}
