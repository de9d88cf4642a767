package dev.emailtriage.spamfilter.internal;

import java.io.IOException;

/** A spam filter answered something other than a verdict: an error status, or a reply that breaks its protocol. */
public final class SpamFilterException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}. */
  public SpamFilterException(String message) {
    super(message);
  }
}
