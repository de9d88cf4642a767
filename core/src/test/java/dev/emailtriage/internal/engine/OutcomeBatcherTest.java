package dev.emailtriage.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.RecordingStore;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.Urgency;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class OutcomeBatcherTest {
  private static final Instant NOW = Instant.parse("2025-01-15T10:30:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final RecordingStore store = new RecordingStore();
  private final List<Integer> writes = store.batchWrites;
  private final Map<String, List<Boolean>> followed = new ConcurrentHashMap<>();

  private OutcomeBatcher batcher(int maxSize) {
    return new OutcomeBatcher(store, Clock.fixed(NOW, ZoneOffset.UTC), maxSize, Duration.ofMillis(50));
  }

  private EmailRecord claimed(String id) {
    Email email = Email.builder().emailId(id).from("a@example.com").to("b@example.com").subject("s").body("b")
        .receivedAt(NOW).build();
    return store.tryLease(EmailRecord.queued(email, null, NOW), LEASE, NOW, false).orElseThrow();
  }

  private static EmailRecord processed(EmailRecord base) {
    Decision d = Decision.builder().action(Action.IGNORE).confidence(0.9).emailType(EmailType.NEWSLETTER)
        .urgency(Urgency.LOW).reason("test").source(DecisionSource.RULE).rule("r").build();
    return base.processed(d, null, 0.1, NOW);
  }

  private void add(OutcomeBatcher b, EmailRecord outcome) {
    b.add(outcome, stored -> followed.computeIfAbsent(outcome.emailId(), id -> new ArrayList<>()).add(stored));
  }

  @Test
  void fullBufferIsWrittenInOneBatchThenFollowedUp() {
    OutcomeBatcher b = batcher(3);
    add(b, processed(claimed("a")));
    add(b, processed(claimed("b")));
    assertThat(writes).isEmpty();
    assertThat(followed).isEmpty();

    add(b, processed(claimed("c")));

    assertThat(writes).containsExactly(3);
    assertThat(followed).containsOnlyKeys("a", "b", "c");
    assertThat(store.find("c").orElseThrow().status()).isEqualTo(TriageStatus.PROCESSED);
  }

  @Test
  void twoOutcomesOfOneEmailGoToSeparateWritesAndOnlyTheCurrentLeaseIsStored() {
    OutcomeBatcher b = batcher(32);
    EmailRecord old = claimed("a");
    EmailRecord taken = store.tryLease(old, LEASE, NOW.plus(LEASE), false).orElseThrow(); // the lease expired
    add(b, processed(old));
    add(b, processed(taken));
    b.flush();

    assertThat(writes).containsExactly(1, 1);
    assertThat(followed.get("a")).containsExactly(false, true);
    assertThat(store.find("a").orElseThrow().leaseVersion()).isEqualTo(taken.leaseVersion());
  }
}
