package dev.emailtriage.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown by a {@link Decider} that could not decide; says why and whether trying again later may help.
 */
public class DeciderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a decider failed; each kind knows whether a later attempt may succeed. */
  public enum Kind {
    /** The model's quota or rate limit (HTTP 429). Retryable. */
    RATE_LIMITED(true),
    /** The model is overloaded or down (5xx), or the network failed. Retryable. */
    UNAVAILABLE(true),
    /** The call did not finish within its deadline. Retryable. */
    TIMEOUT(true),
    /** The answer was not a valid decision, even after a repair attempt. Retryable. */
    INVALID_RESPONSE(true),
    /** The model refused to answer (safety block, prompt blocked). Not retryable. */
    BLOCKED(false),
    /** The key or the project is not allowed (401, 403). Not retryable until configuration changes. */
    UNAUTHORIZED(false),
    /** The request itself was rejected (400, 404: unknown model...). Not retryable. */
    BAD_REQUEST(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    /** Whether a later attempt may succeed. */
    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final transient Duration retryAfter;

  /** A failure of this kind. */
  public DeciderException(Kind kind, String message) {
    this(kind, message, null);
  }

  /** A failure of this kind with its cause. */
  public DeciderException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, null);
  }

  /**
   * A failure of this kind for which the server said when to try again (a 429's {@code RetryInfo.retryDelay} or
   * {@code Retry-After} that did not fit in the call's deadline); the pipeline waits at least that long before the
   * next attempt.
   */
  public DeciderException(Kind kind, String message, Throwable cause, Duration retryAfter) {
    super(kind + ": " + message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  /** Why it failed. */
  public Kind kind() {
    return kind;
  }

  /** Whether a later attempt may succeed. */
  public boolean retryable() {
    return kind.retryable();
  }

  /** How long the server asked us to wait before trying again, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
