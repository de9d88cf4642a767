package dev.emailtriage.supabase;

import dev.emailtriage.Action;
import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.AnalyticsSummary.AverageMetrics;
import dev.emailtriage.AnalyticsSummary.Period;
import dev.emailtriage.AnalyticsSummary.PromptVersionCount;
import dev.emailtriage.AnalyticsSummary.ReasonCount;
import dev.emailtriage.AnalyticsSummary.Totals;
import dev.emailtriage.DailyCount;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailQuery;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.Page;
import dev.emailtriage.QualityReport;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Tone;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Cursor;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.supabase.internal.Db;
import dev.emailtriage.supabase.internal.Json;
import dev.emailtriage.supabase.internal.RecordCheck;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;
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

  private static final String COLUMNS = "email_id, from_address, to_address, subject, body, thread_id, received_at,"
      + " attachments::text AS attachments_json, metadata::text AS metadata_json, headers::text AS headers_json,"
      + " status, job_id, attempts, last_error, retryable, due_at, decision, confidence, email_type, urgency, reason,"
      + " suggested_subject, suggested_body, suggested_tone, source, needs_review, rule, prompt_id, prompt_version,"
      + " model_version, prompt_tokens, candidates_tokens, thoughts_tokens, total_tokens, finish_reason,"
      + " body_truncated, fingerprint, processing_time_seconds, processed_at, response_sent, has_feedback,"
      + " feedback_decision, feedback_type, feedback_comment, feedback_at, updated_at, lease_version";

  private static final String[] WRITTEN = {
    "from_address", "to_address", "subject", "body", "thread_id", "received_at", "attachments", "metadata",
    "headers", "status", "job_id", "attempts", "last_error", "retryable", "due_at", "decision", "confidence",
    "email_type", "urgency", "reason", "suggested_subject", "suggested_body", "suggested_tone", "source",
    "needs_review", "rule", "prompt_id", "prompt_version", "model_version", "prompt_tokens", "candidates_tokens",
    "thoughts_tokens", "total_tokens", "finish_reason", "body_truncated", "fingerprint", "processing_time_seconds",
    "processed_at", "response_sent", "has_feedback", "feedback_decision", "feedback_type", "feedback_comment",
    "feedback_at"
  };

  /** What taking a lease does to a row (as the queue's claim and {@link #tryLease} do it); binds :lease_until. */
  private static final String LEASE_SET = "status = 'processing', attempts = p.attempts + 1,"
      + " lease_version = p.lease_version + 1, retryable = false, due_at = :lease_until, processed_at = NULL,"
      + " decision = NULL, confidence = NULL, email_type = NULL, urgency = NULL, reason = NULL,"
      + " suggested_subject = NULL, suggested_body = NULL, suggested_tone = NULL, source = NULL,"
      + " needs_review = false, rule = NULL, prompt_id = NULL, prompt_version = 0, model_version = NULL,"
      + " prompt_tokens = NULL, candidates_tokens = NULL, thoughts_tokens = NULL, total_tokens = NULL,"
      + " finish_reason = NULL, body_truncated = false";

  private static final String INSERT;
  private static final String UPSERT;
  private static final String LEASE;
  private static final String COMPLETE;

  static {
    StringBuilder cols = new StringBuilder("email_id");
    StringBuilder vals = new StringBuilder(":email_id");
    StringBuilder sets = new StringBuilder();
    StringBuilder updates = new StringBuilder();
    for (String c : WRITTEN) {
      cols.append(", ").append(c);
      boolean json = c.equals("attachments") || c.equals("metadata") || c.equals("headers");
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
        + " RETURNING " + prefixed("p.");
    COMPLETE = "UPDATE {s}.processed_emails SET " + updates
        + " WHERE email_id = :email_id AND status = 'processing' AND lease_version = :lease_version";
  }

  private final Db db;
  private final AutoCloseable owner;

  PostgresDecisionStore(Db db, AutoCloseable owner) {
    this.db = db;
    this.owner = owner;
  }

  @Override
  public Optional<EmailRecord> find(String emailId) {
    Objects.requireNonNull(emailId, "emailId");
    return run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.processed_emails WHERE email_id = :id"))
        .bind("id", emailId)
        .map((rs, ctx) -> read(rs))
        .findOne());
  }

  @Override
  public void save(EmailRecord record) {
    RecordCheck.check(record);
    run(h -> bindRecord(h.createUpdate(db.sql(UPSERT)), record).execute());
  }

  @Override
  public Optional<EmailRecord> tryLease(EmailRecord candidate, Duration lease, Instant now, boolean reprocess) {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(now, "now");
    EmailRecord inserted = candidate.claimed(now.plus(lease), now);
    RecordCheck.check(inserted);
    return run(h -> bindRecord(h.createQuery(db.sql(LEASE)), inserted)
        .bind("now", Db.ts(now))
        .bind("reprocess", reprocess)
        .bind("lease_until", Db.ts(now.plus(lease)))
        .map((rs, ctx) -> read(rs))
        .findOne());
  }

  @Override
  public boolean complete(EmailRecord outcome) {
    RecordCheck.check(outcome);
    return run(h -> bindRecord(h.createUpdate(db.sql(COMPLETE)), outcome).execute()) == 1;
  }

  @Override
  public boolean enqueue(EmailRecord record) {
    RecordCheck.check(record);
    return run(h -> bindRecord(h.createUpdate(db.sql(INSERT + " ON CONFLICT (email_id) DO NOTHING")), record)
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
    run(h -> h.createUpdate(abandon).bind("error", ABANDONED).bind("now", Db.ts(now))
        .bind("max_attempts", maxAttempts).execute());
    String sql = db.sql("WITH due AS ("
        + " SELECT id, due_at AS was_due FROM {s}.processed_emails"
        + " WHERE due_at <= :now AND (status = 'queued'"
        + "   OR (status IN ('processing', 'failed') AND (status = 'processing' OR retryable)"
        + "       AND attempts < :max_attempts))"
        + " ORDER BY due_at, email_id LIMIT :max FOR UPDATE SKIP LOCKED)"
        + " UPDATE {s}.processed_emails p SET " + LEASE_SET
        + " FROM due WHERE p.id = due.id"
        + " RETURNING due.was_due, " + prefixed("p."));
    List<Object[]> rows = run(h -> h.createQuery(sql)
        .bind("now", Db.ts(now))
        .bind("max_attempts", maxAttempts)
        .bind("max", max)
        .bind("lease_until", Db.ts(now.plus(lease)))
        .map((rs, ctx) -> new Object[] {Db.instant(rs, "was_due"), read(rs)})
        .list());
    return rows.stream()
        .sorted(Comparator.comparing((Object[] r) -> (Instant) r[0])
            .thenComparing(r -> ((EmailRecord) r[1]).emailId()))
        .map(r -> (EmailRecord) r[1])
        .toList();
  }

  private static String prefixed(String alias) {
    StringBuilder out = new StringBuilder();
    for (String part : COLUMNS.split(",")) {
      out.append(out.length() == 0 ? "" : ", ").append(alias).append(part.trim());
    }
    return out.toString();
  }

  @Override
  public Optional<EmailRecord> findByFingerprint(String fingerprint) {
    Objects.requireNonNull(fingerprint, "fingerprint");
    return run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.processed_emails"
            + " WHERE status = 'processed' AND fingerprint = :fp ORDER BY processed_at DESC LIMIT 1"))
        .bind("fp", fingerprint)
        .map((rs, ctx) -> read(rs))
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
      args.put("start_at", Db.ts(query.startDate().atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
    if (query.endDate() != null) {
      where.append(" AND received_at < :end_at");
      args.put("end_at", Db.ts(query.endDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
    if (after != null) {
      where.append(" AND (received_at, email_id) < (:after_at, :after_id)");
      args.put("after_at", Db.ts(after.receivedAt()));
      args.put("after_id", after.emailId());
    }
    String sql = db.sql("SELECT " + COLUMNS + " FROM {s}.processed_emails" + where
        + " ORDER BY received_at DESC, email_id DESC LIMIT :limit");
    List<EmailRecord> rows = run(h -> {
      var q = h.createQuery(sql).bind("limit", query.limit() + 1);
      args.forEach((k, v) -> bindAny(q, k, v));
      return q.map((rs, ctx) -> read(rs)).list();
    });
    if (rows.size() <= query.limit()) {
      return new Page<>(rows, null);
    }
    EmailRecord last = rows.get(query.limit() - 1);
    return new Page<>(rows.subList(0, query.limit()),
        new Cursor(last.email().receivedAt(), last.emailId()).encode());
  }

  private static void bindAny(SqlStatement<?> q, String name, Object value) {
    if (value instanceof org.jdbi.v3.core.argument.Argument a) {
      q.bind(name, a);
    } else if (value instanceof Boolean b) {
      q.bind(name, b);
    } else {
      q.bind(name, (String) value);
    }
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
        .map((rs, ctx) -> read(rs))
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
    String corrected = "status = 'processed' AND has_feedback"
        + " AND ((feedback_decision IS NOT NULL AND feedback_decision <> decision)"
        + " OR (feedback_type IS NOT NULL AND feedback_type <> email_type))";
    return run(h -> h.createQuery(db.sql("SELECT " + COLUMNS + " FROM {s}.processed_emails WHERE " + corrected
            + " AND email_id IS DISTINCT FROM :exclude AND ((fingerprint IS NOT NULL AND fingerprint = :fp)"
            + " OR ({s}.emailtriage_sender_domain(from_address) = :domain"
            + " AND (:whole_domain OR {s}.emailtriage_sender_address(from_address) = :address)))"
            + " ORDER BY coalesce(fingerprint = :fp, false) DESC,"
            + " coalesce({s}.emailtriage_sender_address(from_address) = :address, false) DESC,"
            + " feedback_at DESC NULLS LAST, email_id LIMIT :limit"))
        .bind("exclude", excludeEmailId)
        .bind("fp", fingerprint)
        .bind("domain", senderDomain)
        .bind("whole_domain", domain != null)
        .bind("address", address)
        .bind("limit", limit)
        .map((rs, ctx) -> read(rs))
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
        .bind("fa", Db.ts(feedback.createdAt()))
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
      Object[] totals = tx.createQuery(db.sql("SELECT total, responded,"
              + " coalesce(round(responded::numeric / nullif(total, 0), 3), 0) AS rate,"
              + " coalesce(round(seconds / nullif(total, 0), 3), 0) AS avg_time,"
              + " coalesce(round(conf / nullif(total, 0), 2), 0) AS avg_confidence"
              + " FROM (SELECT coalesce(sum(total_processed), 0)::bigint AS total,"
              + " coalesce(sum(total_responded), 0)::bigint AS responded,"
              + " coalesce(sum(sum_processing_time), 0) AS seconds, coalesce(sum(sum_confidence), 0) AS conf"
              + " FROM {s}.email_analytics" + days + ") t"))
          .bind("start", start.toString()).bind("end", end.toString())
          .map((rs, ctx) -> new Object[] {rs.getLong("total"), rs.getLong("responded"),
              rs.getBigDecimal("rate").doubleValue(), rs.getBigDecimal("avg_time").doubleValue(),
              rs.getBigDecimal("avg_confidence").doubleValue()})
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
      long total = (Long) totals[0];
      long responded = (Long) totals[1];
      return new AnalyticsSummary(new Period(start, end),
          new Totals(total, responded, total - responded, (Double) totals[2]),
          new AverageMetrics((Double) totals[3], (Double) totals[4]),
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
        .map((rs, ctx) -> new DailyCount(rs.getObject("day", LocalDate.class), rs.getLong("processed"),
            rs.getLong("responded"), rs.getLong("ignored")))
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
        .bind("cutoff", Db.ts(cutoff))
        .bind("now", Db.ts(db.now()))
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
    return eraseBodiesReceivedBefore(db.clock().instant().minus(Duration.ofDays(days)));
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

  // ---------------------------------------------------------------- mapping

  private <T> T run(org.jdbi.v3.core.HandleCallback<T, RuntimeException> callback) {
    try {
      return db.jdbi().withHandle(callback);
    } catch (JdbiException e) {
      throw Db.translate(e);
    }
  }

  private <S extends SqlStatement<S>> S bindRecord(S s, EmailRecord r) {
    Email e = r.email();
    Decision d = r.decision();
    SuggestedResponse sr = d == null ? null : d.suggestedResponse();
    TokenUsage t = d == null ? null : d.tokenUsage();
    Feedback f = r.feedback();
    return s.bind("email_id", e.emailId())
        .bind("from_address", e.from())
        .bind("to_address", e.to())
        .bind("subject", e.subject())
        .bind("body", db.seal(e.body(), e.emailId(), "body"))
        .bind("thread_id", e.threadId())
        .bind("received_at", Db.ts(e.receivedAt()))
        .bind("attachments", Json.write(e.attachments()))
        .bind("metadata", Json.write(e.metadata()))
        .bind("headers", Json.write(e.headers()))
        .bind("status", r.status().wireName())
        .bind("job_id", r.jobId())
        .bind("attempts", r.attempts())
        .bind("last_error", r.lastError())
        .bind("retryable", r.retryable())
        .bind("due_at", Db.ts(r.dueAt()))
        .bind("decision", d == null ? null : d.action().wireName())
        .bind("confidence", d == null ? null : BigDecimal.valueOf(d.confidence()).setScale(2, RoundingMode.HALF_UP))
        .bind("email_type", d == null ? null : d.emailType().wireName())
        .bind("urgency", d == null ? null : d.urgency().wireName())
        .bind("reason", d == null ? null : d.reason())
        .bind("suggested_subject", sr == null ? null : sr.subject())
        .bind("suggested_body", sr == null ? null : db.seal(sr.body(), e.emailId(), "suggested_body"))
        .bind("suggested_tone", sr == null ? null : sr.tone().wireName())
        .bind("source", d == null ? null : d.source().wireName())
        .bind("needs_review", d != null && d.needsReview())
        .bind("rule", d == null ? null : d.rule())
        .bind("prompt_id", d == null ? null : d.promptId())
        .bind("prompt_version", d == null ? 0 : d.promptVersion())
        .bind("model_version", d == null ? null : d.modelVersion())
        .bind("prompt_tokens", t == null ? null : t.prompt())
        .bind("candidates_tokens", t == null ? null : t.candidates())
        .bind("thoughts_tokens", t == null ? null : t.thoughts())
        .bind("total_tokens", t == null ? null : t.total())
        .bind("finish_reason", d == null ? null : d.finishReason())
        .bind("body_truncated", d != null && d.bodyTruncated())
        .bind("fingerprint", r.fingerprint())
        .bind("processing_time_seconds", BigDecimal.valueOf(r.processingTime()).setScale(3, RoundingMode.HALF_UP))
        .bind("processed_at", Db.ts(r.processedAt()))
        .bind("response_sent", r.responseSent())
        .bind("has_feedback", f != null)
        .bind("feedback_decision", f == null || f.correctDecision() == null ? null : f.correctDecision().wireName())
        .bind("feedback_type", f == null || f.correctType() == null ? null : f.correctType().wireName())
        .bind("feedback_comment", f == null ? null : f.comment())
        .bind("feedback_at", Db.ts(f == null ? null : f.createdAt()))
        .bind("lease_version", r.leaseVersion());
  }

  private EmailRecord read(ResultSet rs) throws SQLException {
    String emailId = rs.getString("email_id");
    Email email = new Email(emailId, rs.getString("from_address"), rs.getString("to_address"),
        rs.getString("subject"), db.open(rs.getString("body"), emailId, "body"), rs.getString("thread_id"),
        Db.instant(rs, "received_at"), Json.strings(rs.getString("attachments_json")),
        Json.metadata(rs.getString("metadata_json")), Json.headers(rs.getString("headers_json")));
    Decision decision = null;
    String action = rs.getString("decision");
    if (action != null) {
      String tone = rs.getString("suggested_tone");
      SuggestedResponse suggestion = tone == null ? null : new SuggestedResponse(rs.getString("suggested_subject"),
          db.open(rs.getString("suggested_body"), emailId, "suggested_body"), Tone.fromWire(tone));
      TokenUsage tokens = null;
      int total = rs.getInt("total_tokens");
      if (!rs.wasNull()) {
        tokens = new TokenUsage(rs.getInt("prompt_tokens"), rs.getInt("candidates_tokens"),
            rs.getInt("thoughts_tokens"), total);
      }
      decision = new Decision(Action.fromWire(action), rs.getBigDecimal("confidence").doubleValue(),
          EmailType.fromWire(rs.getString("email_type")), Urgency.fromWire(rs.getString("urgency")),
          rs.getString("reason"), suggestion, DecisionSource.fromWire(rs.getString("source")),
          rs.getBoolean("needs_review"), rs.getString("rule"), rs.getString("prompt_id"),
          rs.getInt("prompt_version"), rs.getString("model_version"), tokens, rs.getString("finish_reason"),
          rs.getBoolean("body_truncated"));
    }
    Feedback feedback = null;
    if (rs.getBoolean("has_feedback")) {
      String fd = rs.getString("feedback_decision");
      String ft = rs.getString("feedback_type");
      feedback = new Feedback(fd == null ? null : Action.fromWire(fd), ft == null ? null : EmailType.fromWire(ft),
          rs.getString("feedback_comment"), Db.instant(rs, "feedback_at"));
    }
    return new EmailRecord(email, TriageStatus.fromWire(rs.getString("status")), decision,
        rs.getString("fingerprint"), rs.getString("job_id"), rs.getInt("attempts"), rs.getString("last_error"),
        rs.getBoolean("retryable"), Db.instant(rs, "due_at"), rs.getBigDecimal("processing_time_seconds")
        .doubleValue(), Db.instant(rs, "processed_at"), rs.getBoolean("response_sent"), feedback,
        Db.instant(rs, "updated_at"), rs.getLong("lease_version"));
  }
}
