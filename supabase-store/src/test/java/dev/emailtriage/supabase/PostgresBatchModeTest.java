package dev.emailtriage.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.DefaultPrompt;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.BatchDecider;
import dev.emailtriage.spi.BatchPoll;
import dev.emailtriage.spi.BatchRequest;
import dev.emailtriage.test.MutableClock;
import dev.emailtriage.test.TestEmails;
import dev.emailtriage.test.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Batch mode on PostgreSQL across a restart: a pipeline submits a job and stops; a new pipeline on a new store
 * instance (same database and schema) finds the job in {@code batch_holds}, polls it instead of submitting again,
 * and stores every result once.
 */
class PostgresBatchModeTest {

  /** Records jobs and polls; polls answer {@code respond} for every email once {@code ended} is set. */
  private static final class Recording implements BatchDecider {
    final List<List<BatchRequest>> jobs = new CopyOnWriteArrayList<>();
    final List<String> polls = new CopyOnWriteArrayList<>();
    final boolean ended;

    Recording(boolean ended) {
      this.ended = ended;
    }

    @Override
    public String submit(List<BatchRequest> requests) {
      jobs.add(requests);
      return "batches/pg-" + jobs.size();
    }

    @Override
    public BatchPoll poll(String batchId, List<Email> emails) {
      polls.add(batchId);
      if (!ended) {
        return BatchPoll.running();
      }
      Map<String, Decision> decisions = new LinkedHashMap<>();
      emails.forEach(e -> decisions.put(e.emailId(), Decision.builder().action(Action.RESPOND).confidence(0.9)
          .emailType(EmailType.QUESTION).urgency(Urgency.MEDIUM).reason("a question about a product")
          .source(DecisionSource.MODEL).modelVersion("batch-model").build()));
      return BatchPoll.ended(decisions, Map.of());
    }
  }

  private static SupabaseStore store(String schema) {
    return SupabaseStore.builder().jdbcUrl(TestPostgres.url()).username(TestPostgres.user())
        .password(TestPostgres.password()).schema(schema).maximumPoolSize(4).build();
  }

  private static EmailTriage pipeline(SupabaseStore store, BatchDecider batch, MutableClock clock) {
    return EmailTriage.builder().store(store.decisionStore()).batchDecider(batch).clock(clock).workerThreads(0)
        .decider((email, prompt) -> {
          throw new AssertionError("the single-call decider was asked about " + email.emailId());
        })
        .build();
  }

  @Test
  void aRestartedPipelineOnANewStoreInstancePollsTheHeldJobAndStoresEachResultOnce() {
    String schema = TestPostgres.freshSchema();
    MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    Recording before = new Recording(false);
    try (SupabaseStore store = store(schema); EmailTriage triage = pipeline(store, before, clock)) {
      for (int i = 0; i < 30; i++) {
        triage.submit(TestEmails.question("pg-" + i, "pessoa" + i + "@cliente.example"));
      }
      assertThat(triage.drainQueue()).isEqualTo(30);
      clock.advance(Duration.ofMinutes(5));
      triage.drainQueue(); // polled once: still running
    } // the application stops while the job runs
    assertThat(before.jobs).singleElement().satisfies(j -> assertThat(j).hasSize(30));
    assertThat(before.polls).containsExactly("batches/pg-1");

    clock.advance(Duration.ofHours(2));
    Recording after = new Recording(true);
    try (SupabaseStore store = store(schema); EmailTriage triage = pipeline(store, after, clock)) {
      assertThat(store.decisionStore().heldBatches()).singleElement()
          .satisfies(h -> assertThat(h.items()).hasSize(30));
      assertThat(triage.drainQueue()).isZero(); // nothing claimed again: the holds are live

      assertThat(after.jobs).isEmpty();
      assertThat(after.polls).containsExactly("batches/pg-1");
      for (int i = 0; i < 30; i++) {
        EmailRecord r = store.decisionStore().find("pg-" + i).orElseThrow();
        assertThat(r.status()).as(r.emailId()).isEqualTo(TriageStatus.PROCESSED);
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.decision().promptId()).isEqualTo(DefaultPrompt.ID);
        assertThat(r.decision().modelVersion()).isEqualTo("batch-model");
      }
      assertThat(store.decisionStore().heldBatches()).isEmpty();
      LocalDate day = LocalDate.parse("2026-01-05");
      assertThat(store.decisionStore().summarize(day, day).totals().emailsProcessed()).isEqualTo(30);
    }
  }
}
