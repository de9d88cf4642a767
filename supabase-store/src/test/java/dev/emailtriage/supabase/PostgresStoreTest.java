package dev.emailtriage.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.Action;
import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.Urgency;
import dev.emailtriage.test.DecisionStoreContract;
import dev.emailtriage.test.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What only a database store has: migrations, triggers, constraints, two processes, encryption, retention. */
class PostgresStoreTest {

  /** Every decision source, so that the mixes below cover each of them whatever their number. */
  private static final DecisionSource[] SOURCES = DecisionSource.values();

  private static final Instant T0 = Instant.parse("2025-01-15T10:30:00Z");
  private static final byte[] KEY = Base64.getDecoder().decode("q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=");

  private static Email email(String id, Instant receivedAt) {
    return Email.builder().emailId(id).from("cliente@example.com").to("support@biofraga.com")
        .subject("Assunto " + id).body("Corpo secreto de " + id).receivedAt(receivedAt).build();
  }

  private static Decision respond(double confidence) {
    return Decision.builder().action(Action.RESPOND).confidence(confidence).emailType(EmailType.QUESTION)
        .urgency(Urgency.HIGH).reason("pergunta").source(DecisionSource.MODEL)
        .suggestedResponse(new SuggestedResponse("Re: x", "Resposta rascunho", Tone.FORMAL))
        .prompt("prompt_default", 1).modelVersion("gemini-2.5-flash").build();
  }

  private static EmailRecord processed(String id, Instant receivedAt, Decision decision, Instant processedAt) {
    return EmailRecord.queued(email(id, receivedAt), null, receivedAt).processed(decision, null, 1.5, processedAt);
  }

  private static List<Map<String, Object>> rows(SupabaseStore store, String sql) {
    return store.jdbi().withHandle(h -> h.createQuery(sql.replace("{s}.", store.schema() + ".")).mapToMap().list());
  }

  // ---------------------------------------------------------------- migrations

