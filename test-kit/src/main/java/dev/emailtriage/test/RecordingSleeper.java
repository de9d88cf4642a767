package dev.emailtriage.test;

import dev.emailtriage.spi.model.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Sleeper} for tests of retry and backoff: it records every wait it is asked for and advances a
 * {@link MutableClock} by that much instead of sleeping, so a test of "waits 26 s after a 429" runs at once and can
 * assert the waits exactly. Thread-safe.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
 * RecordingSleeper sleeper = new RecordingSleeper(clock);
 * GeminiDecider decider = GeminiDecider.builder().apiKey("k").clock(clock).sleeper(sleeper).build();
 * // ... a call answered 429 with retryDelay 26s, then 200
 * assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(26));
 * }</pre>
 */
public final class RecordingSleeper implements Sleeper {

  private final MutableClock clock;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  /**
   * A sleeper that moves {@code clock}.
   *
   * @param clock the clock each wait advances
   */
  public RecordingSleeper(MutableClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    clock.advance(duration);
  }

  /**
   * The waits asked for so far, in order.
   *
   * @return an unmodifiable snapshot
   */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
