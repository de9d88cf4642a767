package dev.emailtriage.server.webhook;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The durable queue of webhook deliveries: a delivery is stored when an async job completes or fails for good, and
 * stays until it was delivered or given up, with its attempts and last error. In PostgreSQL
 * ({@link PostgresWebhookOutbox}) beside a PostgreSQL store, in memory ({@link InMemoryWebhookOutbox}) beside the
 * in-memory store. Implementations are thread-safe.
 */
public interface WebhookOutbox {

  /**
   * One delivery and its state.
   *
   * @param id the {@code webhook-id}: the same on every attempt, so receivers can drop duplicates
   * @param event {@code triage.completed} or {@code triage.failed}
   * @param emailId the email
   * @param jobId the async job
   * @param payload the JSON body
   * @param createdAt when it was stored
   * @param attempts attempts made so far
   * @param nextAttemptAt when it is due next (while pending)
   * @param lastAttemptAt when it was last tried
   * @param lastError what went wrong the last time (HTTP status or error type), if anything
   * @param deliveredAt when a 2xx answer came
   * @param gaveUpAt when it was given up after the last attempt
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Delivery(
      @JsonProperty("id") String id,
      @JsonProperty("event") String event,
      @JsonProperty("email_id") String emailId,
      @JsonProperty("job_id") String jobId,
      @com.fasterxml.jackson.annotation.JsonIgnore String payload,
      @JsonProperty("created_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant createdAt,
      @JsonProperty("attempts") int attempts,
      @JsonProperty("next_attempt_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant nextAttemptAt,
      @JsonProperty("last_attempt_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant lastAttemptAt,
      @JsonProperty("last_error") String lastError,
      @JsonProperty("delivered_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant deliveredAt,
      @JsonProperty("gave_up_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant gaveUpAt) {

    /** {@code pending}, {@code delivered} or {@code failed} (given up). */
    @JsonProperty("status")
    public String status() {
      return deliveredAt != null ? "delivered" : gaveUpAt != null ? "failed" : "pending";
    }

    /** A new pending delivery, due at once. */
    static Delivery pending(String id, String event, String emailId, String jobId, String payload, Instant now) {
      return new Delivery(id, event, emailId, jobId, payload, now, 0, now, null, null, null, null);
    }
  }

  /** Stores a new pending delivery; false (and nothing stored) when the job already has one for this event. */
  boolean enqueue(Delivery delivery);

  /**
   * Takes up to {@code limit} due deliveries for {@code lease}: another worker (or instance) does not take them
   * until the lease ends, so that a worker that dies while delivering leaves them to be tried again.
   */
  List<Delivery> claimDue(Instant now, int limit, Duration lease);

  /** Records a 2xx answer. */
  void delivered(String id, Instant at);

  /** Records a failed attempt: due again at {@code nextAttemptAt}, or given up when that is null. */
  void failed(String id, Instant at, String error, Instant nextAttemptAt);

  /** The deliveries of {@code emailId}, oldest first. */
  List<Delivery> forEmail(String emailId);

  /** The newest deliveries, newest first; {@code status} filters ({@code pending|delivered|failed}) when not null. */
  List<Delivery> recent(String status, int limit);

  /**
   * The emails of async jobs that were processed or failed for good since {@code since} and have no delivery: what
   * a crash between storing a decision and storing its delivery left behind. Empty when the outbox holds nothing
   * yet (webhooks were never on) and for an outbox that does not survive a stop.
   */
  default List<String> jobsWithoutDelivery(Instant since) {
    return List.of();
  }
}
