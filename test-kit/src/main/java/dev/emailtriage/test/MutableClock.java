package dev.emailtriage.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} for tests that stands still until told to move: hand it to a builder's {@code clock(..)} and
 * {@link #advance} it instead of sleeping. Always in UTC ({@link #withZone} returns this clock). Thread-safe.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(TestEmails.RECEIVED);
 * EmailTriage triage = EmailTriage.builder().clock(clock).build();
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;

  /**
   * A clock standing at {@code start}.
   *
   * @param start the first instant it reads
   */
  public MutableClock(Instant start) {
    this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
  }

  /**
   * Moves the clock on.
   *
   * @param by how far; not negative
   * @throws IllegalArgumentException when {@code by} is negative
   */
  public void advance(Duration by) {
    Objects.requireNonNull(by, "by");
    if (by.isNegative()) {
      throw new IllegalArgumentException("by must not be negative, was " + by);
    }
    now.updateAndGet(t -> t.plus(by));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
