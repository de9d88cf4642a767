package dev.emailtriage.mime;

/**
 * Thrown when bytes are not a mail message that can be read (empty, binary, no mail header at all). Immutable.
 */
public final class UnparseableMailException extends Exception {

  private static final long serialVersionUID = 1L;

  public UnparseableMailException(String message) {
    super(message);
  }

  public UnparseableMailException(String message, Throwable cause) {
    super(message, cause);
  }
}
