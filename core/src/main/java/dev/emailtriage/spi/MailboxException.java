package dev.emailtriage.spi;

/**
 * A mailbox operation failed: the server could not be reached, refused a login, or answered with an error.
 * {@link dev.emailtriage.MailboxTriage} stops the run at the message it was handling (so nothing is skipped) and
 * tries again on its next run. Immutable.
 */
public class MailboxException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public MailboxException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public MailboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
