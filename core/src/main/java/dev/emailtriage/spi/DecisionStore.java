package dev.emailtriage.spi;

import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailQuery;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.Feedback;
import dev.emailtriage.Page;
import dev.emailtriage.QualityReport;
import dev.emailtriage.internal.Quality;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps every email the pipeline sees, in a definite state, and the durable queue of async work. Thread-safe; a
 * database-backed store may be shared by several processes, and then the queue operations must make sure that two
 * workers never hold the same email (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}).
 *
 * <p>A store refuses values it cannot keep faithfully with an {@link IllegalArgumentException}, writing nothing.
 */
public interface DecisionStore {

  /** The error stored for an email whose workers' leases expired {@code maxAttempts} times. */
  String ABANDONED = "abandoned: its worker's lease expired on every attempt";

  /** The record of this email, if there is one. */
  Optional<EmailRecord> find(String emailId);

  /** Inserts or replaces the record of {@code record.emailId()}; never creates a second record for one id. */
  void save(EmailRecord record);

  /**
   * Stores {@code record} (status queued) unless the email is already stored.
   *
   * @return true when it was stored, false when a record for the id existed
   */
  boolean enqueue(EmailRecord record);

  /**
   * Claims up to {@code max} emails that are due: queued ones, retryable failures whose next attempt is due and
   * that have had fewer than {@code maxAttempts} attempts, and processing ones whose lease expired (their worker
   * died) with fewer than {@code maxAttempts} attempts. Each claimed record becomes {@code processing}, its attempts
   * counted up by one, leased until {@code now + lease}. Oldest first. A processing email whose lease expired after
   * {@code maxAttempts} attempts (it stopped its worker every time) is stored as failed, not retryable, with
   * {@link #ABANDONED} as its error, so that it cannot stop workers forever.
   */
  List<EmailRecord> claim(int max, Duration lease, int maxAttempts, Instant now);

  /** The most recent processed record whose fingerprint is {@code fingerprint}, for the similar-email cache. */
  Optional<EmailRecord> findByFingerprint(String fingerprint);

  /** Stored emails, filtered, newest first, one page at a time. */
  Page<EmailRecord> list(EmailQuery query);

  /** Processed emails whose decision came from {@code source}, for re-triage; at most {@code limit}. */
  List<EmailRecord> findBySource(DecisionSource source, int limit);

  /** Records a person's feedback on the email's decision; false when the email is unknown. */
  boolean recordFeedback(String emailId, Feedback feedback);

  /** Marks the reply to this email as sent; false when the email is unknown. */
  boolean markResponseSent(String emailId);

  /** How many emails are queued or waiting for a retry. */
  long queueDepth();

  /** The analytics of decisions processed from {@code start} to {@code end}, inclusive, in UTC. */
  AnalyticsSummary summarize(LocalDate start, LocalDate end);

  /**
   * The quality of the decisions processed from {@code start} to {@code end}, inclusive, in UTC: agreement with
   * people's feedback per prompt version and per source, confusion and calibration (see {@link QualityReport}).
   * The default reads every stored email through {@link #list}; the stores of this project answer with one query.
   */
  default QualityReport quality(LocalDate start, LocalDate end) {
    List<EmailRecord> processed = new ArrayList<>();
    EmailQuery query = EmailQuery.all().withLimit(EmailQuery.MAX_LIMIT);
    var within = Quality.processedWithin(start, end);
    while (true) {
      Page<EmailRecord> page = list(query);
      page.items().stream().filter(within).forEach(processed::add);
      if (page.nextCursor() == null) {
        return Quality.report(start, end, processed);
      }
      query = query.after(page.nextCursor());
    }
  }
}
