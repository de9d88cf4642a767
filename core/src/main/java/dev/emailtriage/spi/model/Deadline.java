package dev.emailtriage.spi.model;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The moment a model call must be done by, retries and repair included: the time limit the pipeline passed to
 * {@link dev.emailtriage.spi.Decider#decide(dev.emailtriage.Email, dev.emailtriage.Prompt, Duration)}, measured on
 * an injectable clock. Immutable and thread-safe.
 *
 * @param clock the clock it is measured with
 * @param limit the time limit it was started with, for messages
 * @param atMillis the deadline in {@code clock.millis()}
 */
public record Deadline(Clock clock, Duration limit, long atMillis) {

  /** Checks that nothing is missing. */
  public Deadline {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(limit, "limit");
  }

  /**
   * A deadline {@code limit} from now.
   *
   * @param clock the clock
   * @param limit the time limit, positive
   * @return the deadline
   * @throws IllegalArgumentException when {@code limit} is not positive
   */
  public static Deadline after(Clock clock, Duration limit) {
    Objects.requireNonNull(limit, "limit");
    if (limit.isZero() || limit.isNegative()) {
      throw new IllegalArgumentException("timeLimit must be positive, was " + limit);
    }
    return new Deadline(clock, limit, clock.millis() + limit.toMillis());
  }

  /**
   * The time left, zero when it passed.
   *
   * @return the time left
   */
  public Duration remaining() {
    return Duration.ofMillis(Math.max(0, atMillis - clock.millis()));
  }

  /**
   * Whether no time is left.
   *
   * @return true from the deadline on
   */
  public boolean passed() {
    return clock.millis() >= atMillis;
  }
}