  @Test
  void migrationsRunOnAnEmptyDatabaseAndAgainWithoutChange() {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      List<Map<String, Object>> before = rows(store, "SELECT version, success FROM {s}.emailtriage_schema_history"
          + " WHERE version IS NOT NULL");
      assertThat(before).isNotEmpty().allSatisfy(r -> assertThat(r.get("success")).isEqualTo(true));
      // again through the static entry point, and through a second store on the same schema
      store.jdbi().useHandle(h -> { });
      try (SupabaseStore again = SupabaseStore.builder().jdbcUrl(TestPostgres.url()).username(TestPostgres.user())
          .password(TestPostgres.password()).schema(store.schema()).build()) {
        assertThat(again.promptRepository().list()).hasSize(1);
      }
      assertThat(rows(store, "SELECT version, success FROM {s}.emailtriage_schema_history"
          + " WHERE version IS NOT NULL")).isEqualTo(before);
      List<Map<String, Object>> tables = rows(store, "SELECT table_name FROM information_schema.tables"
          .replace("{s}.", "") + " WHERE table_schema = '" + store.schema() + "' ORDER BY table_name");
      assertThat(tables).extracting(r -> r.get("table_name")).containsExactly("ai_prompt_challenger",
          "ai_prompt_versions", "ai_prompts", "batch_holds", "email_analytics", "email_analytics_prompts",
          "email_analytics_reasons", "email_analytics_sources", "emailtriage_schema_history", "learned_senders",
          "mailbox_actions", "mailbox_checkpoints", "processed_emails");
      // the default prompt is seeded, active, once
      assertThat(store.promptRepository().active().name()).isEqualTo("default");
    }
  }

  @Test
  void version2BackfillsTheDailySourceAndPromptCountsOfEmailsProcessedBefore() {
    String schema = TestPostgres.freshSchema();
    migrateAsReleased(schema, "1");
    TestPostgres.execute("INSERT INTO " + schema + ".processed_emails (email_id, from_address, to_address, subject,"
        + " body, received_at, status, decision, confidence, email_type, urgency, reason, source, prompt_id,"
        + " prompt_version, processing_time_seconds, processed_at, due_at)"
        + " SELECT 'bf-' || i, 'a@x.com', 'b@x.com', 's', 'b', timestamptz '2025-02-01 00:00Z' + i * interval '3 hours',"
        + " CASE WHEN i % 9 = 0 THEN 'queued' ELSE 'processed' END,"
        + " CASE WHEN i % 9 = 0 THEN NULL WHEN i % 3 = 0 THEN 'ignore' ELSE 'respond' END,"
        + " CASE WHEN i % 9 = 0 THEN NULL ELSE 0.5 END, CASE WHEN i % 9 = 0 THEN NULL ELSE 'question' END,"
        + " CASE WHEN i % 9 = 0 THEN NULL ELSE 'low' END, CASE WHEN i % 9 = 0 THEN NULL ELSE 'r' || (i % 4) END,"
        + " CASE WHEN i % 9 = 0 THEN NULL ELSE (ARRAY['rule','cache','model','fallback'])[1 + i % 4] END,"
        + " CASE WHEN i % 9 = 0 OR i % 5 = 0 THEN NULL ELSE 'p' || (i % 2) END, i % 3, 1.0,"
        + " CASE WHEN i % 9 = 0 THEN NULL ELSE timestamptz '2025-02-01 00:00Z' + i * interval '3 hours' END,"
        + " CASE WHEN i % 9 = 0 THEN now() END"
        + " FROM generate_series(1, 100) i");
    try (SupabaseStore store = SupabaseStore.builder().jdbcUrl(TestPostgres.url()).username(TestPostgres.user())
        .password(TestPostgres.password()).schema(schema).build()) {
      String sources = "SELECT date::text AS day, source, count FROM {s}.email_analytics_sources"
          + " ORDER BY date, source";
      String prompts = "SELECT date::text AS day, prompt_id, prompt_version, total_processed, total_responded"
          + " FROM {s}.email_analytics_prompts ORDER BY date, prompt_id, prompt_version";
      List<Map<String, Object>> backfilled = rows(store, sources);
      List<Map<String, Object>> backfilledPrompts = rows(store, prompts);
      assertThat(backfilled).isNotEmpty();
      assertThat(backfilledPrompts).isNotEmpty();
      for (Map<String, Object> row : rows(store, "SELECT date::text AS day FROM {s}.email_analytics")) {
        store.jdbi().useHandle(h -> h.execute("SELECT " + store.schema()
            + ".emailtriage_refresh_analytics_day(CAST(? AS date))", row.get("day")));
      }
      assertThat(rows(store, sources)).isEqualTo(backfilled);
      assertThat(rows(store, prompts)).isEqualTo(backfilledPrompts);
      AnalyticsSummary s = store.decisionStore().summarize(LocalDate.parse("2025-02-01"),
          LocalDate.parse("2025-02-28"));
      assertThat(s.bySource().values().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(s.totals().emailsProcessed()).isEqualTo(89);
    }
  }

  /**
   * Migrates {@code schema} as a store released at {@code version} did: the versioned migrations up to it, without
   * the repeatable {@code R__analytics.sql} that came with version 9 (Flyway applies repeatables whatever the target).
   */
  private static void migrateAsReleased(String schema, String version) {
    org.flywaydb.core.Flyway.configure().dataSource(TestPostgres.url(), TestPostgres.user(), TestPostgres.password())
        .schemas(schema).defaultSchema(schema).createSchemas(true).table(SupabaseStore.HISTORY_TABLE)
        .locations(SupabaseStore.MIGRATIONS).repeatableSqlMigrationPrefix("no-repeatables-before-v9")
        .target(version).load().migrate();
  }

  @Test
  void aDatabaseOfVersion6MigratesToCountsOnlyAnalyticsKeptByTheRepeatableTrigger() {
    String schema = TestPostgres.freshSchema();
    migrateAsReleased(schema, "6");
    // emails processed under the old trigger (which also kept per-day averages and top-five lists)
    TestPostgres.execute("INSERT INTO " + schema + ".processed_emails (email_id, from_address, to_address, subject,"
        + " body, received_at, status, decision, confidence, email_type, urgency, reason, source, prompt_id,"
        + " prompt_version, processing_time_seconds, processed_at)"
        + " SELECT 'old-' || i, 'a@x.com', 'b@x.com', 's', 'b', timestamptz '2025-04-01 00:00Z' + i * interval '5 hours',"
        + " 'processed', CASE WHEN i % 3 = 0 THEN 'ignore' ELSE 'respond' END, 0.25 + (i % 7) / 10.0, 'question',"
        + " 'low', 'r' || (i % 6), (ARRAY['rule','learned','cache','model','fallback'])[1 + i % 5],"
        + " CASE WHEN i % 4 = 0 THEN NULL ELSE 'p' || (i % 2) END, 1 + i % 2, (i % 9) / 4.0,"
        + " timestamptz '2025-04-01 00:00Z' + i * interval '5 hours'"
        + " FROM generate_series(1, 60) i");
    assertThat(TestPostgres.tableExists(TestPostgres.url(), schema, "email_analytics")).isTrue();
    try (SupabaseStore store = SupabaseStore.builder().jdbcUrl(TestPostgres.url()).username(TestPostgres.user())
        .password(TestPostgres.password()).schema(schema).build()) {
      assertThat(rows(store, "SELECT column_name FROM information_schema.columns WHERE table_schema = '"
          + schema + "' AND table_name = 'email_analytics' AND (column_name LIKE 'avg%' OR column_name LIKE 'top%')"))
          .isEmpty();
      assertThat(rows(store, "SELECT tgname FROM pg_trigger WHERE tgrelid = '" + schema
          + ".processed_emails'::regclass AND tgname LIKE '%analytics%' ORDER BY tgname"))
          .extracting(r -> r.get("tgname")).containsExactly("processed_emails_analytics_delete",
              "processed_emails_analytics_insert", "processed_emails_analytics_update");
      // new writes after the migration: a new email, a re-decision and a deletion, through the new trigger
      var decisions = store.decisionStore();
      Instant at = Instant.parse("2025-04-03T10:00:00Z");
      decisions.save(EmailRecord.queued(email("new-1", at), null, at).processed(respond(0.9), null, 1.5, at));
      EmailRecord old = decisions.find("old-6").orElseThrow();
      decisions.save(old.processed(old.decision().toBuilder().action(Action.IGNORE).reason("r-new")
          .source(DecisionSource.CACHE).build(), null, 0.5, old.processedAt().plus(Duration.ofDays(1))));
      store.jdbi().useHandle(h -> h.execute("DELETE FROM " + schema + ".processed_emails WHERE email_id = 'old-8'"));

      String[] tables = {
          "SELECT date::text AS day, total_processed, total_responded, total_ignored, sum_processing_time::text AS t,"
              + " sum_confidence::text AS c FROM {s}.email_analytics WHERE total_processed > 0 ORDER BY date",
          "SELECT date::text AS day, decision, reason, count FROM {s}.email_analytics_reasons"
              + " ORDER BY date, decision, reason",
          "SELECT date::text AS day, source, count FROM {s}.email_analytics_sources ORDER BY date, source",
          "SELECT date::text AS day, prompt_id, prompt_version, total_processed, total_responded"
              + " FROM {s}.email_analytics_prompts ORDER BY date, prompt_id, prompt_version"};
      List<List<Map<String, Object>>> incremental = new ArrayList<>();
      for (String t : tables) {
        incremental.add(rows(store, t));
      }
      assertThat(incremental.get(0)).hasSizeGreaterThan(10);
      for (Map<String, Object> row : rows(store, "SELECT date::text AS day FROM {s}.email_analytics")) {
        store.jdbi().useHandle(h -> h.execute("SELECT " + schema
            + ".emailtriage_refresh_analytics_day(CAST(? AS date))", row.get("day")));
      }
      for (int i = 0; i < tables.length; i++) {
        assertThat(rows(store, tables[i])).isEqualTo(incremental.get(i));
      }
      AnalyticsSummary s = decisions.summarize(LocalDate.parse("2025-04-01"), LocalDate.parse("2025-04-30"));
      assertThat(s.totals().emailsProcessed()).isEqualTo(60); // 60 old + 1 new - 1 deleted
      assertThat(s.bySource().get("cache")).isEqualTo(13); // 12 old (i % 5 == 2) + old-6
    }
  }

  @Test
  void withoutMigrationAStoreUsesAnExistingSchema() {
    try (SupabaseStore first = StoreFixtures.freshStore().build();
        SupabaseStore second = SupabaseStore.builder().jdbcUrl(TestPostgres.url()).username(TestPostgres.user())
            .password(TestPostgres.password()).schema(first.schema()).migrate(false).build()) {
      first.decisionStore().save(processed("m-1", T0, respond(0.9), T0));
      assertThat(second.decisionStore().find("m-1")).isPresent();
    }
  }

  // ---------------------------------------------------------------- triggers and constraints

  @Test
  void updatedAtFollowsEveryChange() throws Exception {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      store.decisionStore().save(processed("u-1", T0, respond(0.9), T0));
      Instant first = store.decisionStore().find("u-1").orElseThrow().updatedAt();
      Thread.sleep(20);
      assertThat(store.decisionStore().markResponseSent("u-1")).isTrue();
      Instant second = store.decisionStore().find("u-1").orElseThrow().updatedAt();
      assertThat(second).isAfter(first);
      Thread.sleep(20);
      store.promptRepository().update("default", "texto novo", null, null);
      assertThat(rows(store, "SELECT updated_at > created_at AS later FROM {s}.ai_prompts").get(0).get("later"))
          .isEqualTo(true);
    }
  }

  @Test
  void valuesTheDatabaseWouldRejectAreRefusedAndNothingIsWritten() {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      var decisions = store.decisionStore();
      List<EmailRecord> bad = List.of(
          processed("bad-1", T0, respond(1.5), T0),
          processed("bad-2", T0, respond(-0.01), T0),
          processed("bad-3", T0, respond(Double.NaN), T0),
          processed("bad-4", T0, respond(0.9).toBuilder().action(null).build(), T0),
          processed("bad-5", T0, respond(0.9).toBuilder().reason(null).build(), T0),
          processed("bad-6", T0, respond(0.9).toBuilder().prompt("p", -1).build(), T0),
          processed("bad-7", T0, respond(0.9).toBuilder().modelVersion("m".repeat(101)).build(), T0),
          processed("x".repeat(256), T0, respond(0.9), T0),
          EmailRecord.queued(email("bad-9", T0).toBuilder().body("nul \u0000 byte").build(), null, T0),
          processed("bad-10", T0, respond(0.9), null),
          EmailRecord.queued(email("bad-11", T0), null, T0).failed("x", true, null, -1, T0));
      for (EmailRecord r : bad) {
        assertThatThrownBy(() -> decisions.save(r)).as(r.emailId()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decisions.enqueue(r)).as(r.emailId()).isInstanceOf(IllegalArgumentException.class);
      }
      assertThat(rows(store, "SELECT count(*) AS n FROM {s}.processed_emails").get(0).get("n")).isEqualTo(0L);

      EmailRecord good = processed("good", T0, respond(0.9), T0);
      decisions.save(good);
      assertThatThrownBy(() -> decisions.save(processed("good", T0, respond(7), T0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("confidence");
      assertThat(decisions.find("good").orElseThrow().decision().confidence()).isEqualTo(0.9);
      assertThat(decisions.summarize(LocalDate.parse("2025-01-15"), LocalDate.parse("2025-01-15")).totals()
          .emailsProcessed()).isEqualTo(1);
    }
  }

  @Test
  void theSchemaItselfRejectsBadRowsAndASecondActivePrompt() {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      String insert = "INSERT INTO " + store.schema() + ".processed_emails (email_id, from_address, to_address,"
          + " subject, body, received_at, status, due_at, decision, confidence, email_type, urgency, reason, source,"
          + " processed_at) VALUES ('raw', 'a', 'b', 's', 'b', now(), '%s', now(), %s, %s, 'question', 'low', 'r',"
          + " 'model', now())";
      assertThatThrownBy(() -> store.jdbi().useHandle(h -> h.execute(String.format(insert, "processed",
          "'maybe'", "0.5")))).hasMessageContaining("check constraint");
      assertThatThrownBy(() -> store.jdbi().useHandle(h -> h.execute(String.format(insert, "processed", "'respond'",
          "1.01")))).hasMessageContaining("check constraint");
      assertThatThrownBy(() -> store.jdbi().useHandle(h -> h.execute(String.format(insert, "done", "'respond'",
          "0.5")))).hasMessageContaining("check constraint");
      assertThatThrownBy(() -> store.jdbi().useHandle(h -> h.execute(
          "INSERT INTO " + store.schema() + ".processed_emails (email_id, from_address, to_address, subject, body,"
              + " received_at, status, processed_at) VALUES ('raw2', 'a', 'b', 's', 'b', now(), 'processed', now())")))
          .hasMessageContaining("processed_emails_processed_has_decision");
      // a queued email without a decision fits
      store.jdbi().useHandle(h -> h.execute("INSERT INTO " + store.schema() + ".processed_emails (email_id,"
          + " from_address, to_address, subject, body, received_at, status, due_at) VALUES ('raw3', 'a', 'b', 's',"
          + " 'b', now(), 'queued', now())"));
      store.promptRepository().create("second", "texto", DecisionCriteria.DEFAULT, null);
      assertThatThrownBy(() -> store.jdbi().useHandle(h -> h.execute("UPDATE " + store.schema()
          + ".ai_prompts SET active = true WHERE name = 'second'"))).hasMessageContaining("ai_prompts_one_active");
      assertThat(store.promptRepository().active().name()).isEqualTo("default");
    }
  }

  @Test
  void dailyAnalyticsRowsAreKeptCurrent() {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      new ContractData().load(store);
      List<Map<String, Object>> days = rows(store, "SELECT date::text AS day, total_processed, total_responded,"
          + " total_ignored, sum_processing_time::text AS t, sum_confidence::text AS c FROM {s}.email_analytics"
          + " WHERE total_processed > 0 ORDER BY date");
      assertThat(days).extracting(d -> d.get("day")).containsExactly("2025-01-09", "2025-01-10", "2025-01-11",
          "2025-01-12", "2025-01-13");
      Map<String, Object> jan11 = days.get(2);
      // a2 respond 0.80 2.000s, a6 ignore 0.60 0.500s
      assertThat(jan11).containsEntry("total_processed", 2).containsEntry("total_responded", 1)
          .containsEntry("total_ignored", 1).containsEntry("t", "2.500").containsEntry("c", "1.40");
      assertThat(rows(store, "SELECT decision, reason, count FROM {s}.email_analytics_reasons"
          + " WHERE date = '2025-01-11' ORDER BY decision, reason")).containsExactly(
          Map.of("decision", "ignore", "reason", "Spam", "count", 1),
          Map.of("decision", "respond", "reason", "Pergunta de cliente", "count", 1));
      // the period's averages are computed when read, from the sums
      assertThat(store.decisionStore().summarize(LocalDate.parse("2025-01-11"), LocalDate.parse("2025-01-11"))
          .averageMetrics()).isEqualTo(new AnalyticsSummary.AverageMetrics(1.25, 0.7));
      Map<String, Object> jan12 = days.get(3);
      // a3 respond 0.75 1.000s, a5 ignore 0.95 0.020s
      assertThat(jan12).containsEntry("total_processed", 2).containsEntry("t", "1.020").containsEntry("c", "1.70");

      // a re-decision moves a2 from respond to ignore; the day follows
      var decisions = store.decisionStore();
      EmailRecord a2 = decisions.find("a2").orElseThrow();
      decisions.save(a2.processed(a2.decision().toBuilder().action(Action.IGNORE).build(), null, 2.0,
          a2.processedAt()));
      Map<String, Object> after = rows(store, "SELECT total_responded, total_ignored FROM {s}.email_analytics"
          + " WHERE date = '2025-01-11'").get(0);
      assertThat(after).containsEntry("total_responded", 0).containsEntry("total_ignored", 2);
    }
  }

  @Test
  void dailyAnalyticsStayEqualToAFullRecomputationUnderConcurrentWrites() throws Exception {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      var decisions = store.decisionStore();
      String[] reasons = {"Pergunta", "Newsletter", "Spam", "Reclamação", "Pedido", "Bounce", "Promoção"};
      Instant day = Instant.parse("2025-03-01T00:00:00Z");
      int emails = 400;
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Object>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int worker = t;
          futures.add(pool.submit(() -> {
            for (int i = worker; i < emails; i += 8) {
              String reason = i % 5 == 0 ? "único " + i : reasons[(i * 7) % reasons.length];
              Decision d = respond(0.5 + (i % 50) / 100.0).toBuilder()
                  .action(i % 3 == 0 ? Action.IGNORE : Action.RESPOND).reason(reason)
                  .source(SOURCES[i % SOURCES.length])
                  .prompt(i % 7 == 0 ? null : "p" + (i % 2), 1 + i % 3)
                  .build();
              Instant at = day.plus(Duration.ofHours(i % 60));
              decisions.save(EmailRecord.queued(email("an-" + i, at), null, at)
                  .processed(d, null, (i % 17) / 10.0, at));
            }
            return null;
          }));
        }
        for (Future<Object> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
        // re-decisions (other reason, decision and day), back to the queue, and deletions
        futures.clear();
        for (int t = 0; t < 4; t++) {
          int worker = t;
          futures.add(pool.submit(() -> {
            for (int i = worker; i < 120; i += 4) {
              EmailRecord r = decisions.find("an-" + i).orElseThrow();
              if (i % 4 == 0) {
                decisions.save(r.processed(r.decision().toBuilder().reason("Pergunta").action(Action.RESPOND)
                    .source(DecisionSource.RULE).prompt("p9", 2).build(), null, 1.0,
                    r.processedAt().plus(Duration.ofHours(30))));
              } else if (i % 4 == 1) {
                decisions.save(EmailRecord.queued(r.email(), null, day));
              } else if (i % 8 == 3) {
                // only the source and the prompt version change (same day, decision and reason)
                decisions.save(r.processed(r.decision().toBuilder().source(DecisionSource.CACHE)
                    .prompt("p0", 7).build(), null, r.processingTime(), r.processedAt()));
              } else {
                decisions.save(r.processed(r.decision().toBuilder().confidence(0.99).build(), null, 0.2,
                    r.processedAt()));
              }
            }
            return null;
          }));
        }
        for (Future<Object> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      store.jdbi().useHandle(h -> h.execute("DELETE FROM " + store.schema()
          + ".processed_emails WHERE email_id IN ('an-200', 'an-201', 'an-202', 'an-205')"));

      String snapshot = "SELECT date::text AS day, total_processed, total_responded, total_ignored,"
          + " sum_processing_time::text AS t, sum_confidence::text AS c FROM {s}.email_analytics ORDER BY date";
      String reasonCounts = "SELECT date::text AS day, decision, reason, count FROM {s}.email_analytics_reasons"
          + " ORDER BY date, decision, reason COLLATE \"C\"";
      String sources = "SELECT date::text AS day, source, count FROM {s}.email_analytics_sources"
          + " ORDER BY date, source";
      String prompts = "SELECT date::text AS day, prompt_id, prompt_version, total_processed, total_responded"
          + " FROM {s}.email_analytics_prompts ORDER BY date, prompt_id, prompt_version";
      List<Map<String, Object>> incremental = rows(store, snapshot);
      List<Map<String, Object>> incrementalReasons = rows(store, reasonCounts);
      List<Map<String, Object>> incrementalSources = rows(store, sources);
      List<Map<String, Object>> incrementalPrompts = rows(store, prompts);
      assertThat(incremental).hasSizeGreaterThanOrEqualTo(3);
      assertThat(incrementalSources).extracting(r -> r.get("source")).contains("rule", "cache", "model", "fallback");
      assertThat(incrementalPrompts).extracting(r -> r.get("prompt_id")).contains("p0", "p1", "p9");
      assertThat(incrementalPrompts).extracting(r -> r.get("prompt_version")).contains(7);
      for (Map<String, Object> row : incremental) {
        store.jdbi().useHandle(h -> h.execute("SELECT " + store.schema()
            + ".emailtriage_refresh_analytics_day(CAST(? AS date))", row.get("day")));
      }
      assertThat(rows(store, snapshot)).isEqualTo(incremental);
      assertThat(rows(store, reasonCounts)).isEqualTo(incrementalReasons);
      assertThat(rows(store, sources)).isEqualTo(incrementalSources);
      assertThat(rows(store, prompts)).isEqualTo(incrementalPrompts);
      for (Map<String, Object> row : incremental) {
        LocalDate d = LocalDate.parse((String) row.get("day"));
        AnalyticsSummary s = decisions.summarize(d, d);
        assertThat(s.totals().emailsProcessed()).isEqualTo(((Integer) row.get("total_processed")).longValue());
        assertThat(s.totals().emailsResponded()).isEqualTo(((Integer) row.get("total_responded")).longValue());
        long n = s.totals().emailsProcessed();
        if (n > 0) {
          assertThat(s.averageMetrics().confidenceScore()).isEqualTo(new java.math.BigDecimal((String) row.get("c"))
              .divide(java.math.BigDecimal.valueOf(n), 2, java.math.RoundingMode.HALF_UP).doubleValue());
          assertThat(s.averageMetrics().processingTimeSeconds()).isEqualTo(new java.math.BigDecimal(
              (String) row.get("t")).divide(java.math.BigDecimal.valueOf(n), 3, java.math.RoundingMode.HALF_UP)
              .doubleValue());
        }
        List<AnalyticsSummary.ReasonCount> top = incrementalReasons.stream()
            .filter(r -> r.get("day").equals(row.get("day")) && r.get("decision").equals("respond"))
            .map(r -> new AnalyticsSummary.ReasonCount((String) r.get("reason"), ((Integer) r.get("count"))))
            .sorted(java.util.Comparator.comparingLong(AnalyticsSummary.ReasonCount::count).reversed()
                .thenComparing(AnalyticsSummary.ReasonCount::reason))
            .limit(AnalyticsSummary.TOP_REASONS).toList();
        assertThat(s.topReasons().get("respond")).isEqualTo(top);
      }
    }
  }

  @Test
  void concurrentBatchesAcrossMidnightKeepTheAnalyticsEqualToARebuild() throws Exception {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      var decisions = store.decisionStore();
      Instant midnight = Instant.parse("2025-06-02T00:00:00Z");
      int threads = 8;
      int perThread = 60;
      for (int i = 0; i < threads * perThread; i++) {
        decisions.enqueue(EmailRecord.queued(email("mb-" + i, midnight), null, midnight.minusSeconds(i)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int worker = t;
          futures.add(pool.submit(() -> {
            start.await();
            int stored = 0;
            for (List<EmailRecord> claimed; !(claimed = decisions.claim(7, Duration.ofMinutes(5), 5, midnight))
                .isEmpty(); ) {
              List<EmailRecord> outcomes = new ArrayList<>();
              for (int k = 0; k < claimed.size(); k++) {
                EmailRecord r = claimed.get(k);
                // each batch spans both days, in the opposite order for half of the workers
                Instant at = midnight.plusSeconds((k % 2 == worker % 2) ? -1 - k : k);
                outcomes.add(r.processed(respond(0.5 + k / 100.0).toBuilder().reason("r" + (k % 3)).build(), null,
                    0.1 * k, at));
              }
              stored += (int) decisions.completeAll(outcomes).stream().filter(b -> b).count();
              if (worker == 0) {
                // a batch of unconditional saves re-decides some of them meanwhile
                decisions.saveAll(outcomes.stream().map(o -> o.processed(o.decision().toBuilder()
                    .action(Action.IGNORE).build(), null, 1.0, o.processedAt().plusSeconds(3600))).toList());
              }
            }
            return stored;
          }));
        }
        start.countDown();
        int stored = 0;
        for (Future<Integer> f : futures) {
          stored += f.get(120, TimeUnit.SECONDS);
        }
        assertThat(stored).isEqualTo(threads * perThread);
      } finally {
        pool.shutdownNow();
      }
      String[] tables = {
          "SELECT date::text AS day, total_processed, total_responded, total_ignored, sum_processing_time::text AS t,"
              + " sum_confidence::text AS c FROM {s}.email_analytics ORDER BY date",
          "SELECT date::text AS day, decision, reason, count FROM {s}.email_analytics_reasons"
              + " ORDER BY date, decision, reason"};
      List<Map<String, Object>> days = rows(store, tables[0]);
      List<Map<String, Object>> reasons = rows(store, tables[1]);
      assertThat(days).extracting(d -> d.get("day")).containsExactly("2025-06-01", "2025-06-02");
      assertThat(days.stream().mapToInt(d -> (Integer) d.get("total_processed")).sum())
          .isEqualTo(threads * perThread);
      for (Map<String, Object> row : days) {
        store.jdbi().useHandle(h -> h.execute("SELECT " + store.schema()
            + ".emailtriage_refresh_analytics_day(CAST(? AS date))", row.get("day")));
      }
      assertThat(rows(store, tables[0])).isEqualTo(days);
      assertThat(rows(store, tables[1])).isEqualTo(reasons);
    }
  }

  @Test
  void thePoolTheStoreBuildsRewritesBatchedInsertsUnlessTheUrlSaysOtherwise() {
    try (SupabaseStore store = StoreFixtures.freshStore().build();
        SupabaseStore off = StoreFixtures.freshStore(TestPostgres.urlWith("reWriteBatchedInserts=false")).build()) {
      assertThat(rewrites(store)).isTrue();
      assertThat(rewrites(off)).isFalse();
    }
  }

  private static boolean rewrites(SupabaseStore store) {
    return store.jdbi().withHandle(h -> {
      try {
        return h.getConnection().unwrap(org.postgresql.core.BaseConnection.class).getQueryExecutor()
            .isReWriteBatchedInsertsEnabled();
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void summaryFromDailyRowsEqualsAGroupByOverTheEmails() {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      var decisions = store.decisionStore();
      String[] reasons = {"Pergunta", "Newsletter", "Spam", "Reclamação", "Pedido", "Bounce", "Promoção"};
      Instant day = Instant.parse("2025-05-01T00:00:00Z");
      for (int i = 0; i < 300; i++) {
        Decision d = respond((i % 100) / 100.0).toBuilder()
            .action(i % 3 == 0 ? Action.IGNORE : Action.RESPOND).reason(reasons[(i * 5) % reasons.length])
            .source(SOURCES[(i / 2) % SOURCES.length])
            .prompt(i % 11 == 0 ? null : "p" + (i % 3), 1 + i % 2)
            .build();
        Instant at = day.plus(Duration.ofMinutes(37L * i)); // about a week, across day boundaries
        decisions.save(EmailRecord.queued(email("gb-" + i, at), null, at).processed(d, null, (i % 23) / 7.0, at));
      }
      decisions.save(EmailRecord.queued(email("gb-queued", day), null, day));
      for (int i = 0; i < 300; i += 7) {
        EmailRecord r = decisions.find("gb-" + i).orElseThrow();
        switch (i % 4) {
          case 0 -> decisions.save(r.processed(r.decision().toBuilder().action(Action.RESPOND).reason("Outro")
              .source(DecisionSource.FALLBACK).prompt("p2", 5).build(), null, 0.333,
              r.processedAt().plus(Duration.ofHours(20))));
          case 1 -> decisions.save(EmailRecord.queued(r.email(), null, day));
          case 2 -> store.jdbi().useHandle(h -> h.execute("DELETE FROM " + store.schema()
              + ".processed_emails WHERE email_id = ?", r.emailId()));
          default -> decisions.save(r.processed(r.decision().toBuilder().action(Action.IGNORE).confidence(0.01)
              .build(), null, 9.5, r.processedAt()));
        }
      }
      String where = " FROM {s}.processed_emails WHERE status = 'processed'"
          + " AND processed_at >= (CAST(:from AS date)::timestamp AT TIME ZONE 'UTC')"
          + " AND processed_at < ((CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC')";
      for (String[] period : new String[][] {{"2025-05-01", "2025-05-31"}, {"2025-05-02", "2025-05-04"},
          {"2025-05-03", "2025-05-03"}, {"2025-06-01", "2025-06-30"}}) {
        LocalDate from = LocalDate.parse(period[0]);
        LocalDate to = LocalDate.parse(period[1]);
        AnalyticsSummary s = decisions.summarize(from, to);
        Map<String, Object> totals = store.jdbi().withHandle(h -> h.createQuery(("SELECT count(*) AS total, count(*) FILTER (WHERE decision = 'respond') AS responded,"
                + " coalesce(round((count(*) FILTER (WHERE decision = 'respond'))::numeric / nullif(count(*), 0),"
                + " 3), 0)::text AS rate, coalesce(round(avg(processing_time_seconds), 3), 0)::text AS t,"
                + " coalesce(round(avg(confidence), 2), 0)::text AS c" + where).replace("{s}.", store.schema() + "."))
            .bind("from", period[0]).bind("to", period[1]).mapToMap().one());
        assertThat(s.totals().emailsProcessed()).isEqualTo(totals.get("total"));
        assertThat(s.totals().emailsResponded()).isEqualTo(totals.get("responded"));
        assertThat(s.totals().emailsIgnored()).isEqualTo((Long) totals.get("total") - (Long) totals.get("responded"));
        assertThat(s.totals().responseRate()).isEqualTo(Double.parseDouble((String) totals.get("rate")));
        assertThat(s.averageMetrics().processingTimeSeconds()).isEqualTo(Double.parseDouble((String) totals.get("t")));
        assertThat(s.averageMetrics().confidenceScore()).isEqualTo(Double.parseDouble((String) totals.get("c")));

        Map<String, Long> bySource = new java.util.TreeMap<>();
        for (DecisionSource src : DecisionSource.values()) {
          bySource.put(src.wireName(), 0L);
        }
        store.jdbi().useHandle(h -> h.createQuery(("SELECT source, count(*) AS n" + where + " GROUP BY source")
                .replace("{s}.", store.schema() + "."))
            .bind("from", period[0]).bind("to", period[1])
            .map((rs, ctx) -> bySource.put(rs.getString("source"), rs.getLong("n"))).list());
        assertThat(s.bySource()).isEqualTo(bySource);

        List<AnalyticsSummary.PromptVersionCount> byPrompt = store.jdbi().withHandle(h -> h.createQuery(
                ("SELECT prompt_id, prompt_version, count(*) AS n, count(*) FILTER (WHERE decision = 'respond') AS r"
                + where + " AND prompt_id IS NOT NULL GROUP BY prompt_id, prompt_version"
                + " ORDER BY prompt_id || chr(10) || prompt_version::text COLLATE \"C\"")
                .replace("{s}.", store.schema() + "."))
            .bind("from", period[0]).bind("to", period[1])
            .map((rs, ctx) -> new AnalyticsSummary.PromptVersionCount(rs.getString("prompt_id"),
                rs.getInt("prompt_version"), rs.getLong("n"), rs.getLong("r"))).list());
        assertThat(s.byPromptVersion()).isEqualTo(byPrompt);

        for (Action action : Action.values()) {
          List<AnalyticsSummary.ReasonCount> top = store.jdbi().withHandle(h -> h.createQuery(
                  ("SELECT reason, count(*) AS n" + where + " AND decision = :d GROUP BY reason"
                  + " ORDER BY count(*) DESC, reason COLLATE \"C\" LIMIT 5").replace("{s}.", store.schema() + "."))
              .bind("from", period[0]).bind("to", period[1]).bind("d", action.wireName())
              .map((rs, ctx) -> new AnalyticsSummary.ReasonCount(rs.getString("reason"), rs.getLong("n"))).list());
          assertThat(s.topReasons().get(action.wireName())).isEqualTo(top);
        }
        if (from.getDayOfMonth() == 1 && from.getMonthValue() == 5) {
          assertThat(s.totals().emailsProcessed()).isGreaterThan(200);
          assertThat(s.byPromptVersion()).hasSizeGreaterThanOrEqualTo(6);
        }
      }
    }
  }

  /** The contract's analytics data set, loaded through a store. */
  private static final class ContractData extends DecisionStoreContract {
    private SupabaseStore target;

    void load(SupabaseStore store) {
      target = store;
      analyticsFixture(store());
    }

    @Override
    protected dev.emailtriage.spi.DecisionStore store() {
      return target.decisionStore();
    }
  }

  @Test
  void analyticsInSqlMatchTheHandComputedNumbersThroughThePooler() {
    try (SupabaseStore store = StoreFixtures.freshStore(TestPostgres.urlWith("prepareThreshold=0"))
        .build()) {
      new ContractData().load(store);
      AnalyticsSummary s = store.decisionStore().summarize(LocalDate.parse("2025-01-10"),
          LocalDate.parse("2025-01-12"));
      assertThat(s.totals().emailsProcessed()).isEqualTo(6);
      assertThat(s.averageMetrics().processingTimeSeconds()).isEqualTo(0.788);
      assertThat(s.averageMetrics().confidenceScore()).isEqualTo(0.83);
    }
  }

  // ---------------------------------------------------------------- two processes

  @Test
  void twoStoresOnTwoPoolsNeverClaimTheSameEmail() throws Exception {
    try (SupabaseStore a = StoreFixtures.freshStore().build();
        SupabaseStore b = SupabaseStore.builder().jdbcUrl(TestPostgres.urlWith("prepareThreshold=0"))
            .username(TestPostgres.user()).password(TestPostgres.password()).schema(a.schema()).build()) {
      int emails = 300;
      for (int i = 0; i < emails; i++) {
        a.decisionStore().enqueue(EmailRecord.queued(email(String.format("q-%03d", i), T0), null, T0));
      }
      List<String> claimed = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      try {
        List<Future<Object>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          var store = (t % 2 == 0 ? a : b).decisionStore();
          futures.add(pool.submit(() -> {
            start.await();
            List<EmailRecord> batch;
            do {
              batch = store.claim(4, Duration.ofMinutes(5), 3, T0.plusSeconds(1));
              for (EmailRecord r : batch) {
                claimed.add(r.emailId());
                store.save(r.processed(respond(0.9), null, 0.1, T0.plusSeconds(2)));
              }
            } while (!batch.isEmpty());
            return null;
          }));
        }
        start.countDown();
        for (Future<Object> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(claimed).hasSize(emails).doesNotHaveDuplicates();
      assertThat(a.decisionStore().queueDepth()).isZero();
      assertThat(rows(a, "SELECT count(*) AS n FROM {s}.processed_emails WHERE status = 'processed'"
          + " AND attempts = 1").get(0).get("n")).isEqualTo((long) emails);
    }
  }

  @Test
  void aCrashedWorkersLeaseExpiresAndAnotherInstanceTakesTheEmail() {
    try (SupabaseStore survivor = StoreFixtures.freshStore().build()) {
      SupabaseStore crashed = SupabaseStore.builder().jdbcUrl(TestPostgres.url()).username(TestPostgres.user())
          .password(TestPostgres.password()).schema(survivor.schema()).build();
      survivor.decisionStore().enqueue(EmailRecord.queued(email("crash-1", T0), "job-1", T0));
      List<EmailRecord> taken = crashed.decisionStore().claim(1, Duration.ofSeconds(30), 3, T0);
      assertThat(taken).hasSize(1);
      crashed.close(); // the worker dies holding the lease

      assertThat(survivor.decisionStore().claim(5, Duration.ofSeconds(30), 3, T0.plusSeconds(29))).isEmpty();
      List<EmailRecord> retaken = survivor.decisionStore().claim(5, Duration.ofSeconds(30), 3, T0.plusSeconds(30));
      assertThat(retaken).singleElement().satisfies(r -> {
        assertThat(r.emailId()).isEqualTo("crash-1");
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(r.jobId()).isEqualTo("job-1");
        assertThat(r.status()).isEqualTo(TriageStatus.PROCESSING);
      });
    }
  }

  // ---------------------------------------------------------------- privacy

  @Test
  void anUnprivilegedRoleCannotReadMail() throws SQLException {
    try (SupabaseStore store = StoreFixtures.freshStore().build()) {
      store.decisionStore().save(processed("secret-1", T0, respond(0.9), T0));
      String role = store.schema() + "_anon";
      try (Connection c = TestPostgres.connect(); Statement s = c.createStatement()) {
        try {
          s.execute("CREATE ROLE " + role + " NOLOGIN");
        } catch (SQLException e) {
          Assumptions.abort("the test server's user cannot create roles: " + e.getMessage());
        }
        s.execute("GRANT " + role + " TO CURRENT_USER"); // so that the test may SET ROLE to it
        try {
          s.execute("SET ROLE " + role);
          assertThatThrownBy(() -> s.executeQuery("SELECT * FROM " + store.schema() + ".processed_emails"))
              .hasMessageContaining("permission denied");
          s.execute("RESET ROLE");
          // even if someone grants access to the schema and table later, row-level security shows no row
          s.execute("GRANT USAGE ON SCHEMA " + store.schema() + " TO " + role);
          s.execute("GRANT SELECT ON " + store.schema() + ".processed_emails TO " + role);
          s.execute("SET ROLE " + role);
          try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + store.schema() + ".processed_emails")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
          }
        } finally {
          s.execute("RESET ROLE");
          s.execute("REVOKE ALL ON " + store.schema() + ".processed_emails FROM " + role);
          s.execute("REVOKE ALL ON SCHEMA " + store.schema() + " FROM " + role);
          s.execute("DROP ROLE " + role);
        }
      }
      assertThat(rows(store, "SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          .replace("{s}.", "") + " WHERE n.nspname = '" + store.schema() + "' AND c.relkind = 'r'"
          + " AND NOT c.relrowsecurity AND c.relname <> 'emailtriage_schema_history'").get(0).get("n"))
          .isEqualTo(0L);
    }
  }

  @Test
  void encryptedBodiesAndRepliesRoundTripAndAreCiphertextInTheColumns() {
    try (SupabaseStore store = StoreFixtures.freshStore().encryptionKey(KEY).build()) {
      EmailRecord record = processed("enc-1", T0, respond(0.9), T0);
      store.decisionStore().save(record);
      assertThat(store.decisionStore().find("enc-1").orElseThrow()).usingRecursiveComparison()
          .ignoringFields("updatedAt").isEqualTo(record);
      Map<String, Object> raw = rows(store, "SELECT body, suggested_body FROM {s}.processed_emails").get(0);
      assertThat((String) raw.get("body")).startsWith("enc:v1:").doesNotContain("secreto");
      assertThat((String) raw.get("suggested_body")).startsWith("enc:v1:").doesNotContain("rascunho");
      assertThat(store.decisionStore().list(dev.emailtriage.EmailQuery.all()).items().get(0).email().body())
          .isEqualTo("Corpo secreto de enc-1");

      byte[] otherKey = KEY.clone();
      otherKey[0] ^= 1;
      try (SupabaseStore wrongKey = SupabaseStore.builder().jdbcUrl(TestPostgres.url())
          .username(TestPostgres.user()).password(TestPostgres.password()).schema(store.schema())
          .encryptionKey(otherKey).build();
          SupabaseStore noKey = SupabaseStore.builder().jdbcUrl(TestPostgres.url())
              .username(TestPostgres.user()).password(TestPostgres.password()).schema(store.schema()).build()) {
        assertThatThrownBy(() -> wrongKey.decisionStore().find("enc-1")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("wrong encryption key");
        assertThatThrownBy(() -> noKey.decisionStore().find("enc-1")).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("no encryption key");
      }
      // a value moved to another row does not decrypt there
      store.decisionStore().save(processed("enc-2", T0, respond(0.9), T0));
      store.jdbi().useHandle(h -> h.execute("UPDATE " + store.schema() + ".processed_emails SET body ="
          + " (SELECT body FROM " + store.schema() + ".processed_emails WHERE email_id = 'enc-1')"
          + " WHERE email_id = 'enc-2'"));
      assertThatThrownBy(() -> store.decisionStore().find("enc-2")).isInstanceOf(IllegalStateException.class);
    }
    assertThatThrownBy(() -> SupabaseStore.builder().encryptionKey(new byte[10]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SupabaseStore.builder().encryptionKey("not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retentionErasesOldBodiesAndKeepsDecisionsAndAnalytics() {
    try (SupabaseStore store = StoreFixtures.freshStore().encryptionKey(KEY).build()) {
      var decisions = store.decisionStore();
      Instant old = Instant.parse("2024-01-01T10:00:00Z");
      decisions.save(processed("old-done", old, respond(0.9), old));
      decisions.save(EmailRecord.queued(email("old-failed", old), null, old).claimed(old, old)
          .failed("bad", false, null, 0.1, old));
      decisions.enqueue(EmailRecord.queued(email("old-queued", old), null, old));
      decisions.save(EmailRecord.queued(email("old-retry", old), null, old).claimed(old, old)
          .failed("timeout", true, old, 0.1, old));
      decisions.save(processed("new-done", T0, respond(0.8), T0));
      AnalyticsSummary before = decisions.summarize(LocalDate.parse("2024-01-01"), LocalDate.parse("2025-12-31"));

      assertThat(decisions.eraseBodiesReceivedBefore(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo(2);
      assertThat(decisions.eraseBodiesReceivedBefore(Instant.parse("2025-01-01T00:00:00Z"))).isZero();

      EmailRecord erased = decisions.find("old-done").orElseThrow();
      assertThat(erased.email().body()).isEmpty();
      assertThat(erased.decision().suggestedResponse().body()).isEmpty();
      assertThat(erased.decision().action()).isEqualTo(Action.RESPOND);
      assertThat(erased.decision().reason()).isEqualTo("pergunta");
      assertThat(erased.email().subject()).isEqualTo("Assunto old-done");
      assertThat(decisions.find("old-failed").orElseThrow().email().body()).isEmpty();
      assertThat(decisions.find("old-queued").orElseThrow().email().body()).isEqualTo("Corpo secreto de old-queued");
      assertThat(decisions.find("old-retry").orElseThrow().email().body()).isEqualTo("Corpo secreto de old-retry");
      assertThat(decisions.find("new-done").orElseThrow().email().body()).isEqualTo("Corpo secreto de new-done");
      assertThat(decisions.summarize(LocalDate.parse("2024-01-01"), LocalDate.parse("2025-12-31")))
          .isEqualTo(before);
      assertThat(rows(store, "SELECT total_processed FROM {s}.email_analytics WHERE date = '2024-01-01'")
          .get(0).get("total_processed")).isEqualTo(1);
      assertThat(decisions.eraseBodiesOlderThan(0)).isEqualTo(1); // new-done, received before now
      assertThatThrownBy(() -> decisions.eraseBodiesOlderThan(-1)).isInstanceOf(IllegalArgumentException.class);
      // a body written again after erasure is erased again by the next run
      decisions.save(processed("old-done", old, respond(0.9), old));
      assertThat(decisions.eraseBodiesReceivedBefore(Instant.parse("2025-01-01T00:00:00Z"))).isEqualTo(1);
      assertThat(decisions.find("old-done").orElseThrow().email().body()).isEmpty();
    }
  }
}
