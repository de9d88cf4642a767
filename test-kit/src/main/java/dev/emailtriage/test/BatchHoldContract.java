package dev.emailtriage.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.BatchHold;
import dev.emailtriage.spi.DecisionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What batch mode needs of every {@link DecisionStore}: holding emails for a batch job (their leases extended,
 * fenced by lease version), listing the jobs held with the emails still waiting, and releasing them. A store's test
 * extends this class and gives a fresh, empty store per test. Times are whole microseconds.
 */
public abstract class BatchHoldContract {

  /** Base time of the fixtures. */
  protected static final Instant T0 = Instant.parse("2025-01-15T10:30:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Instant HOLD_UNTIL = T0.plus(Duration.ofHours(25));

  /** A fresh, empty store for one test. */
  protected abstract DecisionStore store();

  private static Email email(String id) {
    return Email.builder().emailId(id).from("cliente@example.com").to("support@biofraga.com")
        .subject("Assunto " + id).body("Olá, corpo de " + id).receivedAt(T0).build();
  }

  /** Queues these emails and claims them all at {@code T0}; the leased records, by id order. */
  private static List<EmailRecord> leased(DecisionStore store, String... ids) {
    for (String id : ids) {
      store.enqueue(EmailRecord.queued(email(id), "job-" + id, T0));
    }
    List<EmailRecord> claimed = store.claim(ids.length, LEASE, 5, T0);
    assertThat(claimed).hasSize(ids.length);
    return claimed.stream().sorted(Comparator.comparing(EmailRecord::emailId)).toList();
  }

  private static BatchHold.Item item(EmailRecord r) {
    return new BatchHold.Item(r.emailId(), r.leaseVersion(), "prompt_default", 3);
  }

  private static Decision decision() {
    return Decision.builder().action(Action.IGNORE).confidence(0.9).emailType(EmailType.NEWSLETTER)
        .urgency(Urgency.LOW).reason("newsletter").source(DecisionSource.MODEL).build();
  }

  @Test
  void holdsOnlyEmailsStillProcessingUnderTheItemsLeaseVersion() {
    DecisionStore store = store();
    List<EmailRecord> r = leased(store, "a", "b", "c");
    assertThat(store.complete(r.get(2).processed(decision(), null, 0.1, T0))).isTrue();

    BatchHold held = store.holdForBatch(new BatchHold("batches/one", T0, List.of(item(r.get(0)),
        new BatchHold.Item("b", r.get(1).leaseVersion() - 1, "prompt_default", 3), item(r.get(2)))), HOLD_UNTIL);

    assertThat(held.batchId()).isEqualTo("batches/one");
    assertThat(held.items()).containsExactly(item(r.get(0)));
    assertThat(store.heldBatches()).singleElement().satisfies(h -> {
      assertThat(h.batchId()).isEqualTo("batches/one");
      assertThat(h.submittedAt()).isEqualTo(T0);
      assertThat(h.items()).containsExactly(new BatchHold.Item("a", r.get(0).leaseVersion(), "prompt_default", 3));
    });
    assertThat(store.find("b").orElseThrow().dueAt()).isEqualTo(T0.plus(LEASE));
  }

  @Test
  void aHeldEmailKeepsItsLeaseVersionAndIsNotTakenBeforeTheHoldEnds() {
    DecisionStore store = store();
    EmailRecord a = leased(store, "a").get(0);
    store.holdForBatch(new BatchHold("batches/one", T0, List.of(item(a))), HOLD_UNTIL);

    EmailRecord stored = store.find("a").orElseThrow();
    assertThat(stored.status()).isEqualTo(TriageStatus.PROCESSING);
    assertThat(stored.dueAt()).isEqualTo(HOLD_UNTIL);
    assertThat(stored.leaseVersion()).isEqualTo(a.leaseVersion());
    assertThat(stored.attempts()).isEqualTo(a.attempts());
    Instant hoursLater = T0.plus(Duration.ofHours(3));
    assertThat(store.claim(10, LEASE, 5, hoursLater)).isEmpty();
    assertThat(store.tryLease(EmailRecord.queued(email("a"), null, hoursLater), LEASE, hoursLater, false))
        .isEmpty();
    assertThat(store.queueDepth()).isZero();
    // its outcome is stored under the lease it was held with
    assertThat(store.complete(stored.processed(decision(), null, 3600, hoursLater))).isTrue();
    assertThat(store.heldBatches()).singleElement().satisfies(h -> assertThat(h.items()).isEmpty());
  }

  @Test
  void whenTheHoldEndsTheWorkerTakesTheEmailAgainAndTheHoldNoLongerListsIt() {
    DecisionStore store = store();
    EmailRecord a = leased(store, "a").get(0);
    store.holdForBatch(new BatchHold("batches/one", T0, List.of(item(a))), HOLD_UNTIL);

    List<EmailRecord> again = store.claim(10, LEASE, 5, HOLD_UNTIL);

    assertThat(again).singleElement().satisfies(r -> {
      assertThat(r.emailId()).isEqualTo("a");
      assertThat(r.attempts()).isEqualTo(a.attempts() + 1);
      assertThat(r.leaseVersion()).isEqualTo(a.leaseVersion() + 1);
    });
    assertThat(store.heldBatches()).singleElement().satisfies(h -> assertThat(h.items()).isEmpty());
    // the held lease's late outcome is refused
    assertThat(store.complete(a.processed(decision(), null, 1, HOLD_UNTIL))).isFalse();
  }

  @Test
  void heldBatchesAreListedOldestFirstAndReleasedOneByOne() {
    DecisionStore store = store();
    List<EmailRecord> r = leased(store, "a", "b", "c");
    store.holdForBatch(new BatchHold("batches/late", T0.plusSeconds(60), List.of(item(r.get(2)))), HOLD_UNTIL);
    store.holdForBatch(new BatchHold("batches/early", T0, List.of(item(r.get(0)), item(r.get(1)))), HOLD_UNTIL);

    assertThat(store.heldBatches()).extracting(BatchHold::batchId).containsExactly("batches/early", "batches/late");
    assertThat(store.heldBatches().get(0).items()).extracting(BatchHold.Item::emailId)
        .containsExactlyInAnyOrder("a", "b");

    store.releaseBatch("batches/early");
    store.releaseBatch("batches/unknown");
    assertThat(store.heldBatches()).extracting(BatchHold::batchId).containsExactly("batches/late");
    // releasing forgets the job only: the emails stay processing until their hold ends
    assertThat(store.find("a").orElseThrow().status()).isEqualTo(TriageStatus.PROCESSING);
    store.releaseBatch("batches/late");
    assertThat(store.heldBatches()).isEmpty();
  }

  @Test
  void holdingTheSameJobAgainAddsItsItems() {
    DecisionStore store = store();
    List<EmailRecord> r = leased(store, "a", "b");
    store.holdForBatch(new BatchHold("batches/one", T0, List.of(item(r.get(0)))), HOLD_UNTIL);
    BatchHold second = store.holdForBatch(new BatchHold("batches/one", T0.plusSeconds(5), List.of(item(r.get(1)))),
        HOLD_UNTIL);

    assertThat(second.items()).containsExactly(item(r.get(1)));
    assertThat(store.heldBatches()).singleElement().satisfies(h -> {
      assertThat(h.submittedAt()).isEqualTo(T0);
      assertThat(h.items()).extracting(BatchHold.Item::emailId).containsExactlyInAnyOrder("a", "b");
    });
  }

  @Test
  void theHoldKeepsThePromptEachEmailWasSubmittedWith() {
    DecisionStore store = store();
    List<EmailRecord> r = leased(store, "a", "b");
    store.holdForBatch(new BatchHold("batches/one", T0, List.of(
        new BatchHold.Item("a", r.get(0).leaseVersion(), "prompt_x", 7),
        new BatchHold.Item("b", r.get(1).leaseVersion(), "prompt_y", 1))), HOLD_UNTIL);

    assertThat(store.heldBatches().get(0).items()).containsExactlyInAnyOrder(
        new BatchHold.Item("a", r.get(0).leaseVersion(), "prompt_x", 7),
        new BatchHold.Item("b", r.get(1).leaseVersion(), "prompt_y", 1));
  }
}
