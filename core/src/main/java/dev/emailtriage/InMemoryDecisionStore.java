package dev.emailtriage;

import dev.emailtriage.internal.Analytics;
import dev.emailtriage.internal.Quality;
import dev.emailtriage.spi.BatchHold;
import dev.emailtriage.spi.Cursor;
import dev.emailtriage.spi.DecisionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@link DecisionStore} in the memory of one process: for tests, demos and the CLI. Thread-safe (every method
 * holds one lock). Nothing survives the process; use the PostgreSQL store from {@code email-triage-supabase} for
 * anything that must not lose mail.
 */
public final class InMemoryDecisionStore implements DecisionStore {

  private static final Comparator<EmailRecord> NEWEST_FIRST = Comparator
      .comparing((EmailRecord r) -> r.email().receivedAt()).thenComparing(EmailRecord::emailId).reversed();

  private final Map<String, EmailRecord> records = new HashMap<>();
  /** Email ids by fingerprint; may hold ids whose record has changed since, which lookups skip. */
  private final Map<String, Set<String>> idsByFingerprint = new HashMap<>();
  /** Batch jobs held, by id. */
  private final Map<String, BatchHold> holds = new HashMap<>();
  /** The ids of records that got feedback: the candidates of {@link #findCorrections}. */
  private final Set<String> idsWithFeedback = new HashSet<>();
  private final Clock clock;

  /** An empty store on the system clock. */
  public InMemoryDecisionStore() {
    this(Clock.systemUTC());
  }

  /** An empty store on {@code clock} (for feedback and sent-marking times). */
  public InMemoryDecisionStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Optional<EmailRecord> find(String emailId) {
    return Optional.ofNullable(records.get(emailId));
  }

  @Override
  public synchronized void save(EmailRecord record) {
    EmailRecord old = records.get(record.emailId());
    put(old != null && old.leaseVersion() > record.leaseVersion() ? record.withLeaseVersion(old.leaseVersion())
        : record);
  }

  private void put(EmailRecord record) {
    records.put(record.emailId(), record);
    if (record.feedback() != null) {
      idsWithFeedback.add(record.emailId());
    }
    if (record.fingerprint() != null) {
      idsByFingerprint.computeIfAbsent(record.fingerprint(), fp -> new HashSet<>()).add(record.emailId());
    }
  }

  @Override
  public synchronized Optional<EmailRecord> tryLease(EmailRecord candidate, Duration lease, Instant now,
      boolean reprocess) {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(now, "now");
    EmailRecord current = records.get(candidate.emailId());
    boolean free = current == null
        || current.status() == TriageStatus.QUEUED
        || current.status() == TriageStatus.FAILED
        || (current.status() == TriageStatus.PROCESSING && !current.dueAt().isAfter(now))
        || (current.status() == TriageStatus.PROCESSED && reprocess);
    if (!free) {
      return Optional.empty();
    }
    EmailRecord base = current == null ? candidate : current;
    EmailRecord leased = base.claimed(now.plus(lease), now);
    put(leased);
    return Optional.of(leased);
  }

  @Override
  public synchronized boolean complete(EmailRecord outcome) {
    EmailRecord current = records.get(outcome.emailId());
    if (current == null || current.status() != TriageStatus.PROCESSING
        || current.leaseVersion() != outcome.leaseVersion()) {
      return false;
    }
    put(outcome);
    return true;
  }

  @Override
  public synchronized boolean enqueue(EmailRecord record) {
    return records.putIfAbsent(record.emailId(), record) == null;
  }

  @Override
  public synchronized List<EmailRecord> claim(int max, Duration lease, int maxAttempts, Instant now) {
    records.replaceAll((id, r) -> r.status() == TriageStatus.PROCESSING && !r.dueAt().isAfter(now)
        && r.attempts() >= maxAttempts ? r.failed(ABANDONED, false, null, r.processingTime(), now) : r);
    List<EmailRecord> due = records.values().stream()
        .filter(r -> r.dueAt() != null && !r.dueAt().isAfter(now))
        .filter(r -> r.status() == TriageStatus.QUEUED
            || ((r.status() == TriageStatus.PROCESSING || (r.status() == TriageStatus.FAILED && r.retryable()))
                && r.attempts() < maxAttempts))
        .sorted(Comparator.comparing(EmailRecord::dueAt).thenComparing(EmailRecord::emailId))
        .limit(max)
        .map(r -> r.claimed(now.plus(lease), now))
        .toList();
    due.forEach(r -> records.put(r.emailId(), r));
    return due;
  }

