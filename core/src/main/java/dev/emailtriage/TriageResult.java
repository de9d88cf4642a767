package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of triaging one email, in the flat wire format of the REST API and the CLI: {@code status},
 * {@code email_id}, the decision's fields side by side, {@code processing_time} in seconds and {@code processed_at}.
 * Immutable.
 *
 * <p>A {@link TriageStatus#FAILED} result carries no decision but an {@link #error() error}; the email is stored
 * as failed and, when {@link #retryable()}, the worker decides it again later. A {@link TriageStatus#QUEUED} result
 * carries the {@link #jobId() job id} of {@link EmailTriage#submit(Email)}.
 *
 * @param status the email's state
 * @param emailId the email's id
 * @param decision the decision, or {@code null} unless processed
 * @param processingTime seconds spent deciding (three decimals)
 * @param processedAt when it was decided, or {@code null}
 * @param jobId the async job id, or {@code null}
 * @param error why it failed, or {@code null}
 * @param retryable for a failure, whether it will be tried again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriageResult(
    @JsonProperty("status") TriageStatus status,
    @JsonProperty("email_id") String emailId,
    @JsonUnwrapped Decision decision,
    @JsonProperty("processing_time") double processingTime,
    @JsonProperty("processed_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant processedAt,
    @JsonProperty("job_id") String jobId,
    @JsonProperty("error") String error,
    @JsonProperty("retryable") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean retryable) {

  /** Checks the required parts and rounds the processing time to milliseconds. */
  public TriageResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(emailId, "emailId");
    if (status == TriageStatus.PROCESSED && decision == null) {
      throw new IllegalArgumentException("a processed result needs a decision");
    }
    processingTime = Math.round(processingTime * 1000.0) / 1000.0;
  }

  /** A processed result. */
  public static TriageResult processed(String emailId, Decision decision, double seconds, Instant at, String jobId) {
    return new TriageResult(TriageStatus.PROCESSED, emailId, decision, seconds, at, jobId, null, false);
  }

  /** A queued result for an async job. */
  public static TriageResult queued(String emailId, String jobId) {
    return new TriageResult(TriageStatus.QUEUED, emailId, null, 0, null, jobId, null, false);
  }
}
