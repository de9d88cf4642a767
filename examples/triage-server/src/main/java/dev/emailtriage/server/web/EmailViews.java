package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.Decision;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.Feedback;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TriageStatus;
import java.time.Instant;
import java.util.List;

/** What the email endpoints answer besides the flat {@code TriageResult}. */
public final class EmailViews {

  private EmailViews() {}

  /** The wire name of a stored status: processed shows as {@code completed}, as in the origin plan. */
  static String statusName(TriageStatus status) {
    return status == TriageStatus.PROCESSED ? "completed" : status.wireName();
  }

  /**
   * {@code 202 Accepted} of an async process request.
   *
   * @param status {@code queued}
   * @param emailId the email
   * @param jobId the job
   * @param estimatedTime a rough estimate of the seconds until it is decided
   */
  public record Queued(
      @JsonProperty("status") String status,
      @JsonProperty("email_id") String emailId,
      @JsonProperty("job_id") String jobId,
      @JsonProperty("estimated_time") long estimatedTime) {}

  /**
   * The reply and feedback of {@code GET /emails/{email_id}/status}.
   *
   * @param suggestedResponse the drafted reply, if any
   * @param feedback a person's feedback, if any
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResponseDetails(
      @JsonProperty("suggested_response") SuggestedResponse suggestedResponse,
      @JsonProperty("feedback") Feedback feedback) {}

  /**
   * {@code GET /emails/{email_id}/status}.
   *
   * @param emailId the email
   * @param status {@code queued|processing|completed|failed}
   * @param jobId the async job, if any
   * @param decision {@code respond|ignore} once completed
   * @param confidence the decision's confidence
   * @param emailType the email type
   * @param urgency the urgency
   * @param reason the reason
   * @param source {@code rule|cache|model|fallback}
   * @param needsReview whether a person should look at it
   * @param processedAt when it was decided
   * @param responseSent whether the reply was marked as sent
   * @param responseDetails the drafted reply and feedback
   * @param error for a failure, why
   * @param retryable for a failure, whether it will be tried again
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      @JsonProperty("email_id") String emailId,
      @JsonProperty("status") String status,
      @JsonProperty("job_id") String jobId,
      @JsonProperty("decision") String decision,
      @JsonProperty("confidence") Double confidence,
      @JsonProperty("email_type") String emailType,
      @JsonProperty("urgency") String urgency,
      @JsonProperty("reason") String reason,
      @JsonProperty("source") String source,
      @JsonProperty("needs_review") Boolean needsReview,
      @JsonProperty("processed_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant processedAt,
      @JsonProperty("response_sent") boolean responseSent,
      @JsonProperty("response_details") ResponseDetails responseDetails,
      @JsonProperty("error") String error,
      @JsonProperty("retryable") Boolean retryable) {

    /** The status view of a stored record. */
    static Status of(EmailRecord r) {
      Decision d = r.decision();
      boolean failed = r.status() == TriageStatus.FAILED;
      return new Status(r.emailId(), statusName(r.status()), r.jobId(),
          d == null ? null : d.action().wireName(),
          d == null ? null : d.confidence(),
          d == null ? null : d.emailType().wireName(),
          d == null ? null : d.urgency().wireName(),
          d == null ? null : d.reason(),
          d == null ? null : d.source().wireName(),
          d == null ? null : d.needsReview(),
          r.processedAt(), r.responseSent(),
          new ResponseDetails(d == null ? null : d.suggestedResponse(), r.feedback()),
          failed ? r.lastError() : null,
          failed ? r.retryable() : null);
    }
  }

  /**
   * One row of {@code GET /emails}: the email's headline and its decision, without the body.
   *
   * @param emailId the email
   * @param from the sender
   * @param to the recipient
   * @param subject the subject
   * @param receivedAt when received
   * @param status {@code queued|processing|completed|failed}
   * @param decision {@code respond|ignore}
   * @param confidence the confidence
   * @param emailType the type
   * @param urgency the urgency
   * @param reason the reason
   * @param source who decided
   * @param needsReview whether a person should look at it
   * @param processedAt when decided
   * @param responseSent whether the reply was sent
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(
      @JsonProperty("email_id") String emailId,
      @JsonProperty("from") String from,
      @JsonProperty("to") String to,
      @JsonProperty("subject") String subject,
      @JsonProperty("received_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant receivedAt,
      @JsonProperty("status") String status,
      @JsonProperty("decision") String decision,
      @JsonProperty("confidence") Double confidence,
      @JsonProperty("email_type") String emailType,
      @JsonProperty("urgency") String urgency,
      @JsonProperty("reason") String reason,
      @JsonProperty("source") String source,
      @JsonProperty("needs_review") Boolean needsReview,
      @JsonProperty("processed_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant processedAt,
      @JsonProperty("response_sent") boolean responseSent) {

    static Item of(EmailRecord r) {
      Decision d = r.decision();
      return new Item(r.emailId(), r.email().from(), r.email().to(), r.email().subject(), r.email().receivedAt(),
          statusName(r.status()),
          d == null ? null : d.action().wireName(),
          d == null ? null : d.confidence(),
          d == null ? null : d.emailType().wireName(),
          d == null ? null : d.urgency().wireName(),
          d == null ? null : d.reason(),
          d == null ? null : d.source().wireName(),
          d == null ? null : d.needsReview(),
          r.processedAt(), r.responseSent());
    }
  }

  /**
   * A page of {@code GET /emails}.
   *
   * @param items newest first
   * @param nextCursor pass as {@code cursor} for the next page; absent on the last page
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ItemPage(@JsonProperty("items") List<Item> items, @JsonProperty("next_cursor") String nextCursor) {}
}