  @Override
  public synchronized BatchHold holdForBatch(BatchHold hold, Instant holdUntil) {
    Objects.requireNonNull(holdUntil, "holdUntil");
    Instant now = clock.instant();
    List<BatchHold.Item> held = new ArrayList<>();
    for (BatchHold.Item item : hold.items()) {
      EmailRecord r = records.get(item.emailId());
      if (current(r, item)) {
        records.put(r.emailId(), r.withLeaseUntil(holdUntil, now));
        held.add(item);
      }
    }
    BatchHold before = holds.get(hold.batchId());
    List<BatchHold.Item> all = new ArrayList<>(before == null ? List.of() : before.items());
    all.addAll(held);
    Instant submittedAt = before == null ? hold.submittedAt() : before.submittedAt();
    holds.put(hold.batchId(), new BatchHold(hold.batchId(), submittedAt, all));
    return new BatchHold(hold.batchId(), submittedAt, held);
  }

  private static boolean current(EmailRecord r, BatchHold.Item item) {
    return r != null && r.status() == TriageStatus.PROCESSING && r.leaseVersion() == item.leaseVersion();
  }

  @Override
  public synchronized List<BatchHold> heldBatches() {
    return holds.values().stream()
        .sorted(Comparator.comparing(BatchHold::submittedAt).thenComparing(BatchHold::batchId))
        .map(h -> new BatchHold(h.batchId(), h.submittedAt(),
            h.items().stream().filter(i -> current(records.get(i.emailId()), i)).toList()))
        .toList();
  }

  @Override
  public synchronized void releaseBatch(String batchId) {
    holds.remove(batchId);
  }

  @Override
  public synchronized Optional<EmailRecord> findByFingerprint(String fingerprint) {
    Set<String> ids = idsByFingerprint.get(fingerprint);
    if (ids == null) {
      return Optional.empty();
    }
    ids.removeIf(id -> records.get(id) == null || !fingerprint.equals(records.get(id).fingerprint()));
    return ids.stream().map(records::get)
        .filter(r -> r.status() == TriageStatus.PROCESSED)
        .max(Comparator.comparing(EmailRecord::processedAt));
  }

  @Override
  public synchronized Page<EmailRecord> list(EmailQuery query) {
    Cursor after = query.cursor() == null ? null : Cursor.decode(query.cursor());
    List<EmailRecord> page = records.values().stream()
        .filter(matches(query))
        .sorted(NEWEST_FIRST)
        .filter(r -> after == null || isAfter(r, after))
        .limit(query.limit() + 1L)
        .toList();
    if (page.size() <= query.limit()) {
      return new Page<>(page, null);
    }
    EmailRecord last = page.get(query.limit() - 1);
    return new Page<>(page.subList(0, query.limit()), new Cursor(last.email().receivedAt(), last.emailId()).encode());
  }

  private static boolean isAfter(EmailRecord r, Cursor c) {
    int byTime = r.email().receivedAt().compareTo(c.receivedAt());
    return byTime < 0 || (byTime == 0 && r.emailId().compareTo(c.emailId()) < 0);
  }

  private static Predicate<EmailRecord> matches(EmailQuery q) {
    List<Predicate<EmailRecord>> all = new ArrayList<>();
    if (q.action() != null) {
      all.add(r -> r.decision() != null && r.decision().action() == q.action());
    }
    if (q.emailType() != null) {
      all.add(r -> r.decision() != null && r.decision().emailType() == q.emailType());
    }
    if (q.source() != null) {
      all.add(r -> r.decision() != null && r.decision().source() == q.source());
    }
    if (q.needsReview() != null) {
      all.add(r -> r.decision() != null && r.decision().needsReview() == q.needsReview());
    }
    if (q.from() != null) {
      String needle = q.from().toLowerCase(Locale.ROOT);
      all.add(r -> r.email().from().toLowerCase(Locale.ROOT).contains(needle));
    }
    if (q.startDate() != null) {
      Instant start = q.startDate().atStartOfDay(ZoneOffset.UTC).toInstant();
      all.add(r -> !r.email().receivedAt().isBefore(start));
    }
    if (q.endDate() != null) {
      Instant end = q.endDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      all.add(r -> r.email().receivedAt().isBefore(end));
    }
    return all.stream().reduce(r -> true, Predicate::and);
  }

