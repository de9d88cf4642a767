package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.emailtriage.spi.Decider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The queue worker writes the outcomes of the emails it claimed in batches ({@code completeAll}), without weakening
 * anything: each outcome keeps its lease fencing, listeners hear of an outcome only once it is stored, a failed write
 * leaves the emails processing until their leases expire, and close() writes what still waits.
 */
class QueueBatchedWritesTest {
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final MutableClock clock = new MutableClock(TestEmails.RECEIVED);
  private final RecordingStore store = new RecordingStore();
  /** How many times the listeners were told of each email's decision, and whether it was stored by then. */
  private final Map<String, AtomicInteger> told = new ConcurrentHashMap<>();
  private final Map<String, Boolean> storedWhenTold = new ConcurrentHashMap<>();

  private EmailTriage pipeline(Decider decider) {
    return EmailTriage.builder().decider(decider).store(store).workerThreads(0).clock(clock).lease(LEASE)
        .rulesEnabled(false).cacheEnabled(false).listener(new TriageListener() {
          @Override
          public void onDecision(Email email, TriageResult result) {
            told.computeIfAbsent(email.emailId(), id -> new AtomicInteger()).incrementAndGet();
            storedWhenTold.put(email.emailId(),
                store.inner.find(email.emailId()).orElseThrow().status() == TriageStatus.PROCESSED);
          }
        }).build();
  }

  private TriageStatus status(String id) {
    return store.find(id).orElseThrow().status();
  }

  @Test
  void claimedBatchIsWrittenOnceAndListenersHearOnlyAfterTheWrite() {
    var decider = ScriptedDecider.answering(Action.RESPOND);
    try (EmailTriage triage = pipeline(decider)) {
      for (String id : List.of("a", "b", "c", "d")) {
        triage.submit(TestEmails.question(id));
      }
      assertThat(triage.drainQueue()).isEqualTo(4); // without worker threads the claimed batch is 4 emails

      assertThat(store.batchWrites).containsExactly(4);
      assertThat(store.singleWrites).hasValue(0);
      for (String id : List.of("a", "b", "c", "d")) {
        assertThat(status(id)).isEqualTo(TriageStatus.PROCESSED);
        assertThat(told.get(id)).hasValue(1);
        assertThat(storedWhenTold.get(id)).isTrue();
      }

      // process(): the caller waits for its outcome, which is written at once on its own
      assertThat(triage.process(TestEmails.question("e")).status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(store.singleWrites).hasValue(1);
      assertThat(store.batchWrites).containsExactly(4);
    }
  }

  @Test
  void staleOutcomeInABatchIsDroppedAndNotTold() {
    // While "b" is being decided its lease expires and another worker takes it over (a new lease version).
    AtomicInteger takenOver = new AtomicInteger();
    var decider = new ScriptedDecider((email, prompt) -> {
      if (email.emailId().equals("b")) {
        clock.advance(LEASE.plusSeconds(1));
        takenOver.set((int) store.tryLease(store.find("b").orElseThrow(), LEASE, clock.instant(), false)
            .orElseThrow().leaseVersion());
      }
      return ScriptedDecider.model(Action.RESPOND, prompt);
    });
    try (EmailTriage triage = pipeline(decider)) {
      triage.submit(TestEmails.question("a"));
      triage.submit(TestEmails.question("b"));

      assertThat(triage.drainQueue()).isEqualTo(2);

      assertThat(status("a")).isEqualTo(TriageStatus.PROCESSED);
      assertThat(told.get("a")).hasValue(1);
      EmailRecord b = store.find("b").orElseThrow();
      assertThat(b.status()).isEqualTo(TriageStatus.PROCESSING); // the newer lease's, untouched by the stale outcome
      assertThat(b.leaseVersion()).isEqualTo(takenOver.get());
      assertThat(told).doesNotContainKey("b");
      assertThat(store.singleWrites).hasValue(0);
    }
  }

  @Test
  void failedBatchWriteLeavesTheEmailsProcessingUntilTheirLeasesExpireThenTheyAreDecidedAgain() {
    var decider = ScriptedDecider.answering(Action.RESPOND);
    try (EmailTriage triage = pipeline(decider)) {
      triage.submit(TestEmails.question("a"));
      triage.submit(TestEmails.question("b"));
      store.failNextBatch.set(true);

      assertThat(triage.drainQueue()).isEqualTo(2);

      assertThat(status("a")).isEqualTo(TriageStatus.PROCESSING);
      assertThat(status("b")).isEqualTo(TriageStatus.PROCESSING);
      assertThat(told).isEmpty(); // nothing was stored, so nobody hears of a decision
      assertThat(triage.drainQueue()).isZero(); // their leases still hold them

      clock.advance(LEASE);
      assertThat(triage.drainQueue()).isEqualTo(2);

      assertThat(status("a")).isEqualTo(TriageStatus.PROCESSED);
      assertThat(status("b")).isEqualTo(TriageStatus.PROCESSED);
      assertThat(told.get("a")).hasValue(1);
      assertThat(told.get("b")).hasValue(1);
      assertThat(decider.calls).hasValue(4);
      assertThat(store.batchWrites).containsExactly(2);
    }
  }

  @Test
  void outcomeWaitingLongerThanTheCapIsWrittenBeforeTheClaimedBatchIsDecided() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var decider = new ScriptedDecider((email, prompt) -> {
      if (email.emailId().equals("b")) {
        awaitQuietly(release);
      }
      return ScriptedDecider.model(Action.RESPOND, prompt);
    });
    try (EmailTriage triage = pipeline(decider)) {
      triage.submit(TestEmails.question("a"));
      triage.submit(TestEmails.question("b"));
      Thread drain = new Thread(triage::drainQueue);
      drain.start();

      // "b" is still being decided; "a" is written once it has waited the cap (50 ms by the pipeline's clock)
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        clock.advance(Duration.ofMillis(10));
        return status("a") == TriageStatus.PROCESSED;
      });
      assertThat(status("b")).isEqualTo(TriageStatus.PROCESSING);
      assertThat(told.get("a")).hasValue(1);

      release.countDown();
      drain.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(drain.isAlive()).isFalse();
      assertThat(status("b")).isEqualTo(TriageStatus.PROCESSED);
      assertThat(store.batchWrites).containsExactly(1, 1);
    }
  }

  @Test
  void closeWritesTheOutcomesStillWaiting() throws Exception {
    CountDownLatch deciding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    var decider = new ScriptedDecider((email, prompt) -> {
      deciding.countDown();
      awaitQuietly(release);
      return ScriptedDecider.model(Action.RESPOND, prompt);
    });
    EmailTriage triage = pipeline(decider);
    triage.submit(TestEmails.question("a"));
    // the drain is interrupted while "a" is being decided: it returns without waiting for (or writing) its outcome
    Thread drain = new Thread(triage::drainQueue);
    drain.start();
    assertThat(deciding.await(10, TimeUnit.SECONDS)).isTrue();
    drain.interrupt();
    drain.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(drain.isAlive()).isFalse();
    release.countDown();
    assertThat(status("a")).isEqualTo(TriageStatus.PROCESSING);

    triage.close(); // waits for the decision, then writes it

    assertThat(status("a")).isEqualTo(TriageStatus.PROCESSED);
    assertThat(told.get("a")).hasValue(1);
    assertThat(store.batchWrites).containsExactly(1);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
