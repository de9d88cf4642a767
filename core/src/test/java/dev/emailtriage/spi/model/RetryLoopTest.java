package dev.emailtriage.spi.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.emailtriage.MutableClock;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DeciderException.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryLoopTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Duration> sleeps = new ArrayList<>();
  private final Sleeper sleeper = d -> {
    sleeps.add(d);
    clock.advance(d);
  };

  private RetryLoop loop(int maxRetries) {
    return new RetryLoop("Test", maxRetries, Duration.ofSeconds(1), Duration.ofSeconds(30), sleeper);
  }

  @Test
  void successOnTheFirstAttemptNeverSleeps() {
    String r = loop(3).run(Deadline.after(clock, Duration.ofSeconds(10)), remaining -> "ok");

    assertThat(r).isEqualTo("ok");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void serverDelayIsWaitedBeforeTheRetry() {
    AtomicInteger calls = new AtomicInteger();

    String r = loop(3).run(Deadline.after(clock, Duration.ofSeconds(60)), remaining -> {
      if (calls.incrementAndGet() == 1) {
        throw new DeciderException(Kind.RATE_LIMITED, "429", null, Duration.ofSeconds(7));
      }
      return "ok";
    });

    assertThat(r).isEqualTo("ok");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void eachAttemptIsGivenTheTimeLeft() {
    List<Duration> given = new ArrayList<>();

    catchThrowableOfType(DeciderException.class, () -> loop(2).run(Deadline.after(clock, Duration.ofSeconds(60)),
        remaining -> {
          given.add(remaining);
          throw new DeciderException(Kind.UNAVAILABLE, "503", null, Duration.ofSeconds(10));
        }));

    assertThat(given).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(50), Duration.ofSeconds(40));
  }

  @Test
  void nonRetryableFailureIsThrownAtOnce() {
    AtomicInteger calls = new AtomicInteger();

    DeciderException e = catchThrowableOfType(DeciderException.class,
        () -> loop(3).run(Deadline.after(clock, Duration.ofSeconds(60)), remaining -> {
          calls.incrementAndGet();
          throw new DeciderException(Kind.BAD_REQUEST, "400");
        }));

    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(calls).hasValue(1);
  }

  @Test
  void retryLimitEndsTheLoopSayingHowManyAttempts() {
    DeciderException e = catchThrowableOfType(DeciderException.class,
        () -> loop(2).run(Deadline.after(clock, Duration.ofMinutes(5)), remaining -> {
          throw new DeciderException(Kind.UNAVAILABLE, "503");
        }));

    assertThat(e.getMessage()).contains("gave up after 3 attempt(s)");
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void aWaitEndingAfterTheDeadlineIsNotStartedAndTheServerDelayIsPassedOn() {
    DeciderException e = catchThrowableOfType(DeciderException.class,
        () -> loop(3).run(Deadline.after(clock, Duration.ofSeconds(5)), remaining -> {
          throw new DeciderException(Kind.RATE_LIMITED, "429", null, Duration.ofSeconds(30));
        }));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.getMessage()).contains("after the call's deadline");
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void stopEndsTheLoopWithoutARetryEvenForARetryableKind() {
    AtomicInteger calls = new AtomicInteger();

    DeciderException e = catchThrowableOfType(DeciderException.class,
        () -> loop(3).run(Deadline.after(clock, Duration.ofSeconds(60)), remaining -> {
          calls.incrementAndGet();
          throw RetryLoop.stop(new DeciderException(Kind.TIMEOUT, "read timed out"));
        }));

    assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(calls).hasValue(1);
  }

  @Test
  void timeLimitMustBePositive() {
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> Deadline.after(clock, Duration.ZERO))).hasMessageContaining("timeLimit");
  }
}
