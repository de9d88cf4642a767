package dev.emailtriage.spi.model;

/**
 * A model's answer that is not a valid decision; the message says why in words fit for the
 * {@link RepairRequest repair request} and for the final error. Checked, so that an adapter cannot forget the
 * repair attempt.
 */
public final class InvalidAnswerException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * An invalid answer.
   *
   * @param message what is wrong, e.g. {@code confidence 1.2 is outside [0, 1]}
   */
  public InvalidAnswerException(String message) {
    super(message);
  }

  /**
   * An invalid answer with the parse error behind it.
   *
   * @param message what is wrong
   * @param cause the parse error
   */
  public InvalidAnswerException(String message, Throwable cause) {
    super(message, cause);
  }
}
