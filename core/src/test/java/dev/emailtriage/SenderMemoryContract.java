package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.LearnedRuleStore;
import dev.emailtriage.spi.LearnedRuleStore.Evidence;
import dev.emailtriage.spi.LearnedRuleStore.SenderState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender memory's rules, each on its edge, run against a {@link LearnedRuleStore}: a store's test extends this
 * class and gives a fresh, empty store per call of {@link #store()} (the same store within one test). Also the
 * store's own compare-and-set behaviour.
 */
public abstract class SenderMemoryContract {

  private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
  private static final String SENDER = "news@shop.example";

  /** The store under test, empty at the start of each test (the same instance within a test). */
  protected abstract LearnedRuleStore store();

  private MutableClock clock;
  private final Map<String, Decision> answers = new ConcurrentHashMap<>();
  private final AtomicInteger modelCalls = new AtomicInteger();
  private final List<EmailTriage> pipelines = new ArrayList<>();
  private int seq;

  @BeforeEach
  void setUpClock() {
    clock = new MutableClock(T0);
  }

  @AfterEach
  void closePipelines() {
    pipelines.forEach(EmailTriage::close);
  }

  // ---------------------------------------------------------------- fixtures

  private SenderMemory memory() {
    return SenderMemory.builder().store(store()).clock(clock).repeats(3).minConfidence(0.9)
        .expireUnusedAfter(Duration.ofDays(30)).build();
  }

  private EmailTriage pipeline(SenderMemory memory) {
    Decider decider = new Decider() {
      @Override
      public Decision decide(Email email, Prompt prompt) {
        modelCalls.incrementAndGet();
        return answers.getOrDefault(email.emailId(), model(Action.IGNORE, 0.95));
      }

      @Override
      public String name() {
        return "scripted";
      }
    };
    EmailTriage t = EmailTriage.builder().decider(decider).store(new InMemoryDecisionStore(clock))
        .senderMemory(memory).cacheEnabled(false).workerThreads(0).clock(clock).build();
    pipelines.add(t);
    return t;
  }

  private static Decision model(Action action, double confidence) {
    return model(action, confidence, action == Action.RESPOND ? EmailType.QUESTION : EmailType.NEWSLETTER);
  }

  private static Decision model(Action action, double confidence, EmailType type) {
    return Decision.builder().action(action).confidence(confidence).emailType(type).urgency(Urgency.LOW)
        .reason("model says " + action.wireName()).source(DecisionSource.MODEL).modelVersion("m").build();
  }

  private Email mail(String from) {
    seq++;
    return Email.builder().emailId("e" + seq).from(from).to("support@biofraga.com")
        .subject("Ofertas da semana " + seq).body("Promoções exclusivas número " + seq + " para você.")
        .receivedAt(T0).build();
  }

  /** Processes a new email from {@code from} that the model would answer with {@code action}/{@code confidence}. */
  private TriageResult send(EmailTriage t, String from, Action action, double confidence) {
    Email e = mail(from);
    answers.put(e.emailId(), model(action, confidence));
    return t.process(e);
  }

  private TriageResult ignoreHigh(EmailTriage t) {
    return send(t, SENDER, Action.IGNORE, 0.95);
  }

  // ---------------------------------------------------------------- learning

  @Test
  void learnsAfterThreeConfidentModelIgnoresAndDecidesTheNextWithoutTheModel() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    ignoreHigh(t);
    ignoreHigh(t);
    assertThat(memory.rules()).as("two in a row are not enough at repeats 3").isEmpty();
    ignoreHigh(t);
    assertThat(memory.rules()).hasSize(1);
    int calls = modelCalls.get();

    TriageResult next = ignoreHigh(t);

    assertThat(modelCalls.get()).isEqualTo(calls);
    LearnedRule rule = memory.rules().get(0);
    assertThat(next.decision().source()).isEqualTo(DecisionSource.LEARNED);
    assertThat(next.decision().action()).isEqualTo(Action.IGNORE);
    assertThat(next.decision().rule()).isEqualTo(rule.id());
    assertThat(next.decision().reason()).contains(rule.id()).contains("e1, e2, e3").contains("3 times in a row");
    assertThat(rule.evidenceEmailIds()).containsExactly("e1", "e2", "e3");
    assertThat(rule.identity()).isEqualTo(SENDER);
    assertThat(rule.hits()).isEqualTo(1);
    assertThat(t.learnedRules()).extracting(LearnedRule::id).containsExactly(rule.id());
  }

  @Test
  void neverLearnsFromOneEmailEvenWhenItIsDecidedAgainAndAgain() {
    SenderMemory memory = memory();
    Email one = mail(SENDER);
    TriageResult r = EmailRecord.queued(one, null, T0).processed(model(Action.IGNORE, 0.99), null, 0.1, T0)
        .toResult();
    for (int i = 0; i < 5; i++) {
      memory.onDecision(one, r);
    }
    EmailRecord withFeedback = EmailRecord.queued(one, null, T0).processed(model(Action.IGNORE, 0.99), null, 0.1, T0)
        .withFeedback(new Feedback(Action.IGNORE, null, null, T0), T0);
    memory.onFeedback(withFeedback);
    assertThat(memory.rules()).isEmpty();
  }

  @Test
  void aPersonsIgnoreAndOneOtherConfidentIgnoreAreEnough() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    TriageResult first = send(t, SENDER, Action.IGNORE, 0.5); // not evidence by itself
    assertThat(t.feedback(first.emailId(), new Feedback(Action.IGNORE, EmailType.SPAM, null, T0))).isTrue();
    assertThat(memory.rules()).as("a person's word on one email is still one email").isEmpty();
    ignoreHigh(t);
    assertThat(memory.rules()).singleElement().satisfies(rule -> {
      assertThat(rule.evidence()).contains("by a person 1 time");
      assertThat(rule.emailType()).isEqualTo(EmailType.NEWSLETTER);
    });
  }

  @Test
  void confidenceAtTheThresholdCountsAndJustBelowBreaksTheRow() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    send(t, SENDER, Action.IGNORE, 0.90);
    send(t, SENDER, Action.IGNORE, 0.90);
    send(t, SENDER, Action.IGNORE, 0.89);
    send(t, SENDER, Action.IGNORE, 0.90);
    send(t, SENDER, Action.IGNORE, 0.90);
    assertThat(memory.rules()).as("0.89 broke the row").isEmpty();
    send(t, SENDER, Action.IGNORE, 0.90);
    assertThat(memory.rules()).singleElement()
        .satisfies(rule -> assertThat(rule.evidenceEmailIds()).containsExactly("e4", "e5", "e6"));
  }

  @Test
  void onlyMachineAndBulkMailTeachesAndAPersonsTypeBreaksTheRow() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    for (EmailType human : List.of(EmailType.OTHER, EmailType.AUTO_REPLY, EmailType.QUESTION)) {
      for (int i = 0; i < 3; i++) {
        Email e = mail(SENDER);
        answers.put(e.emailId(), model(Action.IGNORE, 0.97, human));
        t.process(e);
      }
    }
    assertThat(memory.rules()).as("nine confident ignores of a person's kinds of mail").isEmpty();
    ignoreHigh(t);
    ignoreHigh(t);
    Email fyi = mail(SENDER);
    answers.put(fyi.emailId(), model(Action.IGNORE, 0.97, EmailType.OTHER));
    t.process(fyi);
    ignoreHigh(t);
    assertThat(memory.rules()).as("the FYI broke the row").isEmpty();
    for (EmailType machine : List.of(EmailType.SPAM, EmailType.NOTIFICATION)) {
      Email e = mail(SENDER);
      answers.put(e.emailId(), model(Action.IGNORE, 0.97, machine));
      t.process(e);
    }
    assertThat(memory.rules()).singleElement().satisfies(r -> assertThat(r.emailType())
        .isEqualTo(EmailType.NOTIFICATION));
  }

  @Test
  void aPersonsIgnoreOfAPersonsKindOfMailTeachesNothing() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    TriageResult first = send(t, SENDER, Action.IGNORE, 0.5);
    t.feedback(first.emailId(), new Feedback(Action.IGNORE, EmailType.OTHER, null, T0));
    ignoreHigh(t);
    assertThat(memory.rules()).isEmpty();
  }

  @Test
  void anUncorrectedModelRespondBarsTheSender() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    ignoreHigh(t);
    ignoreHigh(t);
    send(t, SENDER, Action.RESPOND, 0.6);
    for (int i = 0; i < 6; i++) {
      ignoreHigh(t);
    }
    assertThat(memory.rules()).isEmpty();
    assertThat(store().find(SENDER)).get().satisfies(s -> {
      assertThat(s.barred()).isTrue();
      assertThat(s.barredReason()).contains("model decided respond to email e3");
    });
  }

  @Test
  void aModelRespondThatAPersonCorrectedToIgnoreNoLongerBarsTheSender() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    TriageResult wrong = send(t, SENDER, Action.RESPOND, 0.7);
    assertThat(store().find(SENDER)).get().satisfies(s -> {
      assertThat(s.barred()).isTrue();
      assertThat(s.barredReason()).contains("model decided respond to email " + wrong.emailId());
    });

    t.feedback(wrong.emailId(), new Feedback(Action.IGNORE, EmailType.NEWSLETTER, null, T0));

    assertThat(store().find(SENDER)).get().satisfies(s -> assertThat(s.barred()).isFalse());
    assertThat(memory.rules()).as("the person's ignore alone is one email: never learned from one").isEmpty();
    ignoreHigh(t);
    assertThat(memory.rules()).as("the person's ignore plus one more confident ignore").hasSize(1);
  }

  @Test
  void aCorrectedModelRespondLiftsTheBarOnlyWhenNoOtherUncorrectedRespondIsLeft() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    TriageResult first = send(t, SENDER, Action.RESPOND, 0.7);
    TriageResult second = send(t, SENDER, Action.RESPOND, 0.8);

    t.feedback(first.emailId(), new Feedback(Action.IGNORE, EmailType.NEWSLETTER, null, T0));
    for (int i = 0; i < 4; i++) {
      ignoreHigh(t);
    }
    assertThat(memory.rules()).as("the second respond still stands").isEmpty();
    assertThat(store().find(SENDER)).get().satisfies(s -> {
      assertThat(s.barred()).isTrue();
      assertThat(s.barredReason()).contains(second.emailId());
    });

    t.feedback(second.emailId(), new Feedback(Action.IGNORE, null, null, T0));
    assertThat(store().find(SENDER)).get().satisfies(s -> assertThat(s.barred()).isFalse());
    ignoreHigh(t);
    ignoreHigh(t);
    assertThat(memory.rules()).as("learned again from new evidence only").isEmpty();
    ignoreHigh(t);
    assertThat(memory.rules()).hasSize(1);
  }

  @Test
  void aPersonsRespondStillWinsOverACorrectedModelRespond() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    TriageResult wrong = send(t, SENDER, Action.RESPOND, 0.7);
    TriageResult real = send(t, SENDER, Action.IGNORE, 0.95);
    t.feedback(real.emailId(), new Feedback(Action.RESPOND, EmailType.QUESTION, "a real question", T0));

    t.feedback(wrong.emailId(), new Feedback(Action.IGNORE, EmailType.NEWSLETTER, null, T0));

    assertThat(store().find(SENDER)).get().satisfies(s -> {
      assertThat(s.barred()).isTrue();
      assertThat(s.barredReason()).contains("a person said respond to email " + real.emailId());
    });
    for (int i = 0; i < 5; i++) {
      ignoreHigh(t);
    }
    assertThat(memory.rules()).isEmpty();
  }

  @Test
  void aPersonConfirmingTheModelsRespondBarsForGoodAndALaterIgnoreCannotLiftIt() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    TriageResult answered = send(t, SENDER, Action.RESPOND, 0.9);
    t.feedback(answered.emailId(), new Feedback(null, null, "right", T0));
    t.feedback(answered.emailId(), new Feedback(Action.IGNORE, EmailType.NEWSLETTER, "changed my mind", T0));
    assertThat(store().find(SENDER)).get().satisfies(s -> assertThat(s.barred()).isTrue());
  }

  @Test
  void aCorrectionOfAnotherSendersRespondLiftsNothing() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    send(t, SENDER, Action.RESPOND, 0.7);
    TriageResult other = send(t, "other@shop.example", Action.RESPOND, 0.7);
    t.feedback(other.emailId(), new Feedback(Action.IGNORE, EmailType.NEWSLETTER, null, T0));
    assertThat(store().find(SENDER)).get().satisfies(s -> assertThat(s.barred()).isTrue());
    assertThat(store().find("other@shop.example")).get().satisfies(s -> assertThat(s.barred()).isFalse());
  }

  @Test
  void aCorrectedRespondOfTheCacheOrARuleLiftsNothing() {
    SenderMemory memory = memory();
    Email e = mail(SENDER);
    Decision cached = model(Action.RESPOND, 0.9).toBuilder().source(DecisionSource.CACHE).build();
    EmailRecord r = EmailRecord.queued(e, null, T0).processed(cached, null, 0.1, T0);
    memory.onDecision(e, r.toResult());
    memory.onFeedback(new EmailRecord(r.email(), r.status(), r.decision(), null, null, 1, null, false, T0, 0.1, T0,
        false, new Feedback(Action.IGNORE, EmailType.NEWSLETTER, null, T0), T0));
    assertThat(store().find(SENDER)).get().satisfies(s -> assertThat(s.barred()).isTrue());
  }

  @Test
  void moreUncorrectedModelRespondsThanAStateKeepsBarForGood() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    List<TriageResult> responds = new ArrayList<>();
    for (int i = 0; i <= SenderMemory.MAX_EVIDENCE; i++) {
      responds.add(send(t, SENDER, Action.RESPOND, 0.7));
    }
    for (TriageResult r : responds) {
      t.feedback(r.emailId(), new Feedback(Action.IGNORE, EmailType.NEWSLETTER, null, T0));
    }
    assertThat(store().find(SENDER)).get().satisfies(s -> {
      assertThat(s.barred()).isTrue();
      assertThat(s.barredReason()).contains("more than " + SenderMemory.MAX_EVIDENCE);
    });
  }

  @Test
  void aPersonsRespondOnTheLearnedDecisionRetiresTheRuleAtOnceAndWinsForGood() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    ignoreHigh(t);
    ignoreHigh(t);
    ignoreHigh(t);
    TriageResult learned = ignoreHigh(t);
    assertThat(learned.decision().source()).isEqualTo(DecisionSource.LEARNED);

    t.feedback(learned.emailId(), new Feedback(Action.RESPOND, EmailType.QUESTION, "a real order", T0));

    assertThat(memory.rules()).isEmpty();
    int calls = modelCalls.get();
    TriageResult after = ignoreHigh(t);
    assertThat(after.decision().source()).isEqualTo(DecisionSource.MODEL);
    assertThat(modelCalls.get()).isEqualTo(calls + 1);
    for (int i = 0; i < 5; i++) {
      ignoreHigh(t);
    }
    assertThat(memory.rules()).as("a person's respond always wins").isEmpty();
  }

  @Test
  void oneContraryFeedbackOnAnOlderEmailRetiresTheRule() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    TriageResult first = ignoreHigh(t);
    ignoreHigh(t);
    ignoreHigh(t);
    assertThat(memory.rules()).hasSize(1);
    t.feedback(first.emailId(), new Feedback(Action.RESPOND, null, null, T0));
    assertThat(memory.rules()).isEmpty();
  }

  @Test
  void feedbackAgreeingWithAnIgnoreIsEvidenceNotContrary() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    TriageResult first = send(t, SENDER, Action.IGNORE, 0.7);
    t.feedback(first.emailId(), new Feedback(null, null, "right", T0));
    ignoreHigh(t);
    assertThat(memory.rules()).hasSize(1);
  }

  @Test
  void expiresWhenUnusedAndEachUseMovesTheExpiryOn() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    ignoreHigh(t);
    ignoreHigh(t);
    ignoreHigh(t);
    clock.advance(Duration.ofDays(30).minusNanos(1000));
    assertThat(ignoreHigh(t).decision().source()).as("one microsecond before expiry").isEqualTo(DecisionSource.LEARNED);
    clock.advance(Duration.ofDays(30).minusNanos(1000));
    assertThat(ignoreHigh(t).decision().source()).as("the use moved the expiry on").isEqualTo(DecisionSource.LEARNED);
    clock.advance(Duration.ofDays(30));
    assertThat(memory.rules()).isEmpty();
    assertThat(ignoreHigh(t).decision().source()).as("expired: the model is asked").isEqualTo(DecisionSource.MODEL);
  }

  @Test
  void anExpiredRuleIsLearnedAgainFromNewEvidenceOnly() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    ignoreHigh(t);
    ignoreHigh(t);
    ignoreHigh(t);
    String first = memory.rules().get(0).id();
    clock.advance(Duration.ofDays(31));
    ignoreHigh(t);
    ignoreHigh(t);
    assertThat(memory.rules()).isEmpty();
    ignoreHigh(t);
    assertThat(memory.rules()).singleElement().satisfies(rule -> {
      assertThat(rule.id()).isNotEqualTo(first);
      assertThat(rule.evidenceEmailIds()).containsExactly("e4", "e5", "e6");
    });
  }

  @Test
  void revokeRetiresTheRuleAndBarsTheSender() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    ignoreHigh(t);
    ignoreHigh(t);
    ignoreHigh(t);
    String id = memory.rules().get(0).id();
    assertThat(t.revokeLearnedRule("lr_unknown")).isFalse();
    assertThat(t.revokeLearnedRule(id)).isTrue();
    assertThat(t.revokeLearnedRule(id)).as("already revoked").isFalse();
    for (int i = 0; i < 4; i++) {
      assertThat(ignoreHigh(t).decision().source()).isEqualTo(DecisionSource.MODEL);
    }
    assertThat(memory.rules()).isEmpty();
  }

  private Email reply(String from, Action action, double confidence) {
    Email e = mail(from).toBuilder().subject("Re: Ofertas " + seq).header("In-Reply-To", "<m" + seq + "@b>").build();
    answers.put(e.emailId(), model(action, confidence));
    return e;
  }

  @Test
  void aRuleLearnedFromASendersOtherMailNeverDecidesItsReplies() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    ignoreHigh(t);
    ignoreHigh(t);
    ignoreHigh(t);
    assertThat(t.process(reply(SENDER, Action.IGNORE, 0.95)).decision().source()).isEqualTo(DecisionSource.MODEL);
  }

  @Test
  void repliesAreLearnedFromTheSendersRepliesOnly() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    t.process(reply(SENDER, Action.IGNORE, 0.95));
    t.process(reply(SENDER, Action.IGNORE, 0.95));
    TriageResult plain = ignoreHigh(t);
    assertThat(plain.decision().source()).as("two replies teach nothing about other mail")
        .isEqualTo(DecisionSource.MODEL);
    t.process(reply(SENDER, Action.IGNORE, 0.95));

    assertThat(memory.rules()).extracting(LearnedRule::identity).containsExactly(SENDER + " reply");
    assertThat(t.process(reply(SENDER, Action.IGNORE, 0.95)).decision().source()).isEqualTo(DecisionSource.LEARNED);
    assertThat(ignoreHigh(t).decision().source()).isEqualTo(DecisionSource.MODEL);
  }

  @Test
  void aRespondToAnyMailOfTheSenderRetiresItsReplyRuleAndKeepsItsRepliesFromBeingLearned() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    for (int i = 0; i < 3; i++) {
      t.process(reply(SENDER, Action.IGNORE, 0.95));
    }
    assertThat(memory.rules()).hasSize(1);

    send(t, SENDER, Action.RESPOND, 0.9);

    assertThat(memory.rules()).isEmpty();
    assertThat(t.process(reply(SENDER, Action.IGNORE, 0.95)).decision().source()).isEqualTo(DecisionSource.MODEL);
    String other = "other@shop.example";
    send(t, other, Action.RESPOND, 0.9);
    for (int i = 0; i < 4; i++) {
      assertThat(t.process(reply(other, Action.IGNORE, 0.95)).decision().source()).isEqualTo(DecisionSource.MODEL);
    }
    assertThat(memory.rules()).as("someone converses with them: their replies are never learned").isEmpty();
  }

  @Test
  void aPersonsRespondToAReplyBarsTheSendersOtherMailToo() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    TriageResult r = t.process(reply(SENDER, Action.IGNORE, 0.95));
    t.feedback(r.emailId(), new Feedback(Action.RESPOND, EmailType.QUESTION, "a real question", T0));
    for (int i = 0; i < 5; i++) {
      ignoreHigh(t);
    }
    assertThat(memory.rules()).isEmpty();
    assertThat(store().find(SENDER)).get().satisfies(s -> assertThat(s.barred()).isTrue());
  }

  @Test
  void otherIdentitiesAreNotAffected() {
    SenderMemory memory = memory();
    EmailTriage t = pipeline(memory);
    ignoreHigh(t);
    ignoreHigh(t);
    ignoreHigh(t);
    assertThat(send(t, "news@other.example", Action.IGNORE, 0.95).decision().source())
        .isEqualTo(DecisionSource.MODEL);
    Email viaList = mail(SENDER).toBuilder().header("List-Id", "Shop talk <talk.shop.example>").build();
    assertThat(t.process(viaList).decision().source()).as("same address on a list is another identity")
        .isEqualTo(DecisionSource.MODEL);
  }

  @Test
  void fallbackDecisionsCountNeitherWay() {
    SenderMemory memory = memory();
    Email e = mail(SENDER);
    Decision fallback = model(Action.RESPOND, 0.3).toBuilder().source(DecisionSource.FALLBACK).build();
    memory.onDecision(e, EmailRecord.queued(e, null, T0).processed(fallback, null, 0, T0).toResult());
    EmailTriage t = pipeline(memory);
    ignoreHigh(t);
    ignoreHigh(t);
    ignoreHigh(t);
    assertThat(memory.rules()).hasSize(1);
  }

  @Test
  void twoInstancesOnOneStoreShareWhatTheyLearn() {
    EmailTriage a = pipeline(memory());
    SenderMemory memoryB = memory();
    EmailTriage b = pipeline(memoryB);
    ignoreHigh(a);
    ignoreHigh(b);
    ignoreHigh(a);
    assertThat(ignoreHigh(b).decision().source()).isEqualTo(DecisionSource.LEARNED);
    assertThat(memoryB.rules()).singleElement().satisfies(r -> assertThat(r.hits()).isEqualTo(1));
  }

  @Test
  void concurrentEvidenceIsNeverLost() throws Exception {
    SenderMemory memory = SenderMemory.builder().store(store()).clock(clock).repeats(8).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Email e = mail(SENDER);
        TriageResult r = EmailRecord.queued(e, null, T0).processed(model(Action.IGNORE, 0.95), null, 0, T0)
            .toResult();
        all.add(pool.submit(() -> {
          go.await();
          memory.onDecision(e, r);
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(memory.rules()).singleElement()
        .satisfies(rule -> assertThat(rule.evidenceEmailIds()).hasSize(8));
  }

  // ---------------------------------------------------------------- builder

  @Test
  void refusesRepeatsBelowTwo() {
    assertThatThrownBy(() -> SenderMemory.builder().repeats(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeats");
  }

  @Test
  void refusesConfidenceOutsideZeroToOne() {
    assertThatThrownBy(() -> SenderMemory.builder().minConfidence(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SenderMemory.builder().minConfidence(1.01))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesNonPositiveExpiry() {
    assertThatThrownBy(() -> SenderMemory.builder().expireUnusedAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesEverySettingTwice() {
    assertThatThrownBy(() -> SenderMemory.builder().repeats(2).repeats(3)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SenderMemory.builder().minConfidence(0.8).minConfidence(0.9))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SenderMemory.builder().expireUnusedAfter(Duration.ofDays(1))
        .expireUnusedAfter(Duration.ofDays(2))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SenderMemory.builder().clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SenderMemory.builder().store(new InMemoryLearnedRuleStore())
        .store(new InMemoryLearnedRuleStore())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EmailTriage.builder().senderMemory(memory()).senderMemory(memory()))
        .isInstanceOf(IllegalStateException.class);
  }

  // ---------------------------------------------------------------- the store itself

  private static LearnedRule rule(String id, String identity, Instant created, Instant expires) {
    return new LearnedRule(id, identity, EmailType.NEWSLETTER, 0.93, "evidence of " + id, List.of("a", "b"),
        created, null, expires, 0);
  }

  @Test
  void storeRoundTripsEveryField() {
    LearnedRuleStore store = store();
    SenderState s = new SenderState("x@y.example list=l.example", 1,
        List.of(new Evidence("m1", Evidence.Kind.MODEL, 0.91, EmailType.SPAM, T0),
            new Evidence("m2", Evidence.Kind.PERSON, 1.0, EmailType.NEWSLETTER, T0.plusSeconds(1)),
            new Evidence("m3", Evidence.Kind.MODEL_RESPOND, 1.0, EmailType.OTHER, T0.plusSeconds(2))),
        false, null, rule("lr_1", "x@y.example list=l.example", T0, T0.plus(Duration.ofDays(30))), T0);
    assertThat(store.compareAndSet(0, s)).isTrue();
    assertThat(store.find(s.identity())).contains(s);
    assertThat(store.findByRuleId("lr_1")).contains(s);
    SenderState barred = new SenderState(s.identity(), 2, List.of(), true, "why", null, T0.plusSeconds(2));
    assertThat(store.compareAndSet(1, barred)).isTrue();
    assertThat(store.find(s.identity())).contains(barred);
    assertThat(store.findByRuleId("lr_1")).isEmpty();
  }

  @Test
  void compareAndSetFailsOnAStaleVersion() {
    LearnedRuleStore store = store();
    SenderState v1 = new SenderState("a@b.example", 1, List.of(), false, null, null, T0);
    assertThat(store.compareAndSet(0, v1)).isTrue();
    assertThat(store.compareAndSet(0, v1)).as("already stored").isFalse();
    SenderState v2 = new SenderState("a@b.example", 2, List.of(), true, "r", null, T0);
    assertThat(store.compareAndSet(1, v2)).isTrue();
    SenderState stale = new SenderState("a@b.example", 2, List.of(), false, null, null, T0);
    assertThat(store.compareAndSet(1, stale)).isFalse();
    assertThat(store.find("a@b.example")).contains(v2);
    assertThatThrownBy(() -> store.compareAndSet(2, v2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recordUseCountsOnlyAnActiveRule() {
    LearnedRuleStore store = store();
    Instant expiry = T0.plus(Duration.ofDays(1));
    store.compareAndSet(0, new SenderState("a@b.example", 1, List.of(), false, null,
        rule("lr_a", "a@b.example", T0, expiry), T0));
    assertThat(store.recordUse("lr_a", T0.plusSeconds(5), expiry.plusSeconds(5))).isTrue();
    assertThat(store.find("a@b.example")).get().satisfies(s -> {
      assertThat(s.version()).isEqualTo(2);
      assertThat(s.rule().hits()).isEqualTo(1);
      assertThat(s.rule().lastUsedAt()).isEqualTo(T0.plusSeconds(5));
      assertThat(s.rule().expiresAt()).isEqualTo(expiry.plusSeconds(5));
    });
    assertThat(store.recordUse("lr_a", expiry.plusSeconds(5), expiry.plusSeconds(99))).as("expired").isFalse();
    assertThat(store.recordUse("lr_none", T0, expiry)).isFalse();
  }

  @Test
  void activeRulesAreTheUnexpiredOnesNewestFirst() {
    LearnedRuleStore store = store();
    store.compareAndSet(0, new SenderState("a@x.example", 1, List.of(), false, null,
        rule("lr_old", "a@x.example", T0, T0.plus(Duration.ofDays(9))), T0));
    store.compareAndSet(0, new SenderState("b@x.example", 1, List.of(), false, null,
        rule("lr_new", "b@x.example", T0.plusSeconds(60), T0.plus(Duration.ofDays(9))), T0));
    store.compareAndSet(0, new SenderState("c@x.example", 1, List.of(), false, null,
        rule("lr_gone", "c@x.example", T0, T0.plusSeconds(10)), T0));
    assertThat(store.activeRules(T0.plusSeconds(10))).extracting(LearnedRule::id).containsExactly("lr_new", "lr_old");
  }
}
