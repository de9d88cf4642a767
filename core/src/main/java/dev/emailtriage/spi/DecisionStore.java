package dev.emailtriage.spi;

import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.DailyCount;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailQuery;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.Feedback;
import dev.emailtriage.Page;
import dev.emailtriage.QualityReport;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.internal.Quality;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps every email the pipeline sees, in a definite state, and the durable queue of async work: the SPI for store
 * writers (applications use {@link dev.emailtriage.EmailTriage}'s methods). Thread-safe; a database-backed store may
 * be shared by several processes, and then the queue operations must make sure that two workers never hold the same
 * email (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}).
 *
 * <p><b>Leases and fencing.</b> Deciding an email takes its processing lease first ({@link #claim} for queued work,
 * {@link #tryLease} for one email): the lease is the lock that keeps two pipelines, in one process or in several
 * sharing a database, from asking the model about one email at once. Each lease counts the record's
 * {@link EmailRecord#leaseVersion() lease version} up by one; the holder stores its outcome with {@link #complete},
 * which writes only while that version is still current, in the same atomic step. A worker whose lease expired and
 * was taken over by another therefore never overwrites the newer result.
 *
 * <p>A store refuses values it cannot keep faithfully with an {@link IllegalArgumentException}, writing nothing.
 */
public interface DecisionStore {

  /** The error stored for an email whose workers' leases expired {@code maxAttempts} times. */
  String ABANDONED = "abandoned: its worker's lease expired on every attempt";

  /** The record of this email, if there is one. */
  Optional<EmailRecord> find(String emailId);

  /**
   * Inserts or replaces the record of {@code record.emailId()}; never creates a second record for one id. This write
   * is unconditional (for imports, tools and tests): the pipeline stores its outcomes with {@link #complete}. The
   * stored lease version never goes down: it becomes the larger of the stored one and the record's.
   */
  void save(EmailRecord record);

  /**
   * Takes the processing lease of one email for a caller about to decide it, atomically (one statement or one lock):
   * when the store has no record of the email, stores {@code candidate} as processing; when the stored record is
   * queued, failed, or processing under an expired lease ({@code dueAt <= now}), or processed while
   * {@code reprocess} is true, makes it processing. Either way the record's attempts and lease version are counted
   * up by one ({@link EmailRecord#claimed}) and its lease runs until {@code now + lease}; a processed record's
   * decision is cleared (as {@link #claim} does) until the holder stores its outcome.
   *
   * @param candidate the record to store when there is none (usually {@link EmailRecord#queued})
   * @param reprocess whether a processed email may be leased (re-triage)
   * @return the leased record, or empty when another holder's lease is live, or the email is processed and
   *     {@code reprocess} is false: then the caller must not decide it
   */
  Optional<EmailRecord> tryLease(EmailRecord candidate, Duration lease, Instant now, boolean reprocess);

  /**
   * Stores the outcome of a lease: replaces the record of {@code outcome.emailId()} with {@code outcome} only when
   * the stored record is processing under lease version {@code outcome.leaseVersion()}, checked in the same atomic
   * step as the write (PostgreSQL: one {@code UPDATE ... WHERE lease_version = :v}).
   *
   * @return true when stored; false, writing nothing, when that lease is no longer the current one (another worker
   *     took the email over after the lease expired, or the record was settled otherwise): the caller drops its
   *     outcome
   */
  boolean complete(EmailRecord outcome);

  /**
   * Stores the outcomes of several leases, each as {@link #complete} would: {@code outcomes.get(i)} is written only
   * while its lease is still the current one. For a worker that decided a claimed batch: a database store writes the
   * batch in one round trip and one transaction instead of one of each per outcome. The default completes them one
   * by one.
   *
   * @param outcomes outcomes of distinct emails; an email id given twice is refused with an
   *     {@link IllegalArgumentException} before anything is written
   * @return for each outcome, in the same order, whether it was stored
   */
  default List<Boolean> completeAll(List<EmailRecord> outcomes) {
    requireDistinctIds(outcomes);
    List<Boolean> stored = new ArrayList<>(outcomes.size());
    for (EmailRecord outcome : outcomes) {
      stored.add(complete(outcome));
    }
    return List.copyOf(stored);
  }

  /**
   * Inserts or replaces several records, each as {@link #save} would (for imports and tools that write many at
   * once): a database store writes them in one round trip and one transaction. The default saves them one by one.
   *
   * @param records records of distinct emails; an email id given twice is refused with an
   *     {@link IllegalArgumentException} before anything is written
   */
  default void saveAll(List<EmailRecord> records) {
    requireDistinctIds(records);
    for (EmailRecord r : records) {
      save(r);
    }
  }

  private static void requireDistinctIds(List<EmailRecord> records) {
    Set<String> ids = new HashSet<>();
    for (EmailRecord r : records) {
      if (r == null) {
        throw new IllegalArgumentException("a record of the batch is null");
      }
      if (!ids.add(r.emailId())) {
        throw new IllegalArgumentException("email_id '" + r.emailId() + "' appears twice in one batch");
      }
    }
  }

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

  /**
   * Records that the emails of {@code hold} wait for its batch job and extends their leases until
   * {@code holdUntil}, in one atomic step (one transaction): an item is held only while its email is processing
   * under the item's {@linkplain BatchHold.Item#leaseVersion() lease version}; the others are left out (another
   * worker took them over). While held, no {@link #claim} or {@link #tryLease} takes the email (its lease is live);
   * when {@code holdUntil} passes, {@link #claim} takes it as an expired lease. Holding a batch id a second time
   * adds to its items.
   *
   * @return the hold as stored: the items held
   */
  BatchHold holdForBatch(BatchHold hold, Instant holdUntil);

  /**
   * The batch jobs recorded by {@link #holdForBatch} and not {@linkplain #releaseBatch released}, oldest first,
   * each with only the items whose email is still processing under the item's lease version (possibly none: an
   * email decided or taken over since is left out). What a restarted pipeline polls instead of submitting again.
   */
  List<BatchHold> heldBatches();

  /** Forgets a batch job's hold, once its results are stored (or given up); no-op for an unknown id. */
  void releaseBatch(String batchId);

  /** The most recent processed record whose fingerprint is {@code fingerprint}, for the similar-email cache. */
  Optional<EmailRecord> findByFingerprint(String fingerprint);

  /** Stored emails, filtered, newest first, one page at a time. */
  Page<EmailRecord> list(EmailQuery query);

  /** Processed emails whose decision came from {@code source}, for re-triage; at most {@code limit}. */
  List<EmailRecord> findBySource(DecisionSource source, int limit);

  /**
   * Corrected emails like one about to be decided, for the model's correction examples
   * ({@link dev.emailtriage.EmailTriage.Builder#correctionExamples(int)}): processed records whose feedback
   * disagrees with their decision (a {@code correct_decision} other than the decision, or a {@code correct_type}
   * other than the type) and that match by any of: the exact {@code fingerprint}; the sender {@code address} (the
   * {@code From} address, lowercase, display name dropped); the sender {@code domain} (the part after its last
   * {@code @}). Ordered: fingerprint matches first, then address matches, then the rest; within each, newest
   * feedback first. Called only before a model call, so it must be cheap: a database store answers from an index
   * over corrected emails only.
   *
   * <p>The default answers none: a store that does not implement it gives the model no examples.
   *
   * @param fingerprint the exact fingerprint of the email about to be decided, or {@code null}
   * @param address its sender's address in lowercase, or {@code null}
   * @param domain its sender's domain in lowercase, or {@code null} to match no other address of the domain
   * @param excludeEmailId the email about to be decided (never its own example), or {@code null}
   * @param limit at most this many, 1 to {@link #MAX_CORRECTIONS}
   * @throws IllegalArgumentException when {@code limit} is out of range
   */
  default List<EmailRecord> findCorrections(String fingerprint, String address, String domain,
      String excludeEmailId, int limit) {
    checkCorrectionsLimit(limit);
    return List.of();
  }

  /** The largest {@code limit} of {@link #findCorrections}. */
  int MAX_CORRECTIONS = 20;

  /**
   * Checks {@link #findCorrections}' limit, for implementations.
   *
   * @throws IllegalArgumentException when it is not 1 to {@link #MAX_CORRECTIONS}
   */
  static void checkCorrectionsLimit(int limit) {
    if (limit < 1 || limit > MAX_CORRECTIONS) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_CORRECTIONS + ", was " + limit);
    }
  }

  /**
   * Whether {@code record} is a correction in the sense of {@link #findCorrections}: processed, with feedback whose
   * decision or type differs from its decision's.
   */
  static boolean isCorrection(EmailRecord record) {
    Feedback f = record.feedback();
    Decision d = record.decision();
    return f != null && d != null && record.status() == TriageStatus.PROCESSED
        && ((f.correctDecision() != null && f.correctDecision() != d.action())
            || (f.correctType() != null && f.correctType() != d.emailType()));
  }

  /** Records a person's feedback on the email's decision; false when the email is unknown. */
  boolean recordFeedback(String emailId, Feedback feedback);

  /** Marks the reply to this email as sent; false when the email is unknown. */
  boolean markResponseSent(String emailId);

  /** How many emails are queued or waiting for a retry. */
  long queueDepth();

  /** The analytics of decisions processed from {@code start} to {@code end}, inclusive, in UTC. */
  AnalyticsSummary summarize(LocalDate start, LocalDate end);

  /**
   * The decisions of each UTC day from {@code start} to {@code end}, inclusive, oldest first: one entry per day,
   * days without decisions included with zero counts. A database store answers it in one query (from its daily
   * rows), not one {@link #summarize} per day.
   *
   * @throws IllegalArgumentException when {@code end} is before {@code start}
   */
  List<DailyCount> dailySeries(LocalDate start, LocalDate end);

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