  @Override
  public synchronized List<EmailRecord> findBySource(DecisionSource source, int limit) {
    return records.values().stream()
        .filter(r -> r.decision() != null && r.decision().source() == source)
        .sorted(NEWEST_FIRST)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized boolean recordFeedback(String emailId, Feedback feedback) {
    boolean known = records.computeIfPresent(emailId, (id, r) -> r.withFeedback(feedback, clock.instant())) != null;
    if (known) {
      idsWithFeedback.add(emailId);
    }
    return known;
  }

  /** Scans only the records that got feedback (see {@link DecisionStore#findCorrections}). */
  @Override
  public synchronized List<EmailRecord> findCorrections(String fingerprint, String address, String domain,
      String excludeEmailId, int limit) {
    DecisionStore.checkCorrectionsLimit(limit);
    List<EmailRecord> found = new ArrayList<>();
    for (String id : idsWithFeedback) {
      EmailRecord r = records.get(id);
      if (r == null || id.equals(excludeEmailId) || !DecisionStore.isCorrection(r)) {
        continue;
      }
      int rank = rank(r, fingerprint, address, domain);
      if (rank < 3) {
        found.add(r);
      }
    }
    return found.stream()
        .sorted(Comparator.<EmailRecord>comparingInt(r -> rank(r, fingerprint, address, domain))
            .thenComparing(r -> r.feedback().createdAt(), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(EmailRecord::emailId))
        .limit(limit)
        .toList();
  }

  /** 0: same fingerprint, 1: same address, 2: same domain, 3: no match. */
  private static int rank(EmailRecord r, String fingerprint, String address, String domain) {
    if (fingerprint != null && fingerprint.equals(r.fingerprint())) {
      return 0;
    }
    String from = dev.emailtriage.internal.rules.Addresses.extract(r.email().from()).orElse("");
    if (from.isEmpty()) {
      return 3;
    }
    if (from.equals(address)) {
      return 1;
    }
    return domain != null && domain.equals(dev.emailtriage.internal.rules.Addresses.domain(from)) ? 2 : 3;
  }

  @Override
  public synchronized boolean markResponseSent(String emailId) {
    return records.computeIfPresent(emailId, (id, r) -> r.withResponseSent(clock.instant())) != null;
  }

  @Override
  public synchronized long queueDepth() {
    return records.values().stream()
        .filter(r -> r.status() == TriageStatus.QUEUED || (r.status() == TriageStatus.FAILED && r.retryable()))
        .count();
  }

  @Override
  public AnalyticsSummary summarize(LocalDate start, LocalDate end) {
    Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<EmailRecord> processed;
    synchronized (this) {
      processed = records.values().stream()
          .filter(r -> r.status() == TriageStatus.PROCESSED)
          .filter(r -> !r.processedAt().isBefore(from) && r.processedAt().isBefore(to))
          .toList();
    }
    return Analytics.summarize(start, end, processed.stream());
  }

  @Override
  public List<DailyCount> dailySeries(LocalDate start, LocalDate end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    Map<LocalDate, long[]> byDay = new HashMap<>();
    synchronized (this) {
      for (EmailRecord r : records.values()) {
        if (r.status() != TriageStatus.PROCESSED) {
          continue;
        }
        LocalDate day = LocalDate.ofInstant(r.processedAt(), ZoneOffset.UTC);
        if (!day.isBefore(start) && !day.isAfter(end)) {
          long[] n = byDay.computeIfAbsent(day, d -> new long[2]);
          n[r.decision().action() == Action.RESPOND ? 0 : 1]++;
        }
      }
    }
    List<DailyCount> series = new ArrayList<>();
    for (LocalDate d = start; !d.isAfter(end); d = d.plusDays(1)) {
      long[] n = byDay.getOrDefault(d, new long[2]);
      series.add(new DailyCount(d, n[0] + n[1], n[0], n[1]));
    }
    return series;
  }

  @Override
  public QualityReport quality(LocalDate start, LocalDate end) {
    List<EmailRecord> processed;
    synchronized (this) {
      processed = records.values().stream().filter(Quality.processedWithin(start, end)).toList();
    }
    return Quality.report(start, end, processed);
  }
}
