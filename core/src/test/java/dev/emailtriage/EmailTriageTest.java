package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.RuleOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EmailTriageTest {

  private final MutableClock clock = new MutableClock(TestEmails.RECEIVED);

  private EmailTriage.Builder pipeline(ScriptedDecider decider, InMemoryDecisionStore store) {
    return EmailTriage.builder().decider(decider).store(store).workerThreads(0).clock(clock)
        .retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
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
    CountDownLatch entered = new CountDownLatch(1);
    var decider = new ScriptedDecider((email, prompt) -> {
      entered.countDown();
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
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
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
      triage.process(TestEmails.question("m"));
      assertThat(store.find("m").orElseThrow().dueAt()).isEqualTo(TestEmails.RECEIVED.plus(Duration.ofMinutes(10)));
      clock.advance(Duration.ofMinutes(10).minusNanos(1000));
      assertThat(triage.drainQueue()).isZero();
      clock.advance(Duration.ofNanos(1000));
      assertThat(triage.drainQueue()).isEqualTo(1);
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
      // the decider never answers: only the deadline can end this call
      TriageResult r = triage.process(TestEmails.question("m"));
      assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(r.error()).contains("TIMEOUT");
      assertThat(store.find("m").orElseThrow().retryable()).isTrue();
    }
  }

  /**
   * A decider that honours its time limit (it overrides the three-argument {@code decide}, as the model adapters
   * do), answering with {@code answer}.
   */
  private static Decider timeAware(BiFunction<Email, Prompt, Decision> answer) {
    return new Decider() {
      @Override
      public Decision decide(Email email, Prompt prompt) {
        throw new AssertionError("the pipeline must call the three-argument method");
      }

      @Override
      public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
        return answer.apply(email, prompt);
      }

      @Override
      public String name() {
        return "time-aware";
      }
    };
  }

  @Test
  void aDeciderThatHonoursItsTimeLimitIsCalledOnTheCallersThread() {
    List<Thread> threads = new ArrayList<>();
    Decider decider = timeAware((email, prompt) -> {
      threads.add(Thread.currentThread());
      return ScriptedDecider.model(Action.IGNORE, prompt);
    });
    try (EmailTriage triage = EmailTriage.builder().decider(decider).workerThreads(0).build()) {
      assertThat(triage.process(TestEmails.question("here")).decision().source()).isEqualTo(DecisionSource.MODEL);
    }
    assertThat(threads).containsExactly(Thread.currentThread());
  }

  @Test
  void aDeciderThatCannotKnowItsTimeLimitIsCalledOnThePipelinesThreads() {
    List<Thread> threads = new ArrayList<>();
    var decider = new ScriptedDecider((email, prompt) -> {
      threads.add(Thread.currentThread());
      return ScriptedDecider.model(Action.IGNORE, prompt);
    });
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).build()) {
      assertThat(triage.process(TestEmails.question("pool")).decision().source()).isEqualTo(DecisionSource.MODEL);
    }
    assertThat(threads).singleElement().isNotEqualTo(Thread.currentThread());
  }

  @Test
  void aCascadeRunsOnTheCallersThreadOnlyWhenBothItsDecidersHonourTheTimeLimit() {
    List<Thread> threads = new ArrayList<>();
    Decider failing = timeAware((email, prompt) -> {
      throw new DeciderException(DeciderException.Kind.UNAVAILABLE, "cheap model down");
    });
    Decider timeAwareStrong = timeAware((email, prompt) -> {
      threads.add(Thread.currentThread());
      return ScriptedDecider.model(Action.IGNORE, prompt);
    });
    var untimedStrong = new ScriptedDecider((email, prompt) -> {
      threads.add(Thread.currentThread());
      return ScriptedDecider.model(Action.IGNORE, prompt);
    });

    try (EmailTriage triage = EmailTriage.builder().decider(Deciders.cascade(failing, timeAwareStrong).build())
        .workerThreads(0).build()) {
      assertThat(triage.process(TestEmails.question("both aware")).decision().source())
          .isEqualTo(DecisionSource.MODEL);
    }
    assertThat(threads).containsExactly(Thread.currentThread());

    threads.clear();
    try (EmailTriage triage = EmailTriage.builder().decider(Deciders.cascade(failing, untimedStrong).build())
        .workerThreads(0).build()) {
      assertThat(triage.process(TestEmails.question("strong untimed")).decision().source())
          .isEqualTo(DecisionSource.MODEL);
    }
    assertThat(threads).as("a child that cannot know the limit: the pipeline's own threads, so it can be cut")
        .singleElement().isNotEqualTo(Thread.currentThread());
  }

  @Test
  void aTimeAwareDeciderStillRunningAtTheDeadlineIsInterruptedAndItsLateAnswerDiscarded() {
    CountDownLatch interrupted = new CountDownLatch(1);
    Decider decider = timeAware((email, prompt) -> {
      try {
        new CountDownLatch(1).await(); // never counted down: only the deadline's interrupt ends the wait
      } catch (InterruptedException e) {
        interrupted.countDown(); // and, not restoring the flag, answers anyway: too late
      }
      return ScriptedDecider.model(Action.RESPOND, prompt);
    });
    var store = new InMemoryDecisionStore();
    try (EmailTriage triage = EmailTriage.builder().decider(decider).store(store).workerThreads(0).clock(clock)
        .deciderTimeout(Duration.ofMillis(200)).build()) {
      TriageResult r = triage.process(TestEmails.question("late"));
      assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(r.error()).contains("TIMEOUT");
      assertThat(interrupted.getCount()).isZero();
      assertThat(Thread.currentThread().isInterrupted()).as("the cut's interrupt is not left on the caller")
          .isFalse();
      assertThat(store.find("late").orElseThrow().retryable()).isTrue();
    }
  }

  @Test
  void closingThePipelineInterruptsACallRunningOnTheCallersThread() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    Decider decider = timeAware((email, prompt) -> {
      entered.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("interrupted");
    });
    ExecutorService caller = Executors.newSingleThreadExecutor();
    EmailTriage triage = EmailTriage.builder().decider(decider).workerThreads(0).clock(clock)
        .deciderTimeout(Duration.ofMinutes(5)).build();
    try {
      Future<TriageResult> result = caller.submit(() -> triage.process(TestEmails.question("closing")));
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      triage.close(); // long before the five-minute deadline
      TriageResult r = result.get(10, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(r.error()).contains("the pipeline closed");
      assertThat(r.retryable()).isTrue();
    } finally {
      triage.close();
      caller.shutdownNow();
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
    CountDownLatch decided = new CountDownLatch(1);
    try (EmailTriage triage = EmailTriage.builder().decider(decider).store(store).clock(clock)
        .listener(new TriageListener() {
          @Override
          public void onDecision(Email email, TriageResult result) {
            decided.countDown();
          }
        }).build()) {
      TriageResult queued = triage.submit(TestEmails.question("q"));
      assertThat(queued.status()).isEqualTo(TriageStatus.QUEUED);
      assertThat(queued.jobId()).startsWith("job_");
      assertThat(store.find("q")).isPresent();
      assertThat(decided.await(10, TimeUnit.SECONDS)).as("the worker woken by submit decided it").isTrue();
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
    try (EmailTriage offline = EmailTriage.builder().store(store).workerThreads(0).clock(clock).build()) {
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
  }

  @Test
  void builderRejectsAComponentSetTwice() {
    assertThatThrownBy(() -> EmailTriage.builder().store(new InMemoryDecisionStore())
        .store(new InMemoryDecisionStore())).isInstanceOf(IllegalStateException.class).hasMessageContaining("store");
  }

  // ---------------------------------------------------------------- strict builder: each setting once

  @Test
  void everyScalarSettingIsRefusedTheSecondTime() {
    Map<String, Consumer<EmailTriage.Builder>> settings = new LinkedHashMap<>();
    settings.put("decider", b -> b.decider(new OfflineFallbackDecider()));
    settings.put("fallback", b -> b.fallback(new OfflineFallbackDecider()));
    settings.put("batchDecider", b -> b.batchDecider(new ScriptedBatchDecider()));
    settings.put("store", b -> b.store(new InMemoryDecisionStore()));
    settings.put("promptSource", b -> b.promptSource(new InMemoryPromptRepository()));
    settings.put("rules", b -> b.rules(List.of()));
    settings.put("rulesEnabled", b -> b.rulesEnabled(true));
    settings.put("cacheEnabled", b -> b.cacheEnabled(true));
    settings.put("cacheMaxSize", b -> b.cacheMaxSize(10));
    settings.put("cacheTtl", b -> b.cacheTtl(Duration.ofMinutes(1)));
    settings.put("reviewThreshold", b -> b.reviewThreshold(0.5));
    settings.put("deciderTimeout", b -> b.deciderTimeout(Duration.ofSeconds(5)));
    settings.put("maxConcurrentModelCalls", b -> b.maxConcurrentModelCalls(2));
    settings.put("workerThreads", b -> b.workerThreads(2));
    settings.put("pollInterval", b -> b.pollInterval(Duration.ofSeconds(2)));
    settings.put("maxAttempts", b -> b.maxAttempts(3));
    settings.put("retryBackoff", b -> b.retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    settings.put("lease", b -> b.lease(Duration.ofMinutes(5)));
    settings.put("promptCacheTtl", b -> b.promptCacheTtl(Duration.ofSeconds(1)));
    settings.put("clock", b -> b.clock(Clock.systemUTC()));
    settings.put("senderMemory", b -> b.senderMemory(SenderMemory.builder().build()));
    settings.forEach((name, set) -> {
      EmailTriage.Builder b = EmailTriage.builder();
      set.accept(b);
      assertThatThrownBy(() -> set.accept(b)).as(name).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(name);
    });
  }

  private static dev.emailtriage.spi.Rule abstaining(String name) {
    return new dev.emailtriage.spi.Rule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RuleOutcome evaluate(Email email) {
        return RuleOutcome.abstain();
      }
    };
  }

  @Test
  void rulesAndListenersAddUp() {
    var decider = ScriptedDecider.answering(Action.RESPOND);
    List<String> heard = new ArrayList<>();
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore())
        .addRule(abstaining("one")).addRule(abstaining("two"))
        .listener(new TriageListener() {
          @Override
          public void onDecision(Email email, TriageResult result) {
            heard.add("one");
          }
        })
        .listener(new TriageListener() {
          @Override
          public void onDecision(Email email, TriageResult result) {
            heard.add("two");
          }
        }).build()) {
      triage.process(TestEmails.question("m"));
      assertThat(heard).containsExactly("one", "two");
    }
  }

  // ---------------------------------------------------------------- strict builder: one test per refusal

  @Test
  void buildRefusesACacheSizeWithTheCacheDisabled() {
    assertThatThrownBy(() -> EmailTriage.builder().cacheEnabled(false).cacheMaxSize(10).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cacheMaxSize");
  }

  @Test
  void buildRefusesACacheTimeWithTheCacheDisabled() {
    assertThatThrownBy(() -> EmailTriage.builder().cacheTtl(Duration.ofMinutes(5)).cacheEnabled(false).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cacheTtl");
  }

  @Test
  void buildRefusesRulesThatRulesEnabledFalseTurnsOff() {
    assertThatThrownBy(() -> EmailTriage.builder().rulesEnabled(false).rules(BuiltInRules.defaults()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("rules");
  }

  @Test
  void buildRefusesAPollIntervalWithoutWorkers() {
    assertThatThrownBy(() -> EmailTriage.builder().workerThreads(0).pollInterval(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("pollInterval");
  }

  @Test
  void buildRefusesARetryBackoffWhenNothingIsRetried() {
    assertThatThrownBy(() -> EmailTriage.builder().maxAttempts(1)
        .retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("retryBackoff");
  }

  @Test
  void buildRefusesALeaseNotLongerThanTheDeciderTimeout() {
    assertThatThrownBy(() -> EmailTriage.builder().deciderTimeout(Duration.ofSeconds(10))
        .lease(Duration.ofSeconds(10)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("lease");
  }

  @Test
  void buildRefusesADefaultLeaseShorterThanALongDeciderTimeoutOnlyWhenTheLeaseIsSet() {
    try (EmailTriage ok = EmailTriage.builder().workerThreads(0).deciderTimeout(Duration.ofMinutes(10)).build()) {
      assertThat(ok).isNotNull();
    }
    assertThatThrownBy(() -> EmailTriage.builder().lease(Duration.ofSeconds(30)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("deciderTimeout");
  }

  @Test
  void consistentSettingsBuild() {
    try (EmailTriage triage = EmailTriage.builder().cacheEnabled(false).rulesEnabled(false).workerThreads(0)
        .maxAttempts(1).deciderTimeout(Duration.ofSeconds(5)).lease(Duration.ofSeconds(6)).build()) {
      assertThat(triage.process(TestEmails.question("m")).status()).isEqualTo(TriageStatus.PROCESSED);
    }
  }

  // ---------------------------------------------------------------- the facade

  @Test
  void theFacadeListsMarksAndSummarisesWithoutTheStore() {
    try (EmailTriage triage = pipeline(ScriptedDecider.answering(Action.RESPOND), new InMemoryDecisionStore())
        .build()) {
      triage.process(TestEmails.question("f1"));
      triage.process(TestEmails.question("f2", "outro@example.com").toBuilder()
          .body("Meu pedido 12 chegou quebrado, quero a troca ainda esta semana por favor.").build());
      assertThat(triage.list(EmailQuery.all()).items()).extracting(EmailRecord::emailId)
          .containsExactlyInAnyOrder("f1", "f2");
      Feedback fb = new Feedback(Action.IGNORE, null, "não era pergunta", TestEmails.RECEIVED);
      assertThat(triage.feedback("f1", fb)).isTrue();
      assertThat(triage.feedback("nope", fb)).isFalse();
      assertThat(triage.markResponseSent("f2")).isTrue();
      assertThat(triage.record("f1").orElseThrow().feedback()).isEqualTo(fb);
      assertThat(triage.record("f2").orElseThrow().responseSent()).isTrue();
      LocalDate day = LocalDate.ofInstant(TestEmails.RECEIVED, ZoneOffset.UTC);
      assertThat(triage.summary(day, day).totals().emailsResponded()).isEqualTo(2);
      assertThat(triage.dailySeries(day.minusDays(1), day)).containsExactly(
          new DailyCount(day.minusDays(1), 0, 0, 0), new DailyCount(day, 2, 2, 0));
      assertThat(triage.queueDepth()).isZero();
    }
  }

  @Test
  void onFailureHearsTheStoredResult() {
    var decider = new ScriptedDecider((email, prompt) -> {
      throw new DeciderException(DeciderException.Kind.BLOCKED, "SAFETY");
    });
    List<TriageResult> heard = new ArrayList<>();
    var store = new InMemoryDecisionStore();
    try (EmailTriage triage = pipeline(decider, store).listener(new TriageListener() {
      @Override
      public void onFailure(Email email, TriageResult stored, Throwable error) {
        heard.add(stored);
      }
    }).build()) {
      triage.submit(TestEmails.question("bad"));
      triage.drainQueue();
      assertThat(heard).singleElement().satisfies(r -> {
        assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
        assertThat(r.retryable()).isFalse();
        assertThat(r.jobId()).startsWith("job_");
        assertThat(r).isEqualTo(store.find("bad").orElseThrow().toResult());
      });
    }
  }

  /** {@code store}, recording the name of every method called on it. */
  private static dev.emailtriage.spi.DecisionStore recording(InMemoryDecisionStore store, List<String> calls) {
    return (dev.emailtriage.spi.DecisionStore) java.lang.reflect.Proxy.newProxyInstance(
        dev.emailtriage.spi.DecisionStore.class.getClassLoader(),
        new Class<?>[] {dev.emailtriage.spi.DecisionStore.class}, (proxy, method, args) -> {
          calls.add(method.getName());
          try {
            return method.invoke(store, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void aNewEmailCostsTwoStoreStatementsAndAProcessedOneTwoReads() {
    List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    var decider = ScriptedDecider.answering(Action.RESPOND);
    try (EmailTriage triage = EmailTriage.builder().decider(decider).store(recording(new InMemoryDecisionStore(), calls))
        .workerThreads(0).cacheEnabled(false).clock(clock).build()) {
      triage.process(TestEmails.question("new"));
      assertThat(calls).containsExactly("tryLease", "complete");
      calls.clear();
      triage.process(TestEmails.question("new"));
      assertThat(calls).containsExactly("tryLease", "find");
    }
  }

  // ---------------------------------------------------------------- deadline, prompt, cache scope

  @Test
  void theDeciderIsGivenTheTimeLeftOfThePipelinesDeadline() {
    List<Duration> limits = new ArrayList<>();
    var decider = new dev.emailtriage.spi.Decider() {
      @Override
      public Decision decide(Email email, Prompt prompt) {
        throw new AssertionError("the pipeline must call the three-argument method");
      }

      @Override
      public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
        limits.add(timeLimit);
        return ScriptedDecider.model(Action.IGNORE, prompt);
      }
    };
    try (EmailTriage triage = EmailTriage.builder().decider(decider).workerThreads(0)
        .deciderTimeout(Duration.ofSeconds(7)).build()) {
      triage.process(TestEmails.question("t"));
    }
    assertThat(limits).singleElement().satisfies(d -> assertThat(d)
        .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void aDecisionIsStampedWithItsPromptWhateverTheDeciderSays() {
    var forgetful = new ScriptedDecider((email, prompt) ->
        ScriptedDecider.model(Action.IGNORE, prompt).toBuilder().prompt(null, 0).build());
    var prompts = new InMemoryPromptRepository();
    prompts.update(DefaultPrompt.NAME, "versão dois", null, "test");
    try (EmailTriage triage = pipeline(forgetful, new InMemoryDecisionStore()).promptSource(prompts).build()) {
      Decision d = triage.process(TestEmails.question("s")).decision();
      assertThat(d.promptId()).isEqualTo(DefaultPrompt.ID);
      assertThat(d.promptVersion()).isEqualTo(2);
    }
  }

  @Test
  void cacheIsScopedByDeciderAndModel() {
    var store = new InMemoryDecisionStore();
    var first = ScriptedDecider.answering(Action.IGNORE);
    try (EmailTriage triage = pipeline(first, store).build()) {
      triage.process(TestEmails.question("a"));
    }
    // same decider, same name, another model: nothing the first model decided is reused
    var other = new ScriptedDecider((email, prompt) -> ScriptedDecider.model(Action.IGNORE, prompt)) {
      @Override
      public String cacheScope() {
        return name() + ":another-model";
      }
    };
    assertThat(other.name()).isEqualTo(first.name());
    try (EmailTriage triage = pipeline(other, store).build()) {
      TriageResult r = triage.process(TestEmails.question("b"));
      assertThat(r.decision().source()).isEqualTo(DecisionSource.MODEL);
      assertThat(other.calls).hasValue(1);
    }
    var same = ScriptedDecider.answering(Action.IGNORE);
    try (EmailTriage triage = pipeline(same, store).build()) {
      assertThat(triage.process(TestEmails.question("c")).decision().source()).isEqualTo(DecisionSource.CACHE);
      assertThat(same.calls).hasValue(0);
    }
  }

  /** A prompt source that counts how often its selection is fetched, and changes only behind the pipeline's back. */
  private static final class RemotePrompts implements dev.emailtriage.spi.PromptSource {
    final AtomicInteger fetches = new AtomicInteger();
    volatile Prompt current = DefaultPrompt.create();

    @Override
    public Prompt promptFor(Email email) {
      throw new AssertionError("the pipeline must pick from the cached selection");
    }

    @Override
    public Optional<dev.emailtriage.spi.PromptSelection> selection() {
      fetches.incrementAndGet();
      return Optional.of(dev.emailtriage.spi.PromptSelection.of(current));
    }
  }

  @Test
  void thePromptSelectionIsFetchedOncePerCacheTimeNotOncePerEmail() {
    RemotePrompts prompts = new RemotePrompts();
    var decider = new ScriptedDecider((email, prompt) -> ScriptedDecider.model(Action.RESPOND, prompt));
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).cacheEnabled(false)
        .promptSource(prompts).promptCacheTtl(Duration.ofSeconds(30)).build()) {
      for (int i = 0; i < 20; i++) {
        triage.process(TestEmails.question("p" + i));
      }
      assertThat(prompts.fetches).hasValue(1);
      Prompt p = prompts.current;
      prompts.current = new Prompt(p.id(), p.name(), 2, "novo", p.decisionCriteria(), true, p.createdAt());
      clock.advance(Duration.ofSeconds(29));
      assertThat(triage.process(TestEmails.question("before")).decision().promptVersion()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
      assertThat(triage.process(TestEmails.question("after")).decision().promptVersion()).isEqualTo(2);
      assertThat(prompts.fetches).hasValue(2);
    }
  }

  @Test
  void aChangeMadeThroughTheRepositoryIsSeenAtOnce() {
    var prompts = new InMemoryPromptRepository();
    var decider = ScriptedDecider.answering(Action.RESPOND);
    try (EmailTriage triage = pipeline(decider, new InMemoryDecisionStore()).cacheEnabled(false)
        .promptSource(prompts).promptCacheTtl(Duration.ofHours(1)).build()) {
      assertThat(triage.process(TestEmails.question("v1")).decision().promptVersion()).isEqualTo(1);
      prompts.update(DefaultPrompt.NAME, "versão dois", null, "test");
      assertThat(triage.process(TestEmails.question("v2")).decision().promptVersion()).isEqualTo(2);
    }
  }

  /** Retry backoff is at most 1 s in these tests: move the clock past it. */
  private void awaitDue() {
    clock.advance(Duration.ofSeconds(1));
  }
}
