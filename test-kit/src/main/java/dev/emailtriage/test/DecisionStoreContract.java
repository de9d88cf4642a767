package dev.emailtriage.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.Action;
import dev.emailtriage.AnalyticsSummary.PromptVersionCount;
import dev.emailtriage.AnalyticsSummary.ReasonCount;
import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.DailyCount;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailMetadata;
import dev.emailtriage.EmailQuery;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.Page;
import dev.emailtriage.Priority;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Tone;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DecisionStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DecisionStore} must have. A store's test extends this class and gives a fresh, empty
 * store per test. Times are whole microseconds (what PostgreSQL keeps); {@code updatedAt} is the store's own.
 */
public abstract class DecisionStoreContract {

  /** Base time of the fixtures. */
  protected static final Instant T0 = Instant.parse("2025-01-15T10:30:00Z");

  /** A fresh, empty store for one test. */
  protected abstract DecisionStore store();

  // ---------------------------------------------------------------- fixtures

  /** A plain email received at {@code receivedAt}. */
  protected static Email email(String id, Instant receivedAt) {
    return Email.builder().emailId(id).from("cliente@example.com").to("support@biofraga.com")
        .subject("Assunto " + id).body("Olá, corpo de " + id).receivedAt(receivedAt).build();
  }

  /** An email with every optional part set. */
  protected static Email fullEmail(String id) {
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("crm_id", "ABC-1");
    custom.put("score", 7);
    return Email.builder().emailId(id).from("Maria <maria@example.com>").to("support@biofraga.com, vendas@x.com")
        .subject("Dúvida sobre produto ☕").body("Olá,\n\ngostaria de saber mais sobre o produto 🌱.\n\n-- \nMaria")
        .threadId("thread-9").receivedAt(T0).attachments(List.of("pedido.pdf", "foto.png"))
        .metadata(new EmailMetadata(Priority.HIGH, List.of("INBOX", "IMPORTANT"), custom))
        .header("Message-ID", "<abc@example.com>").header("Received", "from a").header("Received", "from b")
        .build();
  }

  /** A model decision with every field set. */
  protected static Decision fullDecision() {
    return Decision.builder().action(Action.RESPOND).confidence(0.87).emailType(EmailType.QUESTION)
        .urgency(Urgency.MEDIUM).reason("Cliente pergunta sobre o produto")
        .suggestedResponse(new SuggestedResponse("Re: Dúvida", "Olá Maria,\n\nobrigado pelo contato.", Tone.FRIENDLY))
        .source(DecisionSource.MODEL).needsReview(true).rule(null).prompt("prompt_default", 3)
        .modelVersion("gemini-2.5-flash").tokenUsage(new TokenUsage(1200, 180, 40, 1420)).finishReason("STOP")
        .bodyTruncated(true).examplesUsed(2).build();
  }

  /** A minimal decision. */
  protected static Decision decision(Action action, double confidence, String reason, DecisionSource source,
      String promptId, int promptVersion) {
    return Decision.builder().action(action).confidence(confidence).emailType(action == Action.RESPOND
        ? EmailType.QUESTION : EmailType.NEWSLETTER).urgency(Urgency.LOW).reason(reason).source(source)
        .prompt(promptId, promptVersion).modelVersion(source == DecisionSource.MODEL ? "gemini-2.5-flash" : null)
        .build();
  }

  /** A processed record. */
  protected static EmailRecord processed(Email email, Decision decision, double seconds, Instant processedAt) {
    return EmailRecord.queued(email, null, email.receivedAt()).processed(decision, null, seconds, processedAt);
  }

  private static EmailRecord processed(String id, Action action, DecisionSource source, Instant receivedAt) {
    return processed(email(id, receivedAt), decision(action, 0.9, "r", source, null, 0), 0.5, receivedAt);
  }

  private static void assertSameRecord(EmailRecord actual, EmailRecord expected) {
    assertThat(actual).usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(expected);
  }

  // ---------------------------------------------------------------- find / save / enqueue

  @Test
  void findOfUnknownEmailIsEmpty() {
    assertThat(store().find("nope")).isEmpty();
  }

  @Test
  void saveAndFindRoundTripEveryField() {
    DecisionStore store = store();
    EmailRecord record = new EmailRecord(fullEmail("full-1"), TriageStatus.PROCESSED, fullDecision(), "fp-123",
        "job-7", 2, "earlier timeout", false, null, 1.234, T0.plusSeconds(2), true,
        new Feedback(Action.IGNORE, EmailType.SPAM, "era spam", T0.plusSeconds(60)), T0.plusSeconds(60));
    store.save(record);
    EmailRecord found = store.find("full-1").orElseThrow();
    assertSameRecord(found, record);
    assertThat(found.updatedAt()).isNotNull();
  }

  @Test
  void saveRoundTripsAQueuedAndAFailedRecord() {
    DecisionStore store = store();
    EmailRecord queued = EmailRecord.queued(email("q-1", T0), "job-1", T0);
    EmailRecord failed = EmailRecord.queued(email("f-1", T0), "job-2", T0).claimed(T0.plusSeconds(30), T0)
        .failed("model timed out", true, T0.plusSeconds(90), 0.25, T0.plusSeconds(1));
    store.save(queued);
    store.save(failed);
    assertSameRecord(store.find("q-1").orElseThrow(), queued);
    assertSameRecord(store.find("f-1").orElseThrow(), failed);
  }

  @Test
  void saveReplacesAndNeverDuplicates() {
    DecisionStore store = store();
    Email email = email("dup-1", T0);
    store.save(EmailRecord.queued(email, "job", T0));
    EmailRecord done = processed(email, decision(Action.IGNORE, 0.95, "spam", DecisionSource.RULE, null, 0), 0.01,
        T0.plusSeconds(1));
    store.save(done);
    store.save(done);
    assertSameRecord(store.find("dup-1").orElseThrow(), done);
    assertThat(store.list(EmailQuery.all()).items()).extracting(EmailRecord::emailId).containsExactly("dup-1");
  }

