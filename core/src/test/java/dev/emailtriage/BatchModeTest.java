package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.spi.BatchRequest;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DecisionStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Batch mode inside the pipeline: queued non-urgent emails go through the rules, the sender memory and the cache,
 * and what only the model can decide goes to one {@link dev.emailtriage.spi.BatchDecider} job whose results are
 * stored through the pipeline's path. The clock is a {@link MutableClock}; the worker runs on the test's thread
 * ({@code workerThreads(0)}, {@link EmailTriage#drainQueue()}) except in the one test with a worker thread, which
 * waits on latches.
 */
class BatchModeTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
  private final InMemoryDecisionStore store = new InMemoryDecisionStore(clock);
  private final ScriptedDecider decider = ScriptedDecider.answering(Action.IGNORE);
  private final Map<String, AtomicInteger> decidedTimes = new ConcurrentHashMap<>();

  private EmailTriage.Builder pipeline(ScriptedBatchDecider batch) {
    return pipeline(batch, store);
  }

  private EmailTriage.Builder pipeline(ScriptedBatchDecider batch, DecisionStore on) {
    return EmailTriage.builder().decider(decider).batchDecider(batch).store(on).clock(clock).workerThreads(0)
        .retryBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
        .listener(new TriageListener() {
          @Override
          public void onDecision(Email email, TriageResult result) {
            decidedTimes.computeIfAbsent(email.emailId(), id -> new AtomicInteger()).incrementAndGet();
          }
        });
  }

  private static Email email(String id, String from, String subject, String body, Priority priority) {
    return Email.builder().emailId(id).from(from).to("support@biofraga.com").subject(subject).body(body)
        .receivedAt(TestEmails.RECEIVED).metadata(EmailMetadata.of(priority, List.of("INBOX"))).build();
  }

  private static Email question(int i) {
    return email("q-" + i, "pessoa" + i + "@cliente" + i + ".example",
        "Pedido " + i + ": dúvida sobre a entrega " + Integer.toHexString(i * 7919),
        "Bom dia, sou o cliente " + i + " e o meu pedido número " + (100_000 + i * 37) + " ainda não chegou. "
            + "Podem dizer quando ele sai do armazém " + Integer.toString(i * 104_729, 36) + "? Obrigado.",
        i % 2 == 0 ? Priority.NORMAL : Priority.LOW);
  }

  private static Email newsletter(String id, int k, String from) {
    return email(id, from, "Ofertas da semana " + k + " " + "abcdefghij".charAt(k),
        "Confira as promoções da edição " + k + ": sementes, adubos e ferramentas com até " + (10 + k)
            + "% de desconto nesta semana " + "klmnopqrst".charAt(k) + ".", Priority.NORMAL);
  }

  private static List<String> ids(List<BatchRequest> requests) {
    return requests.stream().map(r -> r.email().emailId()).toList();
  }

  /** Every stored record, page by page. */
  private static List<EmailRecord> rows(EmailTriage triage) {
    List<EmailRecord> all = new ArrayList<>();
    EmailQuery query = EmailQuery.all().withLimit(EmailQuery.MAX_LIMIT);
    while (true) {
      Page<EmailRecord> page = triage.list(query);
      all.addAll(page.items());
      if (page.nextCursor() == null) {
        return all;
      }
      query = query.after(page.nextCursor());
    }
  }

  private EmailRecord record(String id) {
    return store.find(id).orElseThrow();
  }

  @Test
  void fiveHundredNonUrgentEmailsMakeOneBatchJobForTheModelShareAndEachIsStoredProcessedOnce() {
    ScriptedBatchDecider batch = new ScriptedBatchDecider();
    try (EmailTriage triage = pipeline(batch).build()) {
      // ten newsletters decided at once by the decider: the cache knows them
      for (int k = 0; k < 10; k++) {
        assertThat(triage.process(newsletter("seed-" + k, k, "loja@ofertas.example")).status())
            .isEqualTo(TriageStatus.PROCESSED);
      }
      int seedCalls = decider.calls.get(); // some seeds are near duplicates of others: fewer than ten calls
      List<Email> all = new ArrayList<>();
      for (int i = 0; i < 100; i++) { // the rules decide these (system sender)
        all.add(email("rule-" + i, "no-reply@avisos" + i + ".example", "Aviso " + i, "Aviso automático " + i
            + " do sistema de pedidos.", Priority.LOW));
      }
      for (int i = 0; i < 100; i++) { // exact duplicates of the newsletters: the cache decides these
        all.add(newsletter("dup-" + i, i % 10, "loja@ofertas.example"));
      }
      for (int i = 0; i < 300; i++) { // only the model can decide these
        all.add(question(i));
      }
      all.forEach(e -> assertThat(triage.submit(e).status()).isEqualTo(TriageStatus.QUEUED));

      assertThat(triage.drainQueue()).isEqualTo(500);

      assertThat(batch.jobs).hasSize(1);
      assertThat(ids(batch.jobs.get(0))).containsExactlyInAnyOrderElementsOf(
          all.stream().filter(e -> e.emailId().startsWith("q-")).map(Email::emailId).toList());
      assertThat(batch.jobs.get(0)).allSatisfy(r -> assertThat(r.prompt().id()).isEqualTo(DefaultPrompt.ID));
      assertThat(decider.calls).hasValue(seedCalls); // the seeds only
      assertThat(all).filteredOn(e -> e.emailId().startsWith("q-"))
          .allSatisfy(e -> assertThat(record(e.emailId()).status()).isEqualTo(TriageStatus.PROCESSING));
      assertThat(store.heldBatches()).singleElement().satisfies(h -> {
        assertThat(h.batchId()).isEqualTo("batches/job-0");
        assertThat(h.items()).hasSize(300);
      });

      batch.answer((id, emails) -> ScriptedBatchDecider.endedWith(emails, Action.RESPOND, Map.of()));
      clock.advance(ScriptedBatchDecider.POLL_DELAY);
      assertThat(triage.drainQueue()).isZero();

      assertThat(batch.jobs).hasSize(1);
      assertThat(batch.polls).singleElement().satisfies(p -> assertThat(p.getValue()).hasSize(300));
      Map<DecisionSource, Long> bySource = all.stream().map(e -> record(e.emailId()))
          .peek(r -> assertThat(r.status()).as(r.emailId()).isEqualTo(TriageStatus.PROCESSED))
          .collect(Collectors.groupingBy(r -> r.decision().source(), Collectors.counting()));
      assertThat(bySource).containsExactlyInAnyOrderEntriesOf(Map.of(
          DecisionSource.RULE, 100L, DecisionSource.CACHE, 100L, DecisionSource.MODEL, 300L));
      assertThat(rows(triage)).hasSize(510);
      assertThat(decidedTimes).hasSize(510).allSatisfy((id, n) -> assertThat(n).as(id).hasValue(1));
      EmailRecord one = record("q-7");
      assertThat(one.decision().promptId()).isEqualTo(DefaultPrompt.ID); // the prompt submitted, not the answer's
      assertThat(one.decision().modelVersion()).isEqualTo("batch-model");
      assertThat(one.attempts()).isEqualTo(1);
      assertThat(store.heldBatches()).isEmpty();
      assertThat(triage.queueDepth()).isZero();
    }
  }

  @Test
  void aBatchThatFailsPartlyLeavesExactlyTheFailedEmailsRetryableAndTheyAreDecidedOnALaterAttempt() {
    ScriptedBatchDecider batch = new ScriptedBatchDecider();
    try (EmailTriage triage = pipeline(batch).build()) {
      for (int i = 0; i < 10; i++) {
        triage.submit(question(i));
      }
      triage.drainQueue();
      // q-1 and q-2 failed at the model, q-3 has no result at all
      Map<String, DeciderException> failures = Map.of(
          "q-1", new DeciderException(DeciderException.Kind.RATE_LIMITED, "entry failed with status code 8"),
          "q-2", new DeciderException(DeciderException.Kind.UNAVAILABLE, "entry failed with status code 13"));
      batch.answer((id, emails) -> {
        List<Email> answered = emails.stream().filter(e -> !e.emailId().equals("q-3")).toList();
        return ScriptedBatchDecider.endedWith(answered, Action.RESPOND, failures);
      });
      clock.advance(ScriptedBatchDecider.POLL_DELAY);
      triage.drainQueue();

      for (int i = 0; i < 10; i++) {
        EmailRecord r = record("q-" + i);
        if (i >= 1 && i <= 3) {
          assertThat(r.status()).as(r.emailId()).isEqualTo(TriageStatus.FAILED);
          assertThat(r.retryable()).as(r.emailId()).isTrue();
          assertThat(r.attempts()).isEqualTo(1);
        } else {
          assertThat(r.status()).as(r.emailId()).isEqualTo(TriageStatus.PROCESSED);
        }
      }
      assertThat(record("q-1").lastError()).contains("RATE_LIMITED", "status code 8");
      assertThat(record("q-3").lastError()).contains("without a result");
      assertThat(triage.queueDepth()).isEqualTo(3);

      // nothing is due before the backoff passes
      assertThat(triage.drainQueue()).isZero();
      assertThat(batch.jobs).hasSize(1);

      clock.advance(Duration.ofSeconds(30));
      assertThat(triage.drainQueue()).isEqualTo(3);
      assertThat(batch.jobs).hasSize(2);
      assertThat(ids(batch.jobs.get(1))).containsExactlyInAnyOrder("q-1", "q-2", "q-3");

      batch.answer((id, emails) -> ScriptedBatchDecider.endedWith(emails, Action.RESPOND, Map.of()));
      clock.advance(ScriptedBatchDecider.POLL_DELAY);
      triage.drainQueue();
      for (int i = 0; i < 10; i++) {
        assertThat(record("q-" + i).status()).isEqualTo(TriageStatus.PROCESSED);
      }
      assertThat(record("q-2").attempts()).isEqualTo(2);
      assertThat(record("q-2").lastError()).isNull();
      assertThat(decidedTimes).hasSize(10).allSatisfy((id, n) -> assertThat(n).as(id).hasValue(1));
      assertThat(decider.calls).hasValue(0);
    }
  }

  @Test
  void anEmailWaitingForItsBatchIsNotTakenAgainWhenItsOrdinaryLeaseWouldHaveExpired() {
    ScriptedBatchDecider batch = new ScriptedBatchDecider();
    AtomicInteger leaseTries = new AtomicInteger();
    DecisionStore counting = (DecisionStore) Proxy.newProxyInstance(DecisionStore.class.getClassLoader(),
        new Class<?>[] {DecisionStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("tryLease")) {
            leaseTries.incrementAndGet();
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (EmailTriage triage = pipeline(batch, counting).lease(Duration.ofMinutes(2)).build()) { // deciderTimeout 60 s
      triage.submit(question(1));
      triage.drainQueue();
      clock.advance(Duration.ofHours(3)); // polled, still running
      assertThat(triage.drainQueue()).isZero();
      assertThat(batch.jobs).hasSize(1);
      assertThat(record("q-1").status()).isEqualTo(TriageStatus.PROCESSING);
      assertThat(record("q-1").attempts()).isEqualTo(1);
      // process() answers the stored state at once: one try for the lease, no waiting for the holder's outcome
      leaseTries.set(0);
      assertThat(triage.process(question(1)).status()).isEqualTo(TriageStatus.PROCESSING);
      assertThat(leaseTries).hasValue(1);
      assertThat(decider.calls).hasValue(0);
    }
  }

  @Test
  void aRestartedPipelinePollsTheBatchItFoundInTheStoreInsteadOfSubmittingAgain() {
    ScriptedBatchDecider before = new ScriptedBatchDecider();
    try (EmailTriage triage = pipeline(before).build()) {
      for (int i = 0; i < 5; i++) {
        triage.submit(question(i));
      }
      triage.drainQueue();
    } // stopped while the job runs
    assertThat(before.jobs).hasSize(1);

    ScriptedBatchDecider after = new ScriptedBatchDecider();
    after.answer((id, emails) -> id.equals("batches/job-0")
        ? ScriptedBatchDecider.endedWith(emails, Action.RESPOND, Map.of())
        : ScriptedBatchDecider.endedWith(List.of(), Action.RESPOND, Map.of()));
    try (EmailTriage triage = pipeline(after).build()) {
      assertThat(triage.drainQueue()).isZero();
      assertThat(after.jobs).isEmpty();
      assertThat(after.polls).singleElement().satisfies(p -> {
        assertThat(p.getKey()).isEqualTo("batches/job-0");
        assertThat(p.getValue()).hasSize(5);
      });
      for (int i = 0; i < 5; i++) {
        assertThat(record("q-" + i).status()).isEqualTo(TriageStatus.PROCESSED);
        assertThat(record("q-" + i).attempts()).isEqualTo(1);
      }
      assertThat(store.heldBatches()).isEmpty();
    }
  }

  @Test
  void aBatchStillRunningAtItsTimeoutLeavesItsEmailsFailedAndRetryable() {
    ScriptedBatchDecider batch = new ScriptedBatchDecider(1000, Duration.ofHours(1));
    try (EmailTriage triage = pipeline(batch).build()) {
      triage.submit(question(1));
      triage.drainQueue();
      for (int i = 0; i < 5; i++) {
        clock.advance(ScriptedBatchDecider.POLL_DELAY);
        triage.drainQueue();
        assertThat(record("q-1").status()).isEqualTo(TriageStatus.PROCESSING);
      }
      assertThat(batch.cancelled).isEmpty();
      clock.advance(ScriptedBatchDecider.POLL_DELAY); // an hour after submission
      triage.drainQueue();
      EmailRecord r = record("q-1");
      assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(r.retryable()).isTrue();
      assertThat(r.lastError()).contains("TIMEOUT", "batches/job-0", "did not end within PT1H");
      assertThat(batch.cancelled).containsExactly("batches/job-0");
      assertThat(store.heldBatches()).isEmpty();
    }
  }

  @Test
  void aJobThatCannotBeSubmittedLeavesItsEmailsFailedAndRetryable() {
    ScriptedBatchDecider refusing = new ScriptedBatchDecider() {
      @Override
      public String submit(List<BatchRequest> requests) {
        throw new DeciderException(DeciderException.Kind.UNAVAILABLE, "batch service down");
      }
    };
    try (EmailTriage triage = pipeline(refusing).build()) {
      triage.submit(question(1));
      triage.submit(question(2));
      triage.drainQueue();
      assertThat(List.of(record("q-1"), record("q-2"))).allSatisfy(r -> {
        assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
        assertThat(r.retryable()).isTrue();
        assertThat(r.lastError()).contains("batch service down");
      });
      assertThat(store.heldBatches()).isEmpty();
    }
  }

  @Test
  void aFullJobIsSubmittedAtOnceAndTheRestAtTheEndOfTheDrain() {
    ScriptedBatchDecider batch = new ScriptedBatchDecider(4, Duration.ofHours(24));
    try (EmailTriage triage = pipeline(batch).build()) {
      for (int i = 0; i < 10; i++) {
        triage.submit(question(i));
      }
      triage.drainQueue();
      assertThat(batch.jobs).extracting(List::size).containsExactly(4, 4, 2);
      assertThat(store.heldBatches()).hasSize(3);
    }
  }

  @Test
  void aJobTooLargeForTheDeciderIsSubmittedInHalves() {
    ScriptedBatchDecider limited = new ScriptedBatchDecider() {
      @Override
      public String submit(List<BatchRequest> requests) {
        if (requests.size() > 3) {
          throw new IllegalArgumentException("emails: the batch's inline requests are over the limit");
        }
        return super.submit(requests);
      }
    };
    try (EmailTriage triage = pipeline(limited).build()) {
      for (int i = 0; i < 10; i++) {
        triage.submit(question(i));
      }
      triage.drainQueue();
      assertThat(limited.jobs).extracting(List::size).containsExactly(2, 3, 2, 3);
      assertThat(limited.jobs.stream().flatMap(j -> ids(j).stream()))
          .containsExactlyInAnyOrderElementsOf(List.of("q-0", "q-1", "q-2", "q-3", "q-4", "q-5", "q-6", "q-7",
              "q-8", "q-9"));
      assertThat(store.heldBatches()).hasSize(4);
    }
  }

  @Test
  void urgentQueuedEmailsAndProcessAreDecidedAtOnceByTheDecider() {
    ScriptedBatchDecider batch = new ScriptedBatchDecider();
    try (EmailTriage triage = pipeline(batch).build()) {
      Email urgent = email("urgent", "chefe@cliente.example", "Urgente: contrato", "Preciso do contrato hoje.",
          Priority.HIGH);
      Email medium = email("medium", "gerente@cliente.example", "Reunião amanhã", "Podemos falar às 10h?",
          Priority.MEDIUM);
      triage.submit(urgent);
      triage.submit(medium);
      triage.drainQueue();
      assertThat(triage.process(question(1)).status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(decider.calls).hasValue(3);
      assertThat(batch.jobs).isEmpty();
      assertThat(record("urgent").status()).isEqualTo(TriageStatus.PROCESSED);
    }
  }

  @Test
  void theWorkerThreadSubmitsOneJobAndStoresItsResults() throws Exception {
    ScriptedBatchDecider batch = new ScriptedBatchDecider();
    for (int i = 0; i < 20; i++) { // queued before the worker starts, so that its first drain takes them all
      store.enqueue(EmailRecord.queued(question(i), "job-" + i, clock.instant()));
    }
    CountDownLatch decided = new CountDownLatch(20);
    try (EmailTriage triage = EmailTriage.builder().decider(decider).batchDecider(batch).store(store).clock(clock)
        .workerThreads(1).pollInterval(Duration.ofMillis(5))
        .listener(new TriageListener() {
          @Override
          public void onDecision(Email email, TriageResult result) {
            decided.countDown();
          }
        }).build()) {
      assertThat(batch.submitted.await(30, TimeUnit.SECONDS)).isTrue();
      batch.answer((id, emails) -> ScriptedBatchDecider.endedWith(emails, Action.IGNORE, Map.of()));
      clock.advance(ScriptedBatchDecider.POLL_DELAY);
      assertThat(decided.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(triage.queueDepth()).isZero();
    }
    assertThat(batch.jobs).singleElement().satisfies(j -> assertThat(j).hasSize(20));
    for (int i = 0; i < 20; i++) {
      assertThat(record("q-" + i).status()).isEqualTo(TriageStatus.PROCESSED);
    }
    assertThat(decider.calls).hasValue(0);
  }

  @Test
  void aResultForAnEmailTakenOverSinceIsDropped() {
    ScriptedBatchDecider batch = new ScriptedBatchDecider();
    try (EmailTriage triage = pipeline(batch).build()) {
      triage.submit(question(1));
      triage.submit(question(2));
      triage.drainQueue();
      // someone re-triages q-1 under a new lease while the job runs (a tool, an operator)
      EmailRecord held = record("q-1");
      EmailRecord taken = store.tryLease(held, Duration.ofMinutes(1), clock.instant(), true).orElse(null);
      assertThat(taken).as("a live lease is not taken").isNull();
      store.save(held.processed(ScriptedDecider.model(Action.IGNORE, DefaultPrompt.create()), null, 0,
          clock.instant()).withLeaseVersion(held.leaseVersion() + 1));
      batch.answer((id, emails) -> ScriptedBatchDecider.endedWith(emails, Action.RESPOND, Map.of()));
      clock.advance(ScriptedBatchDecider.POLL_DELAY);
      triage.drainQueue();
      assertThat(record("q-1").decision().action()).isEqualTo(Action.IGNORE);
      assertThat(record("q-2").decision().action()).isEqualTo(Action.RESPOND);
      assertThat(decidedTimes).containsOnlyKeys("q-2");
    }
  }
}
