package dev.emailtriage;

import dev.emailtriage.spi.BatchHold;
import dev.emailtriage.spi.DecisionStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link InMemoryDecisionStore} that records how outcomes are written (one {@code complete} each, or batches
 * through {@code completeAll}) and can fail the next batch write. Thread-safe.
 */
public final class RecordingStore implements DecisionStore {
  public final InMemoryDecisionStore inner = new InMemoryDecisionStore();
  public final AtomicInteger singleWrites = new AtomicInteger();
  public final List<Integer> batchWrites = new CopyOnWriteArrayList<>();
  public final AtomicBoolean failNextBatch = new AtomicBoolean();

  @Override
  public boolean complete(EmailRecord outcome) {
    singleWrites.incrementAndGet();
    return inner.complete(outcome);
  }

  @Override
  public List<Boolean> completeAll(List<EmailRecord> outcomes) {
    if (failNextBatch.compareAndSet(true, false)) {
      throw new IllegalStateException("connection reset while writing " + outcomes.size() + " outcomes");
    }
    batchWrites.add(outcomes.size());
    return inner.completeAll(outcomes);
  }

  @Override
  public Optional<EmailRecord> find(String emailId) {
    return inner.find(emailId);
  }

  @Override
  public void save(EmailRecord record) {
    inner.save(record);
  }

  @Override
  public void saveAll(List<EmailRecord> records) {
    inner.saveAll(records);
  }

  @Override
  public Optional<EmailRecord> tryLease(EmailRecord candidate, Duration lease, Instant now, boolean reprocess) {
    return inner.tryLease(candidate, lease, now, reprocess);
  }

  @Override
  public boolean enqueue(EmailRecord record) {
    return inner.enqueue(record);
  }

  @Override
  public List<EmailRecord> claim(int max, Duration lease, int maxAttempts, Instant now) {
    return inner.claim(max, lease, maxAttempts, now);
  }

  @Override
  public BatchHold holdForBatch(BatchHold hold, Instant holdUntil) {
    return inner.holdForBatch(hold, holdUntil);
  }

  @Override
  public List<BatchHold> heldBatches() {
    return inner.heldBatches();
  }

  @Override
  public void releaseBatch(String batchId) {
    inner.releaseBatch(batchId);
  }

  @Override
  public Optional<EmailRecord> findByFingerprint(String fingerprint) {
    return inner.findByFingerprint(fingerprint);
  }

  @Override
  public Page<EmailRecord> list(EmailQuery query) {
    return inner.list(query);
  }

  @Override
  public List<EmailRecord> findBySource(DecisionSource source, int limit) {
    return inner.findBySource(source, limit);
  }

  @Override
  public List<EmailRecord> findCorrections(String fingerprint, String address, String domain, String excludeEmailId,
      int limit) {
    return inner.findCorrections(fingerprint, address, domain, excludeEmailId, limit);
  }

  @Override
  public boolean recordFeedback(String emailId, Feedback feedback) {
    return inner.recordFeedback(emailId, feedback);
  }

  @Override
  public boolean markResponseSent(String emailId) {
    return inner.markResponseSent(emailId);
  }

  @Override
  public long queueDepth() {
    return inner.queueDepth();
  }

  @Override
  public AnalyticsSummary summarize(LocalDate start, LocalDate end) {
    return inner.summarize(start, end);
  }

  @Override
  public List<DailyCount> dailySeries(LocalDate start, LocalDate end) {
    return inner.dailySeries(start, end);
  }

  @Override
  public QualityReport quality(LocalDate start, LocalDate end) {
    return inner.quality(start, end);
  }
}
