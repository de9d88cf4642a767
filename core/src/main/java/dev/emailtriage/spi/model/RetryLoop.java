package dev.emailtriage.spi.model;

import dev.emailtriage.spi.DeciderException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry policy of a model adapter: runs an attempt again after a retryable {@link DeciderException}, waiting the
 * delay the server asked for ({@link DeciderException#retryAfter()}) or exponential backoff with jitter
 * ({@link RetryTiming#backoff}), up to a number of retries and never past the call's {@link Deadline}: a wait that
 * would end after the deadline is not started, and the failure is thrown at once with the server's delay kept for
 * the pipeline. Immutable and thread-safe.
 *
 * <pre>{@code
 * RetryLoop retries = new RetryLoop("OpenAI", 3, Duration.ofSeconds(1), Duration.ofSeconds(30), sleeper);
 * Response r = retries.run(deadline, remaining -> callOnce(request, remaining));
 * }</pre>
 *
 * @param service the name in messages and logs, e.g. {@code Gemini}
 * @param maxRetries retries after the first attempt, 0 or more
 * @param initialBackoff the first own delay
 * @param maxBackoff the longest own delay (a server's may be longer)
 * @param sleeper what waits
 */
public record RetryLoop(String service, int maxRetries, Duration initialBackoff, Duration maxBackoff,
    Sleeper sleeper) {

  private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);

  /** Checks the settings. */
  public RetryLoop {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(sleeper, "sleeper");
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be 0 or more, was " + maxRetries);
    }
  }

  /**
   * One attempt of a call.
   *
   * @param <T> what a successful attempt returns
   */
  @FunctionalInterface
  public interface Attempt<T> {
    /**
     * Makes the attempt.
     *
     * @param remaining the time left before the deadline (use it as the attempt's own timeout), positive
     * @return the result
     * @throws DeciderException retried when {@link DeciderException#retryable()}, with its
     *     {@link DeciderException#retryAfter()} as the wait; throw {@link #stop(DeciderException)} for a failure
     *     that is retryable later but must not be retried now (e.g. the time ran out)
     */
    T call(Duration remaining);
  }

  /** Carries a failure out of the loop without a retry. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient DeciderException failure;

    Stop(DeciderException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }

  /**
   * An exception that ends the loop with {@code failure}, without a retry.
   *
   * @param failure what the call throws
   * @return throw it from {@link Attempt#call}
   */
  public static RuntimeException stop(DeciderException failure) {
    return new Stop(Objects.requireNonNull(failure, "failure"));
  }

  /**
   * Runs {@code attempt} until it succeeds, fails for good, runs out of retries or of time.
   *
   * @param deadline when the whole call must be done
   * @param attempt one attempt
   * @param <T> the result type
   * @return the first successful attempt's result
   * @throws DeciderException the last failure (with a note on why the loop stopped), or {@code TIMEOUT} when the
   *     deadline passed before an attempt could start
   */
  public <T> T run(Deadline deadline, Attempt<T> attempt) {
    DeciderException last = null;
    for (int n = 0; ; n++) {
      Duration remaining = deadline.remaining();
      if (remaining.isZero()) {
        throw new DeciderException(DeciderException.Kind.TIMEOUT, "the call's time limit of " + deadline.limit()
            + " passed" + (last == null ? "" : " (last failure: " + last.getMessage() + ")"), last);
      }
      try {
        return attempt.call(remaining);
      } catch (Stop s) {
        throw s.failure;
      } catch (DeciderException e) {
        last = e;
      }
      if (!last.retryable()) {
        throw last;
      }
      if (n >= maxRetries) {
        throw withNote(last, "gave up after " + (n + 1) + " attempt(s)", null);
      }
      Duration serverDelay = last.retryAfter().orElse(null);
      Duration delay = serverDelay != null ? serverDelay : RetryTiming.backoff(n, initialBackoff, maxBackoff);
      long left = deadline.remaining().toMillis();
      if (delay.toMillis() >= left) {
        throw withNote(last, "the next attempt would start after the call's deadline (wait " + delay
            + (serverDelay != null ? " asked by the server" : "") + ", " + left + " ms left)", serverDelay);
      }
      LOG.debug("{} attempt {} failed ({}); retrying in {}", service, n + 1, last.kind(), delay);
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw withNote(last, "interrupted while waiting to retry", null);
      }
    }
  }

  /**
   * {@code e} with {@code note} appended to its message, its cause kept.
   *
   * @param e the failure
   * @param note what to add
   * @param retryAfter the server's delay to pass on to the pipeline, or {@code null}
   * @return a new exception of the same kind
   */
  public static DeciderException withNote(DeciderException e, String note, Duration retryAfter) {
    String message = e.getMessage();
    String prefix = e.kind() + ": ";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    return new DeciderException(e.kind(), message + "; " + note, e.getCause(), retryAfter);
  }
}
