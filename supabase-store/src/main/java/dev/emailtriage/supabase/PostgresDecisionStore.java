package dev.emailtriage.supabase;

import dev.emailtriage.Action;
import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.AnalyticsSummary.AverageMetrics;
import dev.emailtriage.AnalyticsSummary.Period;
import dev.emailtriage.AnalyticsSummary.PromptVersionCount;
import dev.emailtriage.AnalyticsSummary.ReasonCount;
import dev.emailtriage.AnalyticsSummary.Totals;
import dev.emailtriage.DailyCount;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailQuery;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.Feedback;
import dev.emailtriage.Page;
import dev.emailtriage.QualityReport;
import dev.emailtriage.spi.BatchHold;
import dev.emailtriage.spi.Cursor;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.supabase.internal.EmailRecordBinder;
import dev.emailtriage.supabase.internal.EmailRecordMapper;
import dev.emailtriage.supabase.internal.FieldCipher;
import dev.emailtriage.supabase.internal.RecordCheck;
import dev.emailtriage.supabase.internal.StoreSql;
import dev.emailtriage.supabase.internal.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * A {@link DecisionStore} on PostgreSQL (Supabase or any PostgreSQL 14 or newer) through JDBI. Thread-safe, and
 * safe to share one database between several processes: saves are single {@code INSERT ... ON CONFLICT} statements
 * (never a second row for one {@code email_id}), and the queue is claimed with {@code FOR UPDATE SKIP LOCKED} and a
 * lease, so two workers never hold the same email and a crashed worker's email is taken up again once its lease
 * expires. Works through Supabase's transaction pooler ({@code prepareThreshold=0}).
 *
 * <p>With an encryption key the mail body and the drafted reply are stored AES-GCM encrypted. Values the schema
 * would reject are refused with an {@link IllegalArgumentException} before anything is written. Timestamps are kept
 * to the microsecond and processing times to the millisecond, as PostgreSQL stores them.
 *
 * <p>Get one from {@link SupabaseStore#decisionStore()}; closing it closes the {@link SupabaseStore} it came from.
 */
public final class PostgresDecisionStore implements DecisionStore, AutoCloseable {

  private static final String COLUMNS = EmailRecordMapper.COLUMNS;

  /**
   * The corrected emails like one about to be decided ({@link #findCorrections}); its WHERE repeats the predicate of
   * V8's partial indexes so that the planner can use them. Binds :exclude, :fp, :domain, :whole_domain, :address,
   * :limit.
   */
  static final String CORRECTIONS = "SELECT " + COLUMNS + " FROM {s}.processed_emails"
      + " WHERE status = 'processed' AND has_feedback"
      + " AND ((feedback_decision IS NOT NULL AND feedback_decision <> decision)"
      + " OR (feedback_type IS NOT NULL AND feedback_type <> email_type))"
      + " AND email_id IS DISTINCT FROM :exclude AND ((fingerprint IS NOT NULL AND fingerprint = :fp)"
      + " OR ({s}.emailtriage_sender_domain(from_address) = :domain"
      + " AND (:whole_domain OR {s}.emailtriage_sender_address(from_address) = :address)))"
      + " ORDER BY coalesce(fingerprint = :fp, false) DESC,"
      + " coalesce({s}.emailtriage_sender_address(from_address) = :address, false) DESC,"
      + " feedback_at DESC NULLS LAST, email_id LIMIT :limit";

  /** What taking a lease does to a row (as the queue's claim and {@link #tryLease} do it); binds :lease_until. */
  private static final String LEASE_SET = "status = 'processing', attempts = p.attempts + 1,"
      + " lease_version = p.lease_version + 1, retryable = false, due_at = :lease_until, processed_at = NULL,"
      + " decision = NULL, confidence = NULL, email_type = NULL, urgency = NULL, reason = NULL,"
      + " suggested_subject = NULL, suggested_body = NULL, suggested_tone = NULL, source = NULL,"
      + " needs_review = false, rule = NULL, prompt_id = NULL, prompt_version = 0, model_version = NULL,"
      + " prompt_tokens = NULL, candidates_tokens = NULL, thoughts_tokens = NULL, total_tokens = NULL,"
      + " finish_reason = NULL, body_truncated = false, examples_used = 0";

  private static final String INSERT;
  private static final String UPSERT;
  private static final String LEASE;
  private static final String COMPLETE;

  static {
    StringBuilder cols = new StringBuilder("email_id");
    StringBuilder vals = new StringBuilder(":email_id");
    StringBuilder sets = new StringBuilder();
    StringBuilder updates = new StringBuilder();
    for (String c : EmailRecordBinder.WRITTEN) {
      cols.append(", ").append(c);
      boolean json = EmailRecordBinder.JSON.contains(c);
      String val = json ? "CAST(:" + c + " AS jsonb)" : ":" + c;
      vals.append(", ").append(val);
      sets.append(sets.length() == 0 ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
      updates.append(updates.length() == 0 ? "" : ", ").append(c).append(" = ").append(val);
    }
    cols.append(", lease_version");
    vals.append(", :lease_version");
    INSERT = "INSERT INTO {s}.processed_emails (" + cols + ") VALUES (" + vals + ")";
    UPSERT = INSERT + " ON CONFLICT (email_id) DO UPDATE SET " + sets
        + ", lease_version = greatest(processed_emails.lease_version, EXCLUDED.lease_version)";
    LEASE = "INSERT INTO {s}.processed_emails AS p (" + cols + ") VALUES (" + vals + ")"
        + " ON CONFLICT (email_id) DO UPDATE SET " + LEASE_SET
        + " WHERE p.status IN ('queued', 'failed') OR (p.status = 'processing' AND p.due_at <= :now)"
        + " OR (p.status = 'processed' AND :reprocess)"
        + " RETURNING " + EmailRecordMapper.columns("p.");
    COMPLETE = "UPDATE {s}.processed_emails SET " + updates
        + " WHERE email_id = :email_id AND status = 'processing' AND lease_version = :lease_version";
  }

  /** A claimed row: the record, and when it was due before the claim (the order claims are returned in). */
  private record Claimed(Instant wasDue, EmailRecord record) {}

  /** The period's totals of the daily analytics rows. */
  private record SummaryTotals(long total, long responded, double rate, double avgTime, double avgConfidence) {}

  private static final RowMapper<SummaryTotals> SUMMARY_TOTALS = (rs, ctx) -> new SummaryTotals(rs.getLong("total"),
      rs.getLong("responded"), rs.getBigDecimal("rate").doubleValue(), rs.getBigDecimal("avg_time").doubleValue(),
      rs.getBigDecimal("avg_confidence").doubleValue());

  private static final RowMapper<DailyCount> DAILY_COUNT = (rs, ctx) -> new DailyCount(
      rs.getObject("day", LocalDate.class), rs.getLong("processed"), rs.getLong("responded"), rs.getLong("ignored"));

  private final StoreSql db;
  private final Clock clock;
  private final EmailRecordMapper records;
  private final EmailRecordBinder binder;
  private final RowMapper<Claimed> claimed;
  private final AutoCloseable owner;

  PostgresDecisionStore(StoreSql db, FieldCipher cipher, Clock clock, AutoCloseable owner) {
    this.db = db;
    this.clock = clock;
    this.records = new EmailRecordMapper(cipher);
    this.binder = new EmailRecordBinder(cipher);
    this.claimed = (rs, ctx) -> new Claimed(Timestamps.get(rs, "was_due"), records.map(rs, ctx));
    this.owner = owner;
  }

  @Override
  public Optional<EmailRecord> find(String emailId) {
    Objects.requireNonNull(emailId, "emailId");
    return run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.processed_emails WHERE email_id = :id"))
        .bind("id", emailId)
        .map(records)
        .findOne());
  }

  @Override
  public void save(EmailRecord record) {
    RecordCheck.check(record);
    run(h -> binder.bind(h.createUpdate(db.sql(UPSERT)), record).execute());
  }

  @Override
  public Optional<EmailRecord> tryLease(EmailRecord candidate, Duration lease, Instant now, boolean reprocess) {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(now, "now");
    EmailRecord inserted = candidate.claimed(now.plus(lease), now);
    RecordCheck.check(inserted);
    return run(h -> binder.bind(h.createQuery(db.sql(LEASE)), inserted)
        .bind("now", Timestamps.arg(now))
        .bind("reprocess", reprocess)
        .bind("lease_until", Timestamps.arg(now.plus(lease)))
        .map(records)
        .findOne());
  }

  @Override
  public boolean complete(EmailRecord outcome) {
    RecordCheck.check(outcome);
    return run(h -> binder.bind(h.createUpdate(db.sql(COMPLETE)), outcome).execute()) == 1;
  }

  /**
   * Stores the outcomes as {@link #complete} would, in one transaction and one round trip (a JDBC batch of the
   * {@code UPDATE ... WHERE lease_version = :v} statement): one commit for the batch instead of one per outcome. All
   * or nothing: a value the database refuses rolls the whole batch back.
   */
  @Override
  public List<Boolean> completeAll(List<EmailRecord> outcomes) {
    int[] counts = batch(COMPLETE, outcomes);
    List<Boolean> stored = new ArrayList<>(counts.length);
    for (int count : counts) {
      stored.add(count == 1);
    }
    return List.copyOf(stored);
  }

  /**
   * Saves the records as {@link #save} would, in one transaction and one round trip; with the pool
   * {@link SupabaseStore} builds ({@code reWriteBatchedInserts=true}) the driver sends them as multi-row
   * {@code INSERT ... ON CONFLICT} statements. All or nothing.
   */
  @Override
  public void saveAll(List<EmailRecord> records) {
    batch(UPSERT, records);
  }

  /**
   * Runs {@code sql} once per record as one JDBC batch in one transaction, in ascending processed time (then id), so
   * that concurrent batches take the analytics day rows' locks in the same order; the counts in the records' order.
   */
  private int[] batch(String sql, List<EmailRecord> records) {
    Objects.requireNonNull(records, "records");
    Set<String> ids = new HashSet<>();
    for (EmailRecord r : records) {
      RecordCheck.check(r);
      if (!ids.add(r.emailId())) {
        throw new IllegalArgumentException("email_id '" + r.emailId() + "' appears twice in one batch");
      }
    }
    if (records.isEmpty()) {
      return new int[0];
    }
    Integer[] order = new Integer[records.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing((Integer i) -> records.get(i).processedAt(),
        Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(i -> records.get(i).emailId()));
    int[] inOrder = run(h -> h.inTransaction(tx -> {
      PreparedBatch b = tx.prepareBatch(db.sql(sql));
      for (int i : order) {
        binder.bind(b, records.get(i)).add();
      }
      return b.execute();
    }));
    int[] counts = new int[order.length];
    for (int k = 0; k < order.length; k++) {
      counts[order[k]] = inOrder[k];
    }
    return counts;
  }

  @Override
  public boolean enqueue(EmailRecord record) {
    RecordCheck.check(record);
    return run(h -> binder.bind(h.createUpdate(db.sql(INSERT + " ON CONFLICT (email_id) DO NOTHING")), record)
        .execute()) == 1;
  }

  @Override
  public List<EmailRecord> claim(int max, Duration lease, int maxAttempts, Instant now) {
    if (max < 1) {
      return List.of();
    }
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(now, "now");
    String abandon = db.sql("UPDATE {s}.processed_emails SET status = 'failed', retryable = false, due_at = NULL,"
        + " last_error = :error WHERE status = 'processing' AND due_at <= :now AND attempts >= :max_attempts");
    run(h -> h.createUpdate(abandon).bind("error", ABANDONED).bind("now", Timestamps.arg(now))
        .bind("max_attempts", maxAttempts).execute());
    String sql = db.sql("WITH due AS ("
        + " SELECT id, due_at AS was_due FROM {s}.processed_emails"
        + " WHERE due_at <= :now AND (status = 'queued'"
        + "   OR (status IN ('processing', 'failed') AND (status = 'processing' OR retryable)"
        + "       AND attempts < :max_attempts))"
        + " ORDER BY due_at, email_id LIMIT :max FOR UPDATE SKIP LOCKED)"
        + " UPDATE {s}.processed_emails p SET " + LEASE_SET
        + " FROM due WHERE p.id = due.id"
        + " RETURNING due.was_due, " + EmailRecordMapper.columns("p."));
    List<Claimed> rows = run(h -> h.createQuery(sql)
        .bind("now", Timestamps.arg(now))
        .bind("max_attempts", maxAttempts)
        .bind("max", max)
        .bind("lease_until", Timestamps.arg(now.plus(lease)))
        .map(claimed)
        .list());
    return rows.stream()
        .sorted(Comparator.comparing(Claimed::wasDue).thenComparing(c -> c.record().emailId()))
        .map(Claimed::record)
        .toList();
  }

  /** A row of batch_holds with its job's id and submission time. */
  private record HoldRow(String batchId, Instant submittedAt, BatchHold.Item item) {}

  private static final RowMapper<HoldRow> HOLD_ROW = (rs, ctx) -> new HoldRow(rs.getString("batch_id"),
      Timestamps.get(rs, "submitted_at"), new BatchHold.Item(rs.getString("email_id"), rs.getLong("lease_version"),
      rs.getString("prompt_id"), rs.getInt("prompt_version")));

  @Override
  public BatchHold holdForBatch(BatchHold hold, Instant holdUntil) {
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(holdUntil, "holdUntil");
    for (BatchHold.Item item : hold.items()) {
      RecordCheck.text("emailId", item.emailId(), 255, true);
      RecordCheck.text("promptId", item.promptId(), 100, true);
    }
    // One transaction: extend each current lease, and record the item only where that update matched.
    String extend = db.sql("UPDATE {s}.processed_emails SET due_at = :until"
        + " WHERE email_id = :email_id AND status = 'processing' AND lease_version = :lease_version");
    String insert = db.sql("INSERT INTO {s}.batch_holds (batch_id, email_id, lease_version, prompt_id,"
        + " prompt_version, submitted_at) VALUES (:batch_id, :email_id, :lease_version, :prompt_id,"
        + " :prompt_version, coalesce((SELECT min(submitted_at) FROM {s}.batch_holds WHERE batch_id = :batch_id),"
        + " :submitted_at))"
        + " ON CONFLICT (batch_id, email_id) DO UPDATE SET lease_version = EXCLUDED.lease_version,"
        + " prompt_id = EXCLUDED.prompt_id, prompt_version = EXCLUDED.prompt_version");
    List<BatchHold.Item> held = run(h -> h.inTransaction(tx -> {
      List<BatchHold.Item> done = new ArrayList<>();
      for (BatchHold.Item item : hold.items()) {
        int extended = tx.createUpdate(extend).bind("until", Timestamps.arg(holdUntil))
            .bind("email_id", item.emailId())
            .bind("lease_version", item.leaseVersion()).execute();
        if (extended == 1) {
          tx.createUpdate(insert).bind("batch_id", hold.batchId()).bind("email_id", item.emailId())
              .bind("lease_version", item.leaseVersion()).bind("prompt_id", item.promptId())
              .bind("prompt_version", item.promptVersion())
              .bind("submitted_at", Timestamps.arg(hold.submittedAt())).execute();
          done.add(item);
        }
      }
      return done;
    }));
    Instant first = run(h -> h.createQuery(db.sql("SELECT min(submitted_at) AS first FROM {s}.batch_holds"
            + " WHERE batch_id = :batch_id"))
        .bind("batch_id", hold.batchId()).map((rs, ctx) -> Timestamps.get(rs, "first")).one());
    Instant submittedAt = first == null ? hold.submittedAt() : first;
    return new BatchHold(hold.batchId(), submittedAt, held);
  }

  @Override
  public List<BatchHold> heldBatches() {
    // every job held, oldest first, with only the items whose email is still processing under the held lease
    List<HoldRow> rows = run(h -> h.createQuery(db.sql("SELECT b.batch_id, b.submitted_at, b.email_id,"
            + " b.lease_version, b.prompt_id, b.prompt_version, (p.id IS NOT NULL) AS current"
            + " FROM {s}.batch_holds b LEFT JOIN {s}.processed_emails p ON p.email_id = b.email_id"
            + " AND p.status = 'processing' AND p.lease_version = b.lease_version"
            + " ORDER BY min(b.submitted_at) OVER (PARTITION BY b.batch_id), b.batch_id, b.email_id"))
        .map((rs, ctx) -> rs.getBoolean("current") ? HOLD_ROW.map(rs, ctx)
            : new HoldRow(rs.getString("batch_id"), Timestamps.get(rs, "submitted_at"), null))
        .list());
    Map<String, List<HoldRow>> byJob = new LinkedHashMap<>();
    rows.forEach(r -> byJob.computeIfAbsent(r.batchId(), id -> new ArrayList<>()).add(r));
    List<BatchHold> holds = new ArrayList<>();
    byJob.forEach((id, job) -> holds.add(new BatchHold(id,
        job.stream().map(HoldRow::submittedAt).min(Comparator.naturalOrder()).orElseThrow(),
        job.stream().map(HoldRow::item).filter(Objects::nonNull).toList())));
    return holds;
  }

  @Override
  public void releaseBatch(String batchId) {
    Objects.requireNonNull(batchId, "batchId");
    run(h -> h.createUpdate(db.sql("DELETE FROM {s}.batch_holds WHERE batch_id = :batch_id"))
        .bind("batch_id", batchId).execute());
  }

  @Override
  public Optional<EmailRecord> findByFingerprint(String fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    return run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.processed_emails"
            + " WHERE status = 'processed' AND fingerprint = :fp ORDER BY processed_at DESC LIMIT 1"))
        .bind("fp", fingerprint)
        .map(records)
        .findOne());
  }

  @Override
  public Page<EmailRecord> list(EmailQuery query) {
    Cursor after = query.cursor() == null ? null : Cursor.decode(query.cursor());
    StringBuilder where = new StringBuilder(" WHERE true");
    Map<String, Object> args = new LinkedHashMap<>();
    if (query.action() != null) {
      where.append(" AND decision = :action");
      args.put("action", query.action().wireName());
    }
    if (query.emailType() != null) {
      where.append(" AND email_type = :email_type");
      args.put("email_type", query.emailType().wireName());
    }
    if (query.source() != null) {
      where.append(" AND source = :source");
      args.put("source", query.source().wireName());
    }
    if (query.needsReview() != null) {
      where.append(" AND decision IS NOT NULL AND needs_review = :needs_review");
      args.put("needs_review", query.needsReview());
    }
    if (query.from() != null) {
      where.append(" AND strpos(lower(from_address), :from_text) > 0");
      args.put("from_text", query.from().toLowerCase(Locale.ROOT));
    }
    if (query.startDate() != null) {
      where.append(" AND received_at >= :start_at");
      args.put("start_at", Timestamps.arg(query.startDate().atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
    if (query.endDate() != null) {
      where.append(" AND received_at < :end_at");
      args.put("end_at", Timestamps.arg(query.endDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
    if (after != null) {
      where.append(" AND (received_at, email_id) < (:after_at, :after_id)");
      args.put("after_at", Timestamps.arg(after.receivedAt()));
      args.put("after_id", after.emailId());
    }
    String sql = db.sql("SELECT " + COLUMNS + " FROM {s}.processed_emails" + where
        + " ORDER BY received_at DESC, email_id DESC LIMIT :limit");
    // bindMap binds each value by its type (an Argument, such as a timestamp, as it is)
    List<EmailRecord> rows = run(h -> h.createQuery(sql).bind("limit", query.limit() + 1).bindMap(args)
        .map(records).list());
    if (rows.size() <= query.limit()) {
      return new Page<>(rows, null);
    }
    EmailRecord last = rows.get(query.limit() - 1);
    return new Page<>(rows.subList(0, query.limit()),
        new Cursor(last.email().receivedAt(), last.emailId()).encode());
  }

  @Override
  public List<EmailRecord> findBySource(DecisionSource source, int limit) {
    Objects.requireNonNull(source, "source");
    if (limit < 1) {
      return List.of();
    }
    return run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.processed_emails WHERE source = :source"
            + " ORDER BY received_at DESC, email_id DESC LIMIT :limit"))
        .bind("source", source.wireName())
        .bind("limit", limit)
        .map(records)
        .list());
  }

  /**
   * {@inheritDoc} Reads the partial indexes of migration V8 over corrected rows only (by fingerprint; by the sender
   * domain of {@code from_address}, computed by {@code emailtriage_sender_domain}), so the cost follows the number of
   * corrections of that domain, not the table's size.
   */
  @Override
  public List<EmailRecord> findCorrections(String fingerprint, String address, String domain,
      String excludeEmailId, int limit) {
    DecisionStore.checkCorrectionsLimit(limit);
    // an address implies its domain: the domain index serves an address-only look-up too
    String senderDomain = domain != null ? domain
        : address == null || address.lastIndexOf('@') < 0 ? null : address.substring(address.lastIndexOf('@') + 1);
    if (fingerprint == null && senderDomain == null) {
      return List.of();
    }
    return run(h -> h.createQuery(db.sql(CORRECTIONS))
        .bind("exclude", excludeEmailId)
        .bind("fp", fingerprint)
        .bind("domain", senderDomain)
        .bind("whole_domain", domain != null)
        .bind("address", address)
        .bind("limit", limit)
        .map(records)
        .list());
  }

  @Override
  public boolean recordFeedback(String emailId, Feedback feedback) {
    Objects.requireNonNull(feedback, "feedback");
    RecordCheck.text("feedback.comment", feedback.comment(), Integer.MAX_VALUE, false);
    return run(h -> h.createUpdate(db.sql("UPDATE {s}.processed_emails SET has_feedback = true,"
            + " feedback_decision = :fd, feedback_type = :ft, feedback_comment = :fc, feedback_at = :fa"
            + " WHERE email_id = :id"))
        .bind("fd", feedback.correctDecision() == null ? null : feedback.correctDecision().wireName())
        .bind("ft", feedback.correctType() == null ? null : feedback.correctType().wireName())
        .bind("fc", feedback.comment())
        .bind("fa", Timestamps.arg(feedback.createdAt()))
        .bind("id", emailId)
        .execute()) == 1;
  }

  @Override
  public boolean markResponseSent(String emailId) {
    return run(h -> h.createUpdate(db.sql("UPDATE {s}.processed_emails SET response_sent = true"
            + " WHERE email_id = :id"))
        .bind("id", emailId)
        .execute()) == 1;
  }

  @Override
  public long queueDepth() {
    return run(h -> h.createQuery(db.sql("SELECT count(*) FROM {s}.processed_emails"
            + " WHERE status = 'queued' OR (status = 'failed' AND retryable)"))
        .mapTo(Long.class)
        .one());
  }

  @Override
  public AnalyticsSummary summarize(LocalDate start, LocalDate end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    // answered from the daily rows the analytics trigger keeps current (UTC days), never from processed_emails
    String days = " WHERE date >= CAST(:start AS date) AND date <= CAST(:end AS date)";
    return run(h -> h.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, tx -> {
      SummaryTotals totals = tx.createQuery(db.sql("SELECT total, responded,"
              + " coalesce(round(responded::numeric / nullif(total, 0), 3), 0) AS rate,"
              + " coalesce(round(seconds / nullif(total, 0), 3), 0) AS avg_time,"
              + " coalesce(round(conf / nullif(total, 0), 2), 0) AS avg_confidence"
              + " FROM (SELECT coalesce(sum(total_processed), 0)::bigint AS total,"
              + " coalesce(sum(total_responded), 0)::bigint AS responded,"
              + " coalesce(sum(sum_processing_time), 0) AS seconds, coalesce(sum(sum_confidence), 0) AS conf"
              + " FROM {s}.email_analytics" + days + ") t"))
          .bind("start", start.toString()).bind("end", end.toString())
          .map(SUMMARY_TOTALS)
          .one();
      Map<String, List<ReasonCount>> topReasons = new LinkedHashMap<>();
      for (Action action : Action.values()) {
        topReasons.put(action.wireName(), new ArrayList<>());
      }
      // per decision a top-N sort of the period's reason counts (cheaper than ranking every reason)
      tx.createQuery(db.sql("SELECT d.decision, t.reason, t.n FROM (VALUES ('respond'), ('ignore')) d (decision)"
              + " CROSS JOIN LATERAL (SELECT reason, sum(count) AS n FROM {s}.email_analytics_reasons"
              + days + " AND decision = d.decision GROUP BY reason HAVING sum(count) > 0"
              + " ORDER BY n DESC, reason COLLATE \"C\" LIMIT :top) t"
              + " ORDER BY d.decision, t.n DESC, t.reason COLLATE \"C\""))
          .bind("start", start.toString()).bind("end", end.toString()).bind("top", AnalyticsSummary.TOP_REASONS)
          .map((rs, ctx) -> {
            topReasons.get(rs.getString("decision")).add(new ReasonCount(rs.getString("reason"), rs.getLong("n")));
            return 0;
          })
          .list();
      Map<String, Long> bySource = new TreeMap<>();
      for (DecisionSource source : DecisionSource.values()) {
        bySource.put(source.wireName(), 0L);
      }
      tx.createQuery(db.sql("SELECT source, sum(count) AS n FROM {s}.email_analytics_sources" + days
              + " GROUP BY source"))
          .bind("start", start.toString()).bind("end", end.toString())
          .map((rs, ctx) -> bySource.put(rs.getString("source"), rs.getLong("n")))
          .list();
      List<PromptVersionCount> byPrompt = new ArrayList<>(tx.createQuery(db.sql(
              "SELECT prompt_id, prompt_version, sum(total_processed) AS n, sum(total_responded) AS responded"
              + " FROM {s}.email_analytics_prompts" + days + " GROUP BY prompt_id, prompt_version"
              + " HAVING sum(total_processed) > 0"))
          .bind("start", start.toString()).bind("end", end.toString())
          .map((rs, ctx) -> new PromptVersionCount(rs.getString("prompt_id"), rs.getInt("prompt_version"),
              rs.getLong("n"), rs.getLong("responded")))
          .list());
      // the same order as the in-memory store: by "id\nversion" as text
      byPrompt.sort(Comparator.comparing(p -> p.promptId() + "\n" + p.promptVersion()));
      return new AnalyticsSummary(new Period(start, end),
          new Totals(totals.total(), totals.responded(), totals.total() - totals.responded(), totals.rate()),
          new AverageMetrics(totals.avgTime(), totals.avgConfidence()),
          topReasons, bySource, byPrompt);
    }));
  }

  /** One query over the daily rows the analytics trigger keeps, days without a row given as zeros. */
  @Override
  public List<DailyCount> dailySeries(LocalDate start, LocalDate end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    return run(h -> h.createQuery(db.sql("SELECT d.day, coalesce(a.total_processed, 0) AS processed,"
            + " coalesce(a.total_responded, 0) AS responded, coalesce(a.total_ignored, 0) AS ignored"
            + " FROM generate_series(CAST(:start AS date), CAST(:end AS date), interval '1 day') AS g (at)"
            + " CROSS JOIN LATERAL (SELECT CAST(g.at AS date) AS day) d"
            + " LEFT JOIN {s}.email_analytics a ON a.date = d.day ORDER BY d.day"))
        .bind("start", start.toString()).bind("end", end.toString())
        .map(DAILY_COUNT)
        .list());
  }

  /** The quality report in one statement over the period's processed emails (see {@link QualityReport}). */
  @Override
  public QualityReport quality(LocalDate start, LocalDate end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    return run(h -> PostgresQuality.report(h, db, start, end));
  }

  /**
   * Erases the body, the raw headers and the drafted reply's text of every settled email (processed, or failed for
   * good) received before {@code cutoff}; decisions, analytics and the rest of the record stay. For data-protection
   * retention (LGPD): run it on a schedule.
   *
   * @return how many emails were erased
   */
  public int eraseBodiesReceivedBefore(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    return run(h -> h.createUpdate(db.sql("UPDATE {s}.processed_emails SET body = '', headers = '{}'::jsonb,"
            + " suggested_body = CASE WHEN suggested_body IS NULL THEN NULL ELSE '' END, body_erased_at = :now"
            + " WHERE received_at < :cutoff"
            + " AND (body <> '' OR headers <> '{}'::jsonb OR coalesce(suggested_body, '') <> '')"
            + " AND (status = 'processed' OR (status = 'failed' AND NOT retryable))"))
        .bind("cutoff", Timestamps.arg(cutoff))
        .bind("now", Timestamps.arg(Timestamps.now(clock)))
        .execute());
  }

  /**
   * Erases the bodies of settled emails received more than {@code days} days ago (see
   * {@link #eraseBodiesReceivedBefore(Instant)}).
   *
   * @return how many emails were erased
   */
  public int eraseBodiesOlderThan(int days) {
    if (days < 0) {
      throw new IllegalArgumentException("days must not be negative, was " + days);
    }
    return eraseBodiesReceivedBefore(clock.instant().minus(Duration.ofDays(days)));
  }

  /** Closes the {@link SupabaseStore} this store came from (and its pool, when the store created it). */
  @Override
  public void close() {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the store failed", e);
    }
  }

  private <T> T run(HandleCallback<T, RuntimeException> callback) {
    return db.run(callback);
  }
}
