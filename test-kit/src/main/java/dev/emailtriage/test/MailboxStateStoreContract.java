package dev.emailtriage.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.spi.MailboxRecord.Step;
import dev.emailtriage.spi.MailboxRecord;
import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.spi.MailboxSyncState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MailboxStateStore} must have. A store's test extends this class and gives a fresh,
 * empty store per test. Times are whole microseconds (what PostgreSQL keeps).
 */
public abstract class MailboxStateStoreContract {

  /** Base time of the fixtures. */
  protected static final Instant T0 = Instant.parse("2025-01-15T10:30:00Z");

  /** A fresh, empty store for one test. */
  protected abstract MailboxStateStore store();

  private static MailboxRecord record(String mailbox, String email, Step step, String marker, String draftId,
      String sentId, String thread, String sender, Instant at) {
    return new MailboxRecord(mailbox, email, step, marker, draftId, sentId, thread, sender, 0, "note", at);
  }

  @Test
  void checkpointIsEmptyThenTheLastSaved() {
    MailboxStateStore store = store();
    assertThat(store.checkpoint("imap:a")).isEmpty();

    store.saveCheckpoint("imap:a", "7:10", T0);
    store.saveCheckpoint("imap:a", "7:12", T0.plusSeconds(1));
    store.saveCheckpoint("imap:b", "9:1", T0);

    assertThat(store.checkpoint("imap:a")).contains("7:12");
    assertThat(store.checkpoint("imap:b")).contains("9:1");
  }

  @Test
  void aRecordIsReplacedNeverDuplicatedAndKeyedByMailboxAndEmail() {
    MailboxStateStore store = store();
    store.save(record("imap:a", "m1", Step.DRAFTING, "et-0123456789", null, null, "t1", "ana@example.com", T0));
    store.save(record("imap:a", "m1", Step.DONE, "et-0123456789", "draft-1", null, "t1", "ana@example.com",
        T0.plusSeconds(1)));
    store.save(record("imap:b", "m1", Step.FAILED, null, null, null, "t1", "ana@example.com", T0));

    MailboxRecord a = store.find("imap:a", "m1").orElseThrow();
    assertThat(a.step()).isEqualTo(Step.DONE);
    assertThat(a.draftId()).isEqualTo("draft-1");
    assertThat(a.marker()).isEqualTo("et-0123456789");
    assertThat(a.threadKey()).isEqualTo("t1");
    assertThat(a.sender()).isEqualTo("ana@example.com");
    assertThat(a.note()).isEqualTo("note");
    assertThat(a.updatedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(store.find("imap:b", "m1").orElseThrow().step()).isEqualTo(Step.FAILED);
    assertThat(store.find("imap:a", "m2")).isEmpty();
  }

  @Test
  void autoReplyWindowCountsSentAndSendingRepliesOfThatThreadAndSenderOnly() {
    MailboxStateStore store = store();
    store.save(record("imap:a", "m1", Step.DONE, "et-0123456789", null, "sent-1", "t1", "ana@example.com", T0));
    store.save(record("imap:a", "m2", Step.SENDING, "et-0123456780", null, null, "t2", "ana@example.com", T0));
    store.save(record("imap:a", "m3", Step.DONE, "et-0123456781", "d", null, "t3", "ana@example.com", T0));

    assertThat(store.autoReplySince("imap:a", "t1", "ana@example.com", T0)).isTrue();
    assertThat(store.autoReplySince("imap:a", "t1", "ana@example.com", T0.plusSeconds(1))).as("older").isFalse();
    assertThat(store.autoReplySince("imap:a", "t2", "ana@example.com", T0.minus(Duration.ofDays(1)))).isTrue();
    assertThat(store.autoReplySince("imap:a", "t3", "ana@example.com", T0)).as("a draft is no auto-reply").isFalse();
    assertThat(store.autoReplySince("imap:a", "t1", "bob@example.com", T0)).as("other sender").isFalse();
    assertThat(store.autoReplySince("imap:b", "t1", "ana@example.com", T0)).as("other mailbox").isFalse();
  }

  @Test
  void syncStatesCountWhatWasDonePerMailbox() {
    MailboxStateStore store = store();
    store.saveCheckpoint("imap:a", "7:12", T0);
    store.save(record("imap:a", "m1", Step.DONE, "et-0123456789", "d1", null, "t1", "a@example.com", T0));
    store.save(record("imap:a", "m2", Step.DONE, "et-0123456780", null, "s1", "t2", "a@example.com", T0));
    store.save(record("imap:a", "m3", Step.FAILED, null, null, null, "t3", "a@example.com", T0));
    store.save(record("imap:a", "m4", Step.DONE, null, null, null, "t4", "a@example.com", T0));
    store.save(record("gmail:b", "x", Step.DONE, null, null, null, "t", "a@example.com", T0));

    assertThat(store.syncStates()).containsExactly(
        new MailboxSyncState("gmail:b", null, null, 1, 0, 0, 0),
        new MailboxSyncState("imap:a", "7:12", T0, 3, 1, 1, 1));
  }
}