  @Test
  void concurrentWritersOfOneEmailLeaveOneRecord() throws Exception {
    DecisionStore store = store();
    int writers = 50;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        double seconds = i / 1000.0;
        futures.add(pool.submit(() -> {
          start.await();
          store.save(processed(email("same-1", T0), decision(Action.RESPOND, 0.5, "r", DecisionSource.MODEL,
              null, 0), seconds, T0));
          return null;
        }));
      }
      start.countDown();
      for (Future<Object> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.list(EmailQuery.all()).items()).hasSize(1);
    assertThat(store.find("same-1")).isPresent();
  }

  @Test
  void enqueueStoresOnlyWhenAbsent() {
    DecisionStore store = store();
    EmailRecord first = EmailRecord.queued(email("e-1", T0), "job-1", T0);
    assertThat(store.enqueue(first)).isTrue();
    assertThat(store.enqueue(EmailRecord.queued(email("e-1", T0.plusSeconds(5)), "job-2", T0))).isFalse();
    assertSameRecord(store.find("e-1").orElseThrow(), first);
    assertThat(store.queueDepth()).isEqualTo(1);
  }

  @Test
  void enqueueDoesNotTouchAProcessedEmail() {
    DecisionStore store = store();
    EmailRecord done = processed("p-1", Action.RESPOND, DecisionSource.MODEL, T0);
    store.save(done);
    assertThat(store.enqueue(EmailRecord.queued(email("p-1", T0), "job", T0))).isFalse();
    assertSameRecord(store.find("p-1").orElseThrow(), done);
  }

  // ---------------------------------------------------------------- queue

  @Test
  void claimMarksProcessingCountsAttemptAndLeases() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("c-2", T0), "job-2", T0.plusSeconds(2)));
    store.enqueue(EmailRecord.queued(email("c-1", T0), "job-1", T0.plusSeconds(1)));
    store.enqueue(EmailRecord.queued(email("c-3", T0), "job-3", T0.plusSeconds(3)));
    Instant now = T0.plusSeconds(10);
    List<EmailRecord> claimed = store.claim(2, Duration.ofMinutes(5), 3, now);
    assertThat(claimed).extracting(EmailRecord::emailId).containsExactly("c-1", "c-2");
    for (EmailRecord r : claimed) {
      assertThat(r.status()).isEqualTo(TriageStatus.PROCESSING);
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.dueAt()).isEqualTo(now.plus(Duration.ofMinutes(5)));
      assertSameRecord(store.find(r.emailId()).orElseThrow(), r);
    }
    assertThat(store.find("c-1").orElseThrow().jobId()).isEqualTo("job-1");
    assertThat(store.find("c-3").orElseThrow().status()).isEqualTo(TriageStatus.QUEUED);
    assertThat(store.queueDepth()).isEqualTo(1);
  }

  @Test
  void claimSkipsWhatIsNotYetDue() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("later", T0), null, T0.plusSeconds(60)));
    assertThat(store.claim(10, Duration.ofSeconds(30), 3, T0)).isEmpty();
    assertThat(store.claim(10, Duration.ofSeconds(30), 3, T0.plusSeconds(60))).hasSize(1);
  }

  @Test
  void aLeasedEmailIsClaimedAgainOnlyAfterItsLeaseExpires() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("l-1", T0), null, T0));
    assertThat(store.claim(10, Duration.ofSeconds(30), 5, T0)).hasSize(1);
    assertThat(store.claim(10, Duration.ofSeconds(30), 5, T0.plusSeconds(29))).isEmpty();
    List<EmailRecord> again = store.claim(10, Duration.ofSeconds(30), 5, T0.plusSeconds(30));
    assertThat(again).singleElement().satisfies(r -> {
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(r.status()).isEqualTo(TriageStatus.PROCESSING);
      assertThat(r.dueAt()).isEqualTo(T0.plusSeconds(60));
    });
  }

  @Test
  void anEmailWhoseLeaseExpiredOnEveryAttemptIsStoredAsAbandoned() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("poison", T0), null, T0));
    assertThat(store.claim(10, Duration.ofSeconds(30), 2, T0)).hasSize(1);
    assertThat(store.claim(10, Duration.ofSeconds(30), 2, T0.plusSeconds(30))).hasSize(1);
    assertThat(store.claim(10, Duration.ofSeconds(30), 2, T0.plusSeconds(60))).isEmpty();
    EmailRecord r = store.find("poison").orElseThrow();
    assertThat(r.status()).isEqualTo(TriageStatus.FAILED);
    assertThat(r.retryable()).isFalse();
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.lastError()).isEqualTo(DecisionStore.ABANDONED);
    assertThat(store.queueDepth()).isZero();
  }

  @Test
  void retryableFailuresAreClaimedWhenDueAndBelowMaxAttempts() {
    DecisionStore store = store();
    EmailRecord claimedOnce = EmailRecord.queued(email("r-1", T0), null, T0).claimed(T0.plusSeconds(30), T0);
    store.save(claimedOnce.failed("timeout", true, T0.plusSeconds(100), 1.0, T0.plusSeconds(1)));
    assertThat(store.queueDepth()).isEqualTo(1);
    assertThat(store.claim(10, Duration.ofSeconds(30), 3, T0.plusSeconds(99))).isEmpty();
    List<EmailRecord> retry = store.claim(10, Duration.ofSeconds(30), 3, T0.plusSeconds(100));
    assertThat(retry).singleElement().satisfies(r -> {
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(r.lastError()).isEqualTo("timeout");
    });
    // attempts 2 of max 2: a further retryable failure is never claimed again
    store.save(retry.get(0).failed("timeout again", true, T0.plusSeconds(200), 1.0, T0.plusSeconds(101)));
    assertThat(store.claim(10, Duration.ofSeconds(30), 2, T0.plusSeconds(1000))).isEmpty();
    assertThat(store.claim(10, Duration.ofSeconds(30), 3, T0.plusSeconds(1000))).hasSize(1);
  }

  @Test
  void nonRetryableFailuresAndProcessedEmailsAreNeverClaimed() {
    DecisionStore store = store();
    EmailRecord claimed = EmailRecord.queued(email("n-1", T0), null, T0).claimed(T0.plusSeconds(30), T0);
    store.save(claimed.failed("invalid email", false, null, 0.1, T0.plusSeconds(1)));
    store.save(processed("n-2", Action.IGNORE, DecisionSource.RULE, T0));
    assertThat(store.claim(10, Duration.ofSeconds(30), 100, T0.plusSeconds(100_000))).isEmpty();
    assertThat(store.queueDepth()).isZero();
  }

  @Test
  void concurrentClaimersNeverShareAnEmail() throws Exception {
    DecisionStore store = store();
    int emails = 60;
    for (int i = 0; i < emails; i++) {
      store.enqueue(EmailRecord.queued(email(String.format("cc-%03d", i), T0), null, T0));
    }
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<String> all = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<Object> worker = () -> {
          start.await();
          List<EmailRecord> batch;
          do {
            batch = store.claim(3, Duration.ofMinutes(10), 3, T0.plusSeconds(1));
            batch.forEach(r -> all.add(r.emailId()));
          } while (!batch.isEmpty());
          return null;
        };
        futures.add(pool.submit(worker));
      }
      start.countDown();
      for (Future<Object> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(all).hasSize(emails).doesNotHaveDuplicates();
    assertThat(store.queueDepth()).isZero();
  }

  @Test
  void queueDepthCountsQueuedAndRetryableFailures() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("d-1", T0), null, T0));
    store.enqueue(EmailRecord.queued(email("d-2", T0), null, T0));
    store.enqueue(EmailRecord.queued(email("d-3", T0), null, T0));
    EmailRecord claimed = EmailRecord.queued(email("d-4", T0), null, T0).claimed(T0.plusSeconds(30), T0);
    store.save(claimed.failed("x", true, T0.plusSeconds(60), 0, T0));
    store.save(EmailRecord.queued(email("d-5", T0), null, T0).claimed(T0.plusSeconds(30), T0)
        .failed("y", false, null, 0, T0));
    store.save(processed("d-6", Action.RESPOND, DecisionSource.MODEL, T0));
    assertThat(store.queueDepth()).isEqualTo(4);
    store.claim(1, Duration.ofSeconds(30), 3, T0);
    assertThat(store.queueDepth()).isEqualTo(3);
  }

  // ---------------------------------------------------------------- leases and fencing (issue 11)

  @Test
  void everyClaimCountsTheLeaseVersionUp() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("v-1", T0), null, T0));
    assertThat(store.find("v-1").orElseThrow().leaseVersion()).isZero();
    assertThat(store.claim(1, Duration.ofSeconds(30), 5, T0)).singleElement()
        .extracting(EmailRecord::leaseVersion).isEqualTo(1L);
    assertThat(store.claim(1, Duration.ofSeconds(30), 5, T0.plusSeconds(30))).singleElement()
        .extracting(EmailRecord::leaseVersion).isEqualTo(2L);
    assertThat(store.find("v-1").orElseThrow().leaseVersion()).isEqualTo(2);
  }

  @Test
  void completeStoresTheOutcomeOfTheCurrentLease() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("c-ok", T0), "job", T0));
    EmailRecord leased = store.claim(1, Duration.ofSeconds(30), 5, T0).get(0);
    EmailRecord done = leased.processed(decision(Action.IGNORE, 0.9, "n", DecisionSource.MODEL, "p", 1), "fp", 0.2,
        T0.plusSeconds(1));
    assertThat(store.complete(done)).isTrue();
    assertSameRecord(store.find("c-ok").orElseThrow(), done);
    // a second outcome of the same lease finds the email settled
    assertThat(store.complete(leased.failed("late", true, T0.plusSeconds(9), 0, T0.plusSeconds(2)))).isFalse();
    assertSameRecord(store.find("c-ok").orElseThrow(), done);
  }

  @Test
  void aWorkerWhoseLeaseWasTakenOverCannotOverwriteTheNewerResult() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("fence", T0), null, T0));
    EmailRecord first = store.claim(1, Duration.ofSeconds(30), 5, T0).get(0);
    EmailRecord second = store.claim(1, Duration.ofSeconds(30), 5, T0.plusSeconds(31)).get(0);
    assertThat(second.leaseVersion()).isGreaterThan(first.leaseVersion());
    EmailRecord newer = second.processed(decision(Action.RESPOND, 0.9, "newer", DecisionSource.MODEL, "p", 1), null,
        0.1, T0.plusSeconds(32));
    assertThat(store.complete(newer)).isTrue();
    EmailRecord late = first.processed(decision(Action.IGNORE, 0.9, "stale", DecisionSource.MODEL, "p", 1), null,
        0.1, T0.plusSeconds(40));
    assertThat(store.complete(late)).isFalse();
    assertThat(store.complete(first.failed("stale failure", true, T0.plusSeconds(50), 0, T0.plusSeconds(41))))
        .isFalse();
    assertSameRecord(store.find("fence").orElseThrow(), newer);
  }

  @Test
  void aStaleOutcomeIsRefusedWhileTheNewerWorkerStillHoldsTheLease() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("fence-2", T0), null, T0));
    EmailRecord first = store.claim(1, Duration.ofSeconds(30), 5, T0).get(0);
    EmailRecord second = store.claim(1, Duration.ofSeconds(30), 5, T0.plusSeconds(31)).get(0);
    assertThat(store.complete(first.processed(decision(Action.IGNORE, 0.9, "stale", DecisionSource.MODEL, "p", 1),
        null, 0.1, T0.plusSeconds(40)))).isFalse();
    assertSameRecord(store.find("fence-2").orElseThrow(), second);
  }

  @Test
  void completeAllStoresEachCurrentLeaseAndRefusesTheStaleOnes() {
    DecisionStore store = store();
    for (int i = 0; i < 5; i++) {
      store.enqueue(EmailRecord.queued(email("ca-" + i, T0), null, T0.plusSeconds(i)));
    }
    List<EmailRecord> first = store.claim(5, Duration.ofSeconds(30), 5, T0.plusSeconds(10));
    assertThat(first).hasSize(5);
    // ca-1's lease expires and another worker takes it over before the batch is stored
    EmailRecord takenOver = store.tryLease(first.get(1), Duration.ofSeconds(30), T0.plusSeconds(40), false)
        .orElseThrow();
    List<EmailRecord> outcomes = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      EmailRecord r = first.get(i);
      outcomes.add(i == 3 ? r.failed("model down", true, T0.plusSeconds(90), 0.5, T0.plusSeconds(41))
          : r.processed(decision(i % 2 == 0 ? Action.RESPOND : Action.IGNORE, 0.9, "batch " + i,
              DecisionSource.MODEL, "p", 1), "fp-" + i, 0.2, T0.plusSeconds(41 + i)));
    }
    assertThat(store.completeAll(outcomes)).containsExactly(true, false, true, true, true);
    for (int i = 0; i < outcomes.size(); i++) {
      assertSameRecord(store.find("ca-" + i).orElseThrow(), i == 1 ? takenOver : outcomes.get(i));
    }
    // the same outcomes again: every lease is settled or taken, nothing is written
    assertThat(store.completeAll(outcomes)).containsExactly(false, false, false, false, false);
    assertThat(store.completeAll(List.of())).isEmpty();
  }

  @Test
  void completeAllRefusesAnEmailTwiceAndWritesNothing() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("cd-1", T0), null, T0));
    EmailRecord leased = store.claim(1, Duration.ofSeconds(30), 5, T0).get(0);
    EmailRecord done = leased.processed(decision(Action.IGNORE, 0.9, "n", DecisionSource.MODEL, "p", 1), null, 0.1,
        T0.plusSeconds(1));
    assertThatThrownBy(() -> store.completeAll(List.of(done, done))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cd-1");
    assertSameRecord(store.find("cd-1").orElseThrow(), leased);
  }

  @Test
  void saveAllStoresEveryRecordAsSaveWould() {
    DecisionStore store = store();
    store.save(processed(email("sa-0", T0), decision(Action.RESPOND, 0.5, "old", DecisionSource.MODEL, "p", 1), 1.0,
        T0));
    List<EmailRecord> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      records.add(processed(email("sa-" + i, T0.plusSeconds(i)), decision(Action.IGNORE, 0.8, "new " + i,
          DecisionSource.RULE, null, 0), 0.1 * i, T0.plusSeconds(10 + i)));
    }
    records.add(EmailRecord.queued(email("sa-q", T0), "job-q", T0));
    store.saveAll(records);
    for (EmailRecord r : records) {
      assertSameRecord(store.find(r.emailId()).orElseThrow(), r);
    }
    assertThatThrownBy(() -> store.saveAll(List.of(records.get(0), records.get(0))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sa-0");
    store.saveAll(List.of());
    assertThat(store.summarize(T0.atZone(ZoneOffset.UTC).toLocalDate(), T0.atZone(ZoneOffset.UTC).toLocalDate())
        .totals().emailsIgnored()).isEqualTo(4);
  }

  @Test
  void completeOfAnUnknownEmailIsRefused() {
    DecisionStore store = store();
    EmailRecord ghost = EmailRecord.queued(email("ghost", T0), null, T0).claimed(T0.plusSeconds(30), T0)
        .processed(decision(Action.IGNORE, 0.9, "n", DecisionSource.MODEL, "p", 1), null, 0.1, T0);
    assertThat(store.complete(ghost)).isFalse();
    assertThat(store.find("ghost")).isEmpty();
  }

  @Test
  void tryLeaseStoresAnUnknownEmailAsProcessingUnderLeaseOne() {
    DecisionStore store = store();
    Optional<EmailRecord> leased = store.tryLease(EmailRecord.queued(email("t-1", T0), "job-t", T0),
        Duration.ofSeconds(30), T0, false);
    assertThat(leased).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(TriageStatus.PROCESSING);
      assertThat(r.leaseVersion()).isEqualTo(1);
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.dueAt()).isEqualTo(T0.plusSeconds(30));
      assertThat(r.jobId()).isEqualTo("job-t");
    });
    assertSameRecord(store.find("t-1").orElseThrow(), leased.orElseThrow());
  }

  @Test
  void tryLeaseRefusesALiveLeaseAndTakesAnExpiredOne() {
    DecisionStore store = store();
    EmailRecord candidate = EmailRecord.queued(email("t-2", T0), null, T0);
    EmailRecord mine = store.tryLease(candidate, Duration.ofSeconds(30), T0, false).orElseThrow();
    assertThat(store.tryLease(candidate, Duration.ofSeconds(30), T0.plusSeconds(29), false)).isEmpty();
    assertSameRecord(store.find("t-2").orElseThrow(), mine);
    EmailRecord taken = store.tryLease(candidate, Duration.ofSeconds(30), T0.plusSeconds(30), false).orElseThrow();
    assertThat(taken.leaseVersion()).isEqualTo(2);
    assertThat(taken.attempts()).isEqualTo(2);
    assertThat(store.complete(mine.processed(decision(Action.IGNORE, 0.9, "late", DecisionSource.MODEL, "p", 1),
        null, 0.1, T0.plusSeconds(31)))).isFalse();
  }

  @Test
  void tryLeaseTakesQueuedAndFailedEmailsButAProcessedOneOnlyToReprocess() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("t-q", T0), "job-q", T0.plusSeconds(3600)));
    store.save(EmailRecord.queued(email("t-f", T0), null, T0).claimed(T0.plusSeconds(30), T0)
        .failed("no", false, null, 0, T0));
    EmailRecord done = processed("t-p", Action.IGNORE, DecisionSource.FALLBACK, T0);
    store.save(done);
    Duration lease = Duration.ofSeconds(30);
    Instant now = T0.plusSeconds(1);
    assertThat(store.tryLease(EmailRecord.queued(email("t-q", T0), null, now), lease, now, false))
        .hasValueSatisfying(r -> assertThat(r.jobId()).isEqualTo("job-q"));
    assertThat(store.tryLease(EmailRecord.queued(email("t-f", T0), null, now), lease, now, false)).isPresent();
    assertThat(store.tryLease(EmailRecord.queued(email("t-p", T0), null, now), lease, now, false)).isEmpty();
    assertSameRecord(store.find("t-p").orElseThrow(), done);
    EmailRecord again = store.tryLease(done, lease, now, true).orElseThrow();
    assertThat(again.status()).isEqualTo(TriageStatus.PROCESSING);
    assertThat(again.leaseVersion()).isEqualTo(done.leaseVersion() + 1);
    // a failed re-decision puts the earlier result back under the lease it holds
    EmailRecord restored = done.withLeaseVersion(again.leaseVersion());
    assertThat(store.complete(restored)).isTrue();
    assertThat(store.find("t-p").orElseThrow().decision()).isEqualTo(done.decision());
  }

  @Test
  void concurrentLeasersOfOneEmailHaveExactlyOneWinner() throws Exception {
    DecisionStore store = store();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Optional<EmailRecord>>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return store.tryLease(EmailRecord.queued(email("race", T0), null, T0), Duration.ofMinutes(1), T0, false);
        }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Optional<EmailRecord>> f : futures) {
        winners += f.get(60, TimeUnit.SECONDS).isPresent() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.find("race").orElseThrow().leaseVersion()).isEqualTo(1);
  }

  @Test
  void saveNeverLowersTheLeaseVersion() {
    DecisionStore store = store();
    store.enqueue(EmailRecord.queued(email("s-v", T0), null, T0));
    store.claim(1, Duration.ofSeconds(30), 5, T0);
    store.claim(1, Duration.ofSeconds(30), 5, T0.plusSeconds(30));
    store.save(processed("s-v", Action.IGNORE, DecisionSource.RULE, T0));
    assertThat(store.find("s-v").orElseThrow().leaseVersion()).isEqualTo(2);
    assertThat(store.find("s-v").orElseThrow().status()).isEqualTo(TriageStatus.PROCESSED);
  }

  /** A decider for the pipeline tests: answers ignore with {@code reason}, after {@code gate} opens. */
  private static Decider blockingDecider(String reason, CountDownLatch entered, CountDownLatch gate,
      AtomicInteger calls) {
    return (mail, prompt) -> {
      calls.incrementAndGet();
      entered.countDown();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new DeciderException(DeciderException.Kind.TIMEOUT, "test gate never opened");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeciderException(DeciderException.Kind.TIMEOUT, "interrupted");
      }
      return decision(Action.IGNORE, 0.9, reason, DecisionSource.MODEL, prompt.id(), prompt.version());
    };
  }

  /** {@code store}, counting down {@code lost} each time a lease is refused. */
  private static DecisionStore signallingLostLeases(DecisionStore store, CountDownLatch lost) {
    return (DecisionStore) Proxy.newProxyInstance(DecisionStore.class.getClassLoader(),
        new Class<?>[] {DecisionStore.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("tryLease") && ((Optional<?>) result).isEmpty()) {
            lost.countDown();
          }
          return result;
        });
  }

  @Test
  void twoPipelinesOnOneStoreAskTheModelOnceForOneEmail() throws Exception {
    DecisionStore shared = store();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch bLost = new CountDownLatch(1);
    Decider decider = blockingDecider("decided once", entered, gate, calls);
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (EmailTriage a = EmailTriage.builder().decider(decider).store(shared).workerThreads(0).clock(clock).build();
        EmailTriage b = EmailTriage.builder().decider(decider).store(signallingLostLeases(shared, bLost))
            .workerThreads(0).clock(clock).build()) {
      Email mail = email("one-call", T0);
      Future<TriageResult> first = pool.submit(() -> a.process(mail));
      assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
      Future<TriageResult> second = pool.submit(() -> b.process(mail));
      assertThat(bLost.await(30, TimeUnit.SECONDS)).as("b found a's lease").isTrue();
      assertThat(second).isNotDone();
      gate.countDown();
      TriageResult ra = first.get(30, TimeUnit.SECONDS);
      TriageResult rb = second.get(30, TimeUnit.SECONDS);
      assertThat(ra.status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(rb).isEqualTo(ra);
      assertThat(calls).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPipelineWhoseLeaseExpiredDropsItsLateOutcome() throws Exception {
    DecisionStore shared = store();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch slowEntered = new CountDownLatch(1);
    CountDownLatch slowGate = new CountDownLatch(1);
    CountDownLatch open = new CountDownLatch(0);
    Decider slow = blockingDecider("late", slowEntered, slowGate, calls);
    Decider quick = blockingDecider("newer", new CountDownLatch(1), open, calls);
    Instant[] now = {T0};
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        synchronized (now) {
          return now[0];
        }
      }
    };
    Duration lease = Duration.ofSeconds(120);
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try (EmailTriage a = EmailTriage.builder().decider(slow).store(shared).workerThreads(0).clock(clock)
            .lease(lease).build();
        EmailTriage b = EmailTriage.builder().decider(quick).store(shared).workerThreads(0).clock(clock)
            .lease(lease).build()) {
      Email mail = email("taken-over", T0);
      Future<TriageResult> first = pool.submit(() -> a.process(mail));
      assertThat(slowEntered.await(30, TimeUnit.SECONDS)).isTrue();
      synchronized (now) {
        now[0] = T0.plus(lease).plusSeconds(1);
      }
      TriageResult newer = b.process(mail);
      assertThat(newer.decision().reason()).isEqualTo("newer");
      slowGate.countDown();
      TriageResult late = first.get(30, TimeUnit.SECONDS);
      assertThat(late.decision().reason()).isEqualTo("newer");
      assertThat(shared.find("taken-over").orElseThrow().decision().reason()).isEqualTo("newer");
      assertThat(shared.find("taken-over").orElseThrow().leaseVersion()).isEqualTo(2);
      assertThat(calls).hasValue(2);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- fingerprint, source

  @Test
  void findByFingerprintGivesTheNewestProcessedRecord() {
    DecisionStore store = store();
    Decision d = decision(Action.IGNORE, 0.9, "newsletter", DecisionSource.MODEL, "p", 1);
    store.save(EmailRecord.queued(email("fp-old", T0), null, T0).processed(d, "fp-x", 0.1, T0.plusSeconds(1)));
    store.save(EmailRecord.queued(email("fp-new", T0), null, T0).processed(d, "fp-x", 0.1, T0.plusSeconds(5)));
    store.save(EmailRecord.queued(email("fp-mid", T0), null, T0).processed(d, "fp-x", 0.1, T0.plusSeconds(3)));
    store.save(EmailRecord.queued(email("fp-other", T0), null, T0).processed(d, "fp-y", 0.1, T0.plusSeconds(9)));
    store.save(EmailRecord.queued(email("fp-failed", T0), null, T0).claimed(T0, T0)
        .failed("x", true, T0, 0, T0.plusSeconds(10)));
    assertThat(store.findByFingerprint("fp-x")).map(EmailRecord::emailId).contains("fp-new");
    assertThat(store.findByFingerprint("fp-none")).isEmpty();
  }

  @Test
  void findBySourceListsNewestFirstUpToTheLimit() {
    DecisionStore store = store();
    store.save(processed("s-1", Action.IGNORE, DecisionSource.FALLBACK, T0));
    store.save(processed("s-2", Action.RESPOND, DecisionSource.FALLBACK, T0.plusSeconds(2)));
    store.save(processed("s-3", Action.RESPOND, DecisionSource.FALLBACK, T0.plusSeconds(1)));
    store.save(processed("s-4", Action.RESPOND, DecisionSource.MODEL, T0.plusSeconds(3)));
    store.enqueue(EmailRecord.queued(email("s-5", T0.plusSeconds(4)), null, T0));
    assertThat(store.findBySource(DecisionSource.FALLBACK, 10)).extracting(EmailRecord::emailId)
        .containsExactly("s-2", "s-3", "s-1");
    assertThat(store.findBySource(DecisionSource.FALLBACK, 2)).extracting(EmailRecord::emailId)
        .containsExactly("s-2", "s-3");
    assertThat(store.findBySource(DecisionSource.CACHE, 10)).isEmpty();
  }

  // ---------------------------------------------------------------- corrections (examples for the model)

  private static void corrected(DecisionStore store, String id, String from, String fingerprint, Feedback feedback) {
    Email e = email(id, T0).toBuilder().from(from).build();
    store.save(EmailRecord.queued(e, null, T0).processed(decision(Action.RESPOND, 0.8, "r", DecisionSource.MODEL,
        "p", 1), fingerprint, 0.1, T0));
    if (feedback != null) {
      assertThat(store.recordFeedback(id, feedback)).isTrue();
    }
  }

  private static Feedback said(Action action, EmailType type, int second) {
    return new Feedback(action, type, null, T0.plusSeconds(second));
  }

  @Test
  void findCorrectionsGivesCorrectedEmailsSameContentThenSenderThenDomainNewestFeedbackFirst() {
    DecisionStore store = store();
    corrected(store, "c-fp", "x@elsewhere.example", "fp-1", said(Action.IGNORE, EmailType.SPAM, 1));
    corrected(store, "c-addr-old", "Ana <ana@shop.example>", "fp-2", said(Action.IGNORE, null, 2));
    corrected(store, "c-addr-new", "ana@shop.example", null, said(Action.IGNORE, EmailType.NEWSLETTER, 5));
    corrected(store, "c-dom", "Bob <bob@SHOP.example>", null, said(Action.IGNORE, EmailType.SPAM, 9));
    corrected(store, "c-type", "carl@shop.example", null, said(null, EmailType.REQUEST, 3));
    corrected(store, "agrees", "ana@shop.example", null, new Feedback(null, null, "certo", T0.plusSeconds(20)));
    corrected(store, "same", "ana@shop.example", null, said(Action.RESPOND, EmailType.QUESTION, 21));
    corrected(store, "no-feedback", "ana@shop.example", "fp-1", null);
    corrected(store, "other", "z@other.example", null, said(Action.IGNORE, EmailType.SPAM, 22));
    corrected(store, "self", "ana@shop.example", "fp-1", said(Action.IGNORE, EmailType.SPAM, 23));
    store.enqueue(EmailRecord.queued(email("queued", T0), null, T0));

    assertThat(store.findCorrections("fp-1", "ana@shop.example", "shop.example", "self", 10))
        .extracting(EmailRecord::emailId).containsExactly("c-fp", "c-addr-new", "c-addr-old", "c-dom", "c-type");
    assertThat(store.findCorrections("fp-1", "ana@shop.example", "shop.example", "self", 2))
        .extracting(EmailRecord::emailId).containsExactly("c-fp", "c-addr-new");
    assertThat(store.findCorrections(null, "ana@shop.example", null, null, 10))
        .extracting(EmailRecord::emailId).containsExactly("self", "c-addr-new", "c-addr-old");
    assertThat(store.findCorrections(null, null, null, null, 10)).isEmpty();
    EmailRecord found = store.findCorrections("fp-1", null, null, "self", 1).get(0);
    assertThat(found.feedback()).isEqualTo(said(Action.IGNORE, EmailType.SPAM, 1));
    assertThat(found.email().body()).isEqualTo("Olá, corpo de c-fp");
  }

  @Test
  void findCorrectionsRefusesALimitOutOfRange() {
    DecisionStore store = store();
    assertThatThrownBy(() -> store.findCorrections(null, "a@b.example", null, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.findCorrections(null, "a@b.example", null, null, DecisionStore.MAX_CORRECTIONS + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- feedback, sent

  @Test
  void feedbackIsKeptAndUnknownEmailsAnswerFalse() {
    DecisionStore store = store();
    store.save(processed("fb-1", Action.RESPOND, DecisionSource.MODEL, T0));
    Feedback feedback = new Feedback(Action.IGNORE, EmailType.SPAM, "era spam", T0.plusSeconds(100));
    assertThat(store.recordFeedback("fb-1", feedback)).isTrue();
    assertThat(store.find("fb-1").orElseThrow().feedback()).isEqualTo(feedback);
    assertThat(store.find("fb-1").orElseThrow().decision().action()).isEqualTo(Action.RESPOND);
    Feedback onlyComment = new Feedback(null, null, "ok", T0.plusSeconds(200));
    assertThat(store.recordFeedback("fb-1", onlyComment)).isTrue();
    assertThat(store.find("fb-1").orElseThrow().feedback()).isEqualTo(onlyComment);
    assertThat(store.recordFeedback("nope", feedback)).isFalse();
    assertThat(store.find("nope")).isEmpty();
  }

  @Test
  void markResponseSentIsKeptAndUnknownEmailsAnswerFalse() {
    DecisionStore store = store();
    store.save(processed("rs-1", Action.RESPOND, DecisionSource.MODEL, T0));
    assertThat(store.find("rs-1").orElseThrow().responseSent()).isFalse();
    assertThat(store.markResponseSent("rs-1")).isTrue();
    EmailRecord sent = store.find("rs-1").orElseThrow();
    assertThat(sent.responseSent()).isTrue();
    assertThat(sent.status()).isEqualTo(TriageStatus.PROCESSED);
    assertThat(sent.decision().action()).isEqualTo(Action.RESPOND);
    assertThat(store.markResponseSent("nope")).isFalse();
  }

  // ---------------------------------------------------------------- list

  /** Six emails with distinct decisions over three days. */
  private DecisionStore listFixture() {
    DecisionStore store = store();
    store.save(processed(email("l-a", Instant.parse("2025-01-10T00:00:00Z")),
        decision(Action.RESPOND, 0.9, "q", DecisionSource.MODEL, null, 0), 1, T0));
    store.save(processed(email("l-b", Instant.parse("2025-01-10T23:59:59.999999Z")),
        decision(Action.IGNORE, 0.9, "n", DecisionSource.RULE, null, 0), 1, T0));
    store.save(processed(Email.builder().emailId("l-c").from("Boss@BigCorp.com").to("x")
        .receivedAt(Instant.parse("2025-01-11T12:00:00Z")).build(),
        decision(Action.RESPOND, 0.4, "q", DecisionSource.MODEL, null, 0).withNeedsReview(true), 1, T0));
    store.save(processed(email("l-d", Instant.parse("2025-01-12T08:00:00Z")),
        decision(Action.IGNORE, 0.9, "n", DecisionSource.CACHE, null, 0), 1, T0));
    store.enqueue(EmailRecord.queued(email("l-e", Instant.parse("2025-01-12T09:00:00Z")), null, T0));
    store.save(processed(email("l-f", Instant.parse("2025-01-13T00:00:00Z")),
        Decision.builder().action(Action.RESPOND).confidence(0.7).emailType(EmailType.COMPLAINT)
            .urgency(Urgency.HIGH).reason("c").source(DecisionSource.FALLBACK).needsReview(true).build(), 1, T0));
    return store;
  }

  private static EmailQuery query(Action action, EmailType type, DecisionSource source, String from,
      Boolean needsReview, LocalDate start, LocalDate end) {
    return new EmailQuery(action, type, source, from, needsReview, start, end, EmailQuery.DEFAULT_LIMIT, null);
  }

  private static List<String> ids(Page<EmailRecord> page) {
    return page.items().stream().map(EmailRecord::emailId).toList();
  }

  @Test
  void listIsNewestFirstAndFiltersByEachField() {
    DecisionStore store = listFixture();
    assertThat(ids(store.list(EmailQuery.all()))).containsExactly("l-f", "l-e", "l-d", "l-c", "l-b", "l-a");
    assertThat(ids(store.list(query(Action.RESPOND, null, null, null, null, null, null))))
        .containsExactly("l-f", "l-c", "l-a");
    assertThat(ids(store.list(query(Action.IGNORE, null, null, null, null, null, null))))
        .containsExactly("l-d", "l-b");
    assertThat(ids(store.list(query(null, EmailType.COMPLAINT, null, null, null, null, null))))
        .containsExactly("l-f");
    assertThat(ids(store.list(query(null, null, DecisionSource.MODEL, null, null, null, null))))
        .containsExactly("l-c", "l-a");
    assertThat(ids(store.list(query(null, null, null, "bigcorp", null, null, null)))).containsExactly("l-c");
    assertThat(ids(store.list(query(null, null, null, "BOSS@", null, null, null)))).containsExactly("l-c");
    assertThat(ids(store.list(query(null, null, null, "%", null, null, null)))).isEmpty();
    assertThat(ids(store.list(query(null, null, null, "_", null, null, null)))).isEmpty();
    assertThat(ids(store.list(query(null, null, null, null, true, null, null)))).containsExactly("l-f", "l-c");
    assertThat(ids(store.list(query(null, null, null, null, false, null, null))))
        .containsExactly("l-d", "l-b", "l-a");
    assertThat(ids(store.list(query(null, null, null, null, null, LocalDate.parse("2025-01-11"), null))))
        .containsExactly("l-f", "l-e", "l-d", "l-c");
    assertThat(ids(store.list(query(null, null, null, null, null, null, LocalDate.parse("2025-01-10")))))
        .containsExactly("l-b", "l-a");
    assertThat(ids(store.list(query(null, null, null, null, null, LocalDate.parse("2025-01-11"),
        LocalDate.parse("2025-01-12"))))).containsExactly("l-e", "l-d", "l-c");
    assertThat(ids(store.list(query(Action.RESPOND, null, DecisionSource.MODEL, null, true, null, null))))
        .containsExactly("l-c");
  }

  @Test
  void keysetPagingWalksEveryRecordOnceInOrder() {
    DecisionStore store = store();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      // groups of three share a received time, so the id breaks ties
      Instant at = T0.plusSeconds(i / 3 * 60L);
      String id = String.format("pg-%02d", i);
      if (i % 4 == 0) {
        store.enqueue(EmailRecord.queued(email(id, at), null, T0));
      } else {
        store.save(processed(email(id, at), decision(Action.RESPOND, 0.9, "q", DecisionSource.MODEL, null, 0), 1,
            T0));
      }
      expected.add(id);
    }
    expected.sort(Comparator.<String, Integer>comparing(id -> Integer.parseInt(id.substring(3)) / 3)
        .thenComparing(Comparator.naturalOrder()));
    Collections.reverse(expected);

    for (int size : new int[] {1, 5, 7, 23, 200}) {
      List<String> seen = new ArrayList<>();
      EmailQuery q = EmailQuery.all().withLimit(size);
      int pages = 0;
      while (true) {
        Page<EmailRecord> page = store.list(q);
        pages++;
        assertThat(page.items().size()).isLessThanOrEqualTo(size);
        seen.addAll(ids(page));
        if (page.nextCursor() == null) {
          break;
        }
        assertThat(page.items()).hasSize(size);
        q = q.after(page.nextCursor());
        assertThat(pages).isLessThan(100);
      }
      assertThat(seen).as("page size %d", size).containsExactlyElementsOf(expected);
      assertThat(pages).isEqualTo((23 + size - 1) / size);
    }
  }

  @Test
  void pagingKeepsTheFilters() {
    DecisionStore store = listFixture();
    EmailQuery q = query(Action.RESPOND, null, null, null, null, null, null).withLimit(2);
    Page<EmailRecord> first = store.list(q);
    assertThat(ids(first)).containsExactly("l-f", "l-c");
    Page<EmailRecord> second = store.list(q.after(first.nextCursor()));
    assertThat(ids(second)).containsExactly("l-a");
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void pageSizeIsCapped() {
    assertThatThrownBy(() -> EmailQuery.all().withLimit(EmailQuery.MAX_LIMIT + 1))
        .isInstanceOf(IllegalArgumentException.class);
    DecisionStore store = store();
    for (int i = 0; i < EmailQuery.MAX_LIMIT + 5; i++) {
      store.enqueue(EmailRecord.queued(email(String.format("cap-%03d", i), T0.plusSeconds(i)), null, T0));
    }
    Page<EmailRecord> page = store.list(EmailQuery.all().withLimit(EmailQuery.MAX_LIMIT));
    assertThat(page.items()).hasSize(EmailQuery.MAX_LIMIT);
    assertThat(page.nextCursor()).isNotNull();
    assertThat(store.list(EmailQuery.all().withLimit(EmailQuery.MAX_LIMIT).after(page.nextCursor())).items())
        .hasSize(5);
  }

  @Test
  void aMalformedCursorIsRefused() {
    DecisionStore store = store();
    assertThatThrownBy(() -> store.list(EmailQuery.all().after("not a cursor!")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- analytics

  /**
   * The analytics data set: six emails processed from 2025-01-10 to 2025-01-12, two just outside, two never
   * processed. The expected numbers in {@link #summarizeMatchesHandComputedNumbers()} are worked out by hand.
   */
  protected static void analyticsFixture(DecisionStore store) {
    store.save(processed(email("a1", T0), decision(Action.RESPOND, 0.90, "Pergunta de cliente",
        DecisionSource.MODEL, "p1", 1), 1.200, Instant.parse("2025-01-10T08:00:00Z")));
    store.save(processed(email("a2", T0), decision(Action.RESPOND, 0.80, "Pergunta de cliente",
        DecisionSource.MODEL, "p1", 2), 2.000, Instant.parse("2025-01-11T23:59:59Z")));
    store.save(processed(email("a3", T0), decision(Action.RESPOND, 0.75, "Reclamação",
        DecisionSource.MODEL, "p1", 2), 1.000, Instant.parse("2025-01-12T12:00:00Z")));
    store.save(processed(email("a4", T0), decision(Action.IGNORE, 0.99, "Newsletter",
        DecisionSource.RULE, null, 0), 0.010, Instant.parse("2025-01-10T00:00:00Z")));
    store.save(processed(email("a5", T0), decision(Action.IGNORE, 0.95, "Newsletter",
        DecisionSource.CACHE, "p1", 1), 0.020, Instant.parse("2025-01-12T23:59:59.999999Z")));
    store.save(processed(email("a6", T0), decision(Action.IGNORE, 0.60, "Spam",
        DecisionSource.FALLBACK, null, 0), 0.500, Instant.parse("2025-01-11T10:00:00Z")));
    // outside the period
    store.save(processed(email("b1", T0), decision(Action.RESPOND, 0.10, "Fora",
        DecisionSource.MODEL, "p1", 1), 9.000, Instant.parse("2025-01-13T00:00:00Z")));
    store.save(processed(email("b2", T0), decision(Action.IGNORE, 0.10, "Fora",
        DecisionSource.MODEL, "p1", 1), 9.000, Instant.parse("2025-01-09T23:59:59.999999Z")));
    // not processed
    store.enqueue(EmailRecord.queued(email("c1", T0), null, Instant.parse("2025-01-11T00:00:00Z")));
    store.save(EmailRecord.queued(email("c2", T0), null, T0).claimed(T0, T0)
        .failed("x", true, T0, 3.0, Instant.parse("2025-01-11T00:00:00Z")));
  }

  @Test
  void summarizeMatchesHandComputedNumbers() {
    DecisionStore store = store();
    analyticsFixture(store);
    assertHandComputedSummary(store.summarize(LocalDate.parse("2025-01-10"), LocalDate.parse("2025-01-12")));
  }

  /** The hand-computed summary of {@link #analyticsFixture} from 2025-01-10 to 2025-01-12. */
  protected static void assertHandComputedSummary(AnalyticsSummary s) {
    assertThat(s.period().start()).isEqualTo(LocalDate.parse("2025-01-10"));
    assertThat(s.period().end()).isEqualTo(LocalDate.parse("2025-01-12"));
    assertThat(s.totals().emailsProcessed()).isEqualTo(6);
    assertThat(s.totals().emailsResponded()).isEqualTo(3);
    assertThat(s.totals().emailsIgnored()).isEqualTo(3);
    assertThat(s.totals().responseRate()).isEqualTo(0.5);
    // (1.2 + 2.0 + 1.0 + 0.01 + 0.02 + 0.5) / 6 = 4.73 / 6 = 0.78833...
    assertThat(s.averageMetrics().processingTimeSeconds()).isEqualTo(0.788);
    // (0.90 + 0.80 + 0.75 + 0.99 + 0.95 + 0.60) / 6 = 4.99 / 6 = 0.83166...
    assertThat(s.averageMetrics().confidenceScore()).isEqualTo(0.83);
    assertThat(s.topReasons()).containsOnlyKeys("respond", "ignore");
    assertThat(s.topReasons().get("respond"))
        .containsExactly(new ReasonCount("Pergunta de cliente", 2), new ReasonCount("Reclamação", 1));
    assertThat(s.topReasons().get("ignore"))
        .containsExactly(new ReasonCount("Newsletter", 2), new ReasonCount("Spam", 1));
    assertThat(s.bySource()).containsExactlyInAnyOrderEntriesOf(
        Map.of("rule", 1L, "learned", 0L, "cache", 1L, "model", 3L, "fallback", 1L));
    assertThat(s.byPromptVersion()).containsExactly(
        new PromptVersionCount("p1", 1, 2, 1), new PromptVersionCount("p1", 2, 2, 2));
  }

  @Test
  void dailySeriesGivesEveryDayOfThePeriodOldestFirstWithZeroDays() {
    DecisionStore store = store();
    analyticsFixture(store);
    LocalDate d = LocalDate.parse("2025-01-08");
    assertThat(store.dailySeries(d, d.plusDays(6))).containsExactly(
        new DailyCount(d, 0, 0, 0),
        new DailyCount(d.plusDays(1), 1, 0, 1),
        new DailyCount(d.plusDays(2), 2, 1, 1),
        new DailyCount(d.plusDays(3), 2, 1, 1),
        new DailyCount(d.plusDays(4), 2, 1, 1),
        new DailyCount(d.plusDays(5), 1, 1, 0),
        new DailyCount(d.plusDays(6), 0, 0, 0));
    for (DailyCount day : store.dailySeries(d, d.plusDays(6))) {
      AnalyticsSummary.Totals t = store.summarize(day.date(), day.date()).totals();
      assertThat(new DailyCount(day.date(), t.emailsProcessed(), t.emailsResponded(), t.emailsIgnored()))
          .isEqualTo(day);
    }
    assertThat(store.dailySeries(d, d)).containsExactly(new DailyCount(d, 0, 0, 0));
    assertThatThrownBy(() -> store.dailySeries(d, d.minusDays(1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void summarizeOfOneDayAndOfAnEmptyPeriod() {
    DecisionStore store = store();
    analyticsFixture(store);
    AnalyticsSummary day = store.summarize(LocalDate.parse("2025-01-11"), LocalDate.parse("2025-01-11"));
    assertThat(day.totals().emailsProcessed()).isEqualTo(2);
    assertThat(day.totals().responseRate()).isEqualTo(0.5);
    assertThat(day.averageMetrics().processingTimeSeconds()).isEqualTo(1.25);
    assertThat(day.averageMetrics().confidenceScore()).isEqualTo(0.7);

    AnalyticsSummary none = store.summarize(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-31"));
    assertThat(none.totals().emailsProcessed()).isZero();
    assertThat(none.totals().responseRate()).isZero();
    assertThat(none.averageMetrics().processingTimeSeconds()).isZero();
    assertThat(none.averageMetrics().confidenceScore()).isZero();
    assertThat(none.topReasons()).containsOnlyKeys("respond", "ignore");
    assertThat(none.topReasons().values()).allSatisfy(list -> assertThat(list).isEmpty());
    assertThat(none.bySource()).containsOnlyKeys("rule", "learned", "cache", "model", "fallback");
    assertThat(none.bySource().values()).containsOnly(0L);
    assertThat(none.byPromptVersion()).isEmpty();
  }

  @Test
  void topReasonsAreTheFiveMostFrequentTiesByText() {
    DecisionStore store = store();
    Instant at = Instant.parse("2025-02-01T12:00:00Z");
    String[] reasons = {"g", "f", "f", "e", "d", "c", "b", "a", "a", "a"};
    Set<String> used = new HashSet<>();
    for (int i = 0; i < reasons.length; i++) {
      used.add(reasons[i]);
      store.save(processed(email("t-" + i, T0), decision(Action.IGNORE, 0.5, reasons[i], DecisionSource.RULE,
          null, 0), 0.1, at));
    }
    assertThat(used).hasSize(7);
    AnalyticsSummary s = store.summarize(LocalDate.parse("2025-02-01"), LocalDate.parse("2025-02-01"));
    assertThat(s.topReasons().get("ignore")).containsExactly(new ReasonCount("a", 3), new ReasonCount("f", 2),
        new ReasonCount("b", 1), new ReasonCount("c", 1), new ReasonCount("d", 1));
    assertThat(s.topReasons().get("respond")).isEmpty();
  }

  @Test
  void learnedDecisionsAreStoredAndCountedBySource() {
    DecisionStore store = store();
    Decision learned = decision(Action.IGNORE, 0.93, "learned rule lr_1: evidence", DecisionSource.LEARNED, null, 0)
        .toBuilder().rule("lr_1").build();
    EmailRecord record = processed(email("l-1", T0), learned, 0.002, T0);
    store.save(record);
    assertThat(store.find("l-1")).get().satisfies(r -> assertSameRecord(r, record));
    assertThat(store.findBySource(DecisionSource.LEARNED, 5)).extracting(EmailRecord::emailId).containsExactly("l-1");
    LocalDate day = LocalDate.of(2025, 1, 15);
    assertThat(store.summarize(day, day).bySource()).containsEntry("learned", 1L).containsEntry("model", 0L);
  }
}
