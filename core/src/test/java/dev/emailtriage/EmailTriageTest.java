package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.RuleOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EmailTriageTest {

  private static EmailTriage.Builder pipeline(ScriptedDecider decider, InMemoryDecisionStore store) {
    return EmailTriage.builder().decider(decider).store(store).workerThreads(0)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(1));
  }

  @Test
  void modelDecisionIsStoredWithPromptAndModelVersion() {
    var decider = ScriptedDecider.answering(Action.RESPOND);
    var store = new InMemoryDecisionStore();
    try (EmailTriage triage = pipeline(decider, store).build()) {
      TriageResult r = triage.process(TestEmails.question("m1"));
      assertThat(r.status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(r.decision().source()).isEqualTo(DecisionSource.MODEL);
      assertThat(r.decision().promptId()).isEqualTo(DefaultPrompt.ID);
      assertThat(r.decision().modelVersion()).isEqualTo("test-model");
      assertThat(store.find("m1")).get().extracting(EmailRecord::status).isEqualTo(TriageStatus.PROCESSED);
      assertThat(store.find("m1").get().fingerprint()).isNotBlank();
    }
  }

  @Test
  void sameEmailIdIsDecidedOnce() {
    var decider = ScriptedDecider.answering(Action.RESPOND);
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).build()) {
      TriageResult first = triage.process(TestEmails.question("m1"));
      TriageResult second = triage.process(TestEmails.question("m1"));
      assertThat(decider.calls).hasValue(1);
      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void hundredThreadsSubmittingOneEmailIdGiveOneDeciderCall() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var decider = new ScriptedDecider((email, prompt) -> {
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ScriptedDecider.model(Action.RESPOND, prompt);
    });
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).build()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<TriageResult>> results = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return triage.process(TestEmails.question("same"));
        }));
      }
      start.countDown();
      Thread.sleep(200);
      release.countDown();
      for (Future<TriageResult> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(TriageStatus.PROCESSED);
      }
      assertThat(decider.calls).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void exactDuplicateFromAnotherIdReusesIgnoreFromCache() {
    var decider = ScriptedDecider.answering(Action.IGNORE);
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).build()) {
      triage.process(TestEmails.question("a"));
      TriageResult copy = triage.process(TestEmails.question("b", "someone.else@example.org"));
      assertThat(decider.calls).hasValue(1);
      assertThat(copy.decision().source()).isEqualTo(DecisionSource.CACHE);
      assertThat(copy.decision().action()).isEqualTo(Action.IGNORE);
      assertThat(copy.decision().tokenUsage()).isNull();
    }
  }

  @Test
  void nearDuplicateReusesIgnoreDecision() {
    var decider = ScriptedDecider.answering(Action.IGNORE);
    String newsletter = "Olá {name}, confira as novidades da semana na nossa loja: lançamentos de outono, "
        + "descontos em toda a linha de cuidados com a pele, frete grátis para compras acima de cem reais, "
        + "dicas de uso dos nossos produtos, a agenda de eventos nas lojas físicas e o programa de fidelidade "
        + "que agora dá pontos em dobro para quem indicar amigos. Aproveite enquanto durarem os estoques.";
    Email original = TestEmails.question("a").toBuilder().subject("Novidades da semana")
        .body(newsletter.replace("{name}", "Maria")).build();
    Email near = original.toBuilder().emailId("b").from("loja@example.com")
        .body(newsletter.replace("{name}", "Joaquim")).build();
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).build()) {
      triage.process(original);
      TriageResult r = triage.process(near);
      assertThat(r.decision().source()).isEqualTo(DecisionSource.CACHE);
      assertThat(decider.calls).hasValue(1);
    }
  }

  @Test
  void differentEmailIsACacheMiss() {
    var decider = ScriptedDecider.answering(Action.IGNORE);
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).build()) {
      triage.process(TestEmails.question("a"));
      triage.process(TestEmails.question("b").toBuilder()
          .body("Bom dia, meu pedido 4411 chegou quebrado e quero devolver; como faço a troca?").build());
      assertThat(decider.calls).hasValue(2);
    }
  }

  @Test
  void cachedDraftIsNeverGivenToADifferentSender() {
    var decider = ScriptedDecider.answering(Action.RESPOND);
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).build()) {
      triage.process(TestEmails.question("a", "Ana <ana@example.com>"));
      TriageResult other = triage.process(TestEmails.question("b", "bruno@example.com"));
      TriageResult sameSender = triage.process(TestEmails.question("c", "ANA@example.com"));
      assertThat(other.decision().source()).isEqualTo(DecisionSource.MODEL);
      assertThat(sameSender.decision().source()).isEqualTo(DecisionSource.CACHE);
      assertThat(sameSender.decision().suggestedResponse()).isNotNull();
      assertThat(decider.calls).hasValue(2);
    }
  }

  @Test
  void cacheIsScopedByPromptVersion() {
    var decider = ScriptedDecider.answering(Action.IGNORE);
    var prompts = new InMemoryPromptRepository();
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).promptSource(prompts).build()) {
      triage.process(TestEmails.question("a"));
      prompts.update(DefaultPrompt.NAME, "Outro prompt", null, "test");
      TriageResult r = triage.process(TestEmails.question("b"));
      assertThat(r.decision().source()).isEqualTo(DecisionSource.MODEL);
      assertThat(r.decision().promptVersion()).isEqualTo(2);
      assertThat(decider.calls).hasValue(2);
    }
  }

  @Test
  void ruleDecidesWithoutCallingTheModel() {
    var decider = ScriptedDecider.answering(Action.RESPOND);
    Email autoReply = TestEmails.question("ar").toBuilder().header("Auto-Submitted", "auto-replied").build();
    List<String> ruleHits = new ArrayList<>();
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore())
        .listener(new TriageListener() {
          @Override
          public void onRuleHit(String rule) {
            ruleHits.add(rule);
          }
        }).build()) {
      TriageResult r = triage.process(autoReply);
      assertThat(r.decision().source()).isEqualTo(DecisionSource.RULE);
      assertThat(r.decision().action()).isEqualTo(Action.IGNORE);
      assertThat(r.decision().rule()).isNotBlank();
      assertThat(ruleHits).containsExactly(r.decision().rule());
      assertThat(decider.calls).hasValue(0);
    }
  }

  @Test
  void userRuleRunsBeforeBuiltInRulesAndCanForceTheModel() {
    var decider = ScriptedDecider.answering(Action.RESPOND);
    Email autoReplyFromVip = TestEmails.question("vip", "ceo@bigclient.com").toBuilder()
        .header("Auto-Submitted", "auto-replied").build();
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore())
        .addRule(new dev.emailtriage.spi.Rule() {
          @Override
          public String name() {
            return "vip";
          }

          @Override
          public RuleOutcome evaluate(Email email) {
            return email.from().endsWith("@bigclient.com") ? RuleOutcome.consultModel("VIP") : RuleOutcome.abstain();
          }
        }).build()) {
      assertThat(triage.process(autoReplyFromVip).decision().source()).isEqualTo(DecisionSource.MODEL);
    }
  }

  @Test
  void lowConfidenceIsFlaggedForReview() {
    var decider = new ScriptedDecider((email, prompt) ->
        ScriptedDecider.model(Action.RESPOND, prompt).toBuilder().confidence(0.55).build());
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).reviewThreshold(0.6).build()) {
      assertThat(triage.process(TestEmails.question("m")).decision().needsReview()).isTrue();
    }
  }

  @Test
  void failingDeciderLeavesEmailFailedRetryableAndWorkerDecidesItLater() {
    AtomicBoolean down = new AtomicBoolean(true);
    var decider = new ScriptedDecider((email, prompt) -> {
      if (down.get()) {
        throw new DeciderException(DeciderException.Kind.UNAVAILABLE, "503 model overloaded");
      }
      return ScriptedDecider.model(Action.RESPOND, prompt);
    });
    var store = new InMemoryDecisionStore();
    try (EmailTriage triage = pipeline(decider, store).build()) {
      TriageResult failed = triage.process(TestEmails.question("m"));
      assertThat(failed.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(failed.retryable()).isTrue();
      assertThat(failed.error()).contains("503");
      EmailRecord stored = store.find("m").orElseThrow();
      assertThat(stored.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(stored.attempts()).isEqualTo(1);
      assertThat(store.queueDepth()).isEqualTo(1);

      down.set(false);
      awaitDue();
      assertThat(triage.drainQueue()).isEqualTo(1);
      EmailRecord decided = store.find("m").orElseThrow();
      assertThat(decided.status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(decided.attempts()).isEqualTo(2);
      assertThat(decider.calls).hasValue(2);
    }
  }

  @Test
  void serversRetryDelayPostponesTheNextAttempt() {
    var decider = new ScriptedDecider((email, prompt) -> {
      throw new DeciderException(DeciderException.Kind.RATE_LIMITED, "429", null, Duration.ofMinutes(10));
    });
    var store = new InMemoryDecisionStore();
    try (EmailTriage triage = pipeline(decider, store).build()) {
      java.time.Instant before = java.time.Instant.now();
      triage.process(TestEmails.question("m"));
      assertThat(store.find("m").orElseThrow().dueAt()).isAfter(before.plus(Duration.ofMinutes(9)));
      assertThat(triage.drainQueue()).isZero();
    }
  }

  @Test
  void nonRetryableFailureIsFinal() {
    var decider = new ScriptedDecider((email, prompt) -> {
      throw new DeciderException(DeciderException.Kind.BLOCKED, "SAFETY");
    });
    var store = new InMemoryDecisionStore();
    try (EmailTriage triage = pipeline(decider, store).build()) {
      TriageResult r = triage.process(TestEmails.question("m"));
      assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(r.retryable()).isFalse();
      awaitDue();
      assertThat(triage.drainQueue()).isZero();
      assertThat(store.queueDepth()).isZero();
    }
  }

  @Test
  void failureAfterMaxAttemptsIsFinal() {
    var decider = new ScriptedDecider((email, prompt) -> {
      throw new IllegalStateException("boom");
    });
    var store = new InMemoryDecisionStore();
    try (EmailTriage triage = pipeline(decider, store).maxAttempts(2).build()) {
      triage.process(TestEmails.question("m"));
      awaitDue();
      triage.drainQueue();
      EmailRecord r = store.find("m").orElseThrow();
      assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(r.retryable()).isFalse();
      assertThat(decider.calls).hasValue(2);
    }
  }

  @Test
  void fallbackDecidesWhenTheModelFails() {
    var decider = new ScriptedDecider((email, prompt) -> {
      throw new DeciderException(DeciderException.Kind.RATE_LIMITED, "429");
    });
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore())
        .fallback(new OfflineFallbackDecider()).build()) {
      TriageResult r = triage.process(TestEmails.question("m"));
      assertThat(r.status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(r.decision().source()).isEqualTo(DecisionSource.FALLBACK);
      assertThat(r.decision().needsReview()).isTrue();
    }
  }

  @Test
  void hangingDeciderIsCutByTheDeadline() {
    CountDownLatch never = new CountDownLatch(1);
    var decider = new ScriptedDecider((email, prompt) -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("interrupted");
    });
    var store = new InMemoryDecisionStore();
    try (EmailTriage triage = pipeline(decider, store).deciderTimeout(Duration.ofMillis(200)).build()) {
      long t0 = System.nanoTime();
      TriageResult r = triage.process(TestEmails.question("m"));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(r.error()).contains("TIMEOUT");
      assertThat(store.find("m").orElseThrow().retryable()).isTrue();
    }
  }

  @Test
  void invalidDecisionFromDeciderIsAFailureNotAStoredDecision() {
    var decider = new ScriptedDecider((email, prompt) ->
        ScriptedDecider.model(Action.RESPOND, prompt).toBuilder().reason(" ").confidence(1.7).build());
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).build()) {
      TriageResult r = triage.process(TestEmails.question("m"));
      assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(r.error()).contains("INVALID_RESPONSE").contains("confidence").contains("reason");
    }
  }

  @Test
  void invalidEmailNamesEveryBadField() {
    Email bad = new Email(" ", null, "to@example.com", null, "body", null, null, java.util.Arrays.asList("ok", null), null, null);
    try (EmailTriage triage = EmailTriage.builder().workerThreads(0).build()) {
      assertThatThrownBy(() -> triage.process(bad))
          .isInstanceOfSatisfying(InvalidEmailException.class, e -> assertThat(e.violations())
              .extracting(InvalidEmailException.Violation::field)
              .containsExactlyInAnyOrder("email_id", "from", "subject", "received_at", "attachments[1]"));
    }
  }

  @Test
  void submitPersistsAsQueuedAndTheWorkerDecides() throws Exception {
    var decider = ScriptedDecider.answering(Action.RESPOND);
    var store = new InMemoryDecisionStore();
    try (EmailTriage triage = EmailTriage.builder().decider(decider).store(store)
        .pollInterval(Duration.ofMillis(20)).build()) {
      TriageResult queued = triage.submit(TestEmails.question("q"));
      assertThat(queued.status()).isEqualTo(TriageStatus.QUEUED);
      assertThat(queued.jobId()).startsWith("job_");
      assertThat(store.find("q")).isPresent();
      long until = System.currentTimeMillis() + 5000;
      while (store.find("q").orElseThrow().status() != TriageStatus.PROCESSED && System.currentTimeMillis() < until) {
        Thread.sleep(10);
      }
      EmailRecord done = store.find("q").orElseThrow();
      assertThat(done.status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(done.jobId()).isEqualTo(queued.jobId());
    }
  }

  @Test
  void queuedEmailsSurviveBeingHandedToANewPipelineOverTheSameStore() {
    var store = new InMemoryDecisionStore();
    var first = ScriptedDecider.answering(Action.RESPOND);
    EmailTriage crashed = pipeline(first, store).build();
    crashed.submit(TestEmails.question("q1"));
    crashed.submit(TestEmails.question("q2", "outra@example.com"));
    crashed.close();
    assertThat(first.calls).hasValue(0);

    var second = ScriptedDecider.answering(Action.RESPOND);
    try (EmailTriage restarted = pipeline(second, store).build()) {
      assertThat(restarted.drainQueue()).isEqualTo(2);
    }
    assertThat(store.find("q1").orElseThrow().status()).isEqualTo(TriageStatus.PROCESSED);
    assertThat(store.find("q2").orElseThrow().status()).isEqualTo(TriageStatus.PROCESSED);
  }

  @Test
  void processAsyncCompletesWithTheDecision() throws Exception {
    try (EmailTriage triage = pipeline(ScriptedDecider.answering(Action.RESPOND), new InMemoryDecisionStore())
        .build()) {
      assertThat(triage.processAsync(TestEmails.question("m")).get(5, TimeUnit.SECONDS).status())
          .isEqualTo(TriageStatus.PROCESSED);
    }
  }

  @Test
  void retriageDecidesFallbackDecisionsAgainWithTheModel() {
    var store = new InMemoryDecisionStore();
    try (EmailTriage offline = EmailTriage.builder().store(store).workerThreads(0).build()) {
      assertThat(offline.process(TestEmails.question("m")).decision().source()).isEqualTo(DecisionSource.FALLBACK);
    }
    var model = ScriptedDecider.answering(Action.IGNORE);
    try (EmailTriage online = pipeline(model, store).build()) {
      assertThat(online.retriage(DecisionSource.FALLBACK, 100)).isEqualTo(1);
    }
    assertThat(store.find("m").orElseThrow().decision().source()).isEqualTo(DecisionSource.MODEL);
  }

  @Test
  void closedPipelineRefusesWork() {
    EmailTriage triage = EmailTriage.builder().workerThreads(0).build();
    triage.close();
    assertThatThrownBy(() -> triage.process(TestEmails.question("m"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builderRejectsBadSettingsNamingThem() {
    assertThatThrownBy(() -> EmailTriage.builder().reviewThreshold(1.5)).hasMessageContaining("reviewThreshold");
    assertThatThrownBy(() -> EmailTriage.builder().deciderTimeout(Duration.ZERO))
        .hasMessageContaining("deciderTimeout");
    assertThatThrownBy(() -> EmailTriage.builder().maxConcurrentModelCalls(0))
        .hasMessageContaining("maxConcurrentModelCalls");
    assertThatThrownBy(() -> EmailTriage.builder().cacheMaxSize(0)).hasMessageContaining("cacheMaxSize");
    assertThatThrownBy(() -> EmailTriage.builder().workerThreads(-1)).hasMessageContaining("workerThreads");
    assertThatThrownBy(() -> EmailTriage.builder().maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> EmailTriage.builder().deciderTimeout(Duration.ofSeconds(10))
        .lease(Duration.ofSeconds(5)).build()).hasMessageContaining("lease");
  }

  @Test
  void builderRejectsAComponentSetTwice() {
    assertThatThrownBy(() -> EmailTriage.builder().store(new InMemoryDecisionStore())
        .store(new InMemoryDecisionStore())).isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
  }

  /** Retry backoff is 1 ms in these tests; wait past it. */
  private static void awaitDue() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
