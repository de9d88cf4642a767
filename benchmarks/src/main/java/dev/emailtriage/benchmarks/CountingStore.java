package dev.emailtriage.benchmarks;

import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailQuery;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.Feedback;
import dev.emailtriage.Page;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.spi.BatchHold;
import dev.emailtriage.spi.DecisionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DecisionStore} that passes everything to another and counts, per email id, how many times a processed
 * record was written: more than once means the email was decided twice.
 */
final class CountingStore implements DecisionStore {

  private final DecisionStore delegate;
  private final Map<String, AtomicInteger> processedWrites = new ConcurrentHashMap<>();

  CountingStore(DecisionStore delegate) {
    this.delegate = delegate;
  }

  /** How many email ids had a processed record written more than once. */
  long decidedTwice() {
    return processedWrites.values().stream().filter(n -> n.get() > 1).count();
  }

  @Override
  public Optional<EmailRecord> find(String emailId) {
    return delegate.find(emailId);
  }

  @Override
  public void save(EmailRecord record) {
    delegate.save(record);
    if (record.status() == TriageStatus.PROCESSED) {
      processedWrites.computeIfAbsent(record.emailId(), k -> new AtomicInteger()).incrementAndGet();
    }
  }

  @Override
  public BatchHold holdForBatch(BatchHold hold, Instant holdUntil) {
    return delegate.holdForBatch(hold, holdUntil);
  }

  @Override
  public List<BatchHold> heldBatches() {
    return delegate.heldBatches();
  }

  @Override
  public void releaseBatch(String batchId) {
    delegate.releaseBatch(batchId);
  }

  @Override
  public Optional<EmailRecord> tryLease(EmailRecord candidate, Duration lease, Instant now, boolean reprocess) {
    return delegate.tryLease(candidate, lease, now, reprocess);
  }

  @Override
  public boolean complete(EmailRecord outcome) {
    boolean stored = delegate.complete(outcome);
    if (stored && outcome.status() == TriageStatus.PROCESSED) {
      processedWrites.computeIfAbsent(outcome.emailId(), k -> new AtomicInteger()).incrementAndGet();
    }
    return stored;
  }

  @Override
  public List<dev.emailtriage.DailyCount> dailySeries(LocalDate start, LocalDate end) {
    return delegate.dailySeries(start, end);
  }

  @Override
  public boolean enqueue(EmailRecord record) {
    return delegate.enqueue(record);
  }

  @Override
  public List<EmailRecord> claim(int max, Duration lease, int maxAttempts, Instant now) {
    return delegate.claim(max, lease, maxAttempts, now);
  }

  @Override
  public Optional<EmailRecord> findByFingerprint(String fingerprint) {
    return delegate.findByFingerprint(fingerprint);
  }

  @Override
  public Page<EmailRecord> list(EmailQuery query) {
    return delegate.list(query);
  }

  @Override
  public List<EmailRecord> findBySource(DecisionSource source, int limit) {
    return delegate.findBySource(source, limit);
  }

  @Override
  public boolean recordFeedback(String emailId, Feedback feedback) {
    return delegate.recordFeedback(emailId, feedback);
  }

  @Override
  public boolean markResponseSent(String emailId) {
    return delegate.markResponseSent(emailId);
  }

  @Override
  public long queueDepth() {
    return delegate.queueDepth();
  }

  @Override
  public AnalyticsSummary summarize(LocalDate start, LocalDate end) {
    return delegate.summarize(start, end);
  }
}
