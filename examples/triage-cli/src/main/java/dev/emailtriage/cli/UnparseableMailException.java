package dev.emailtriage.cli;

/** A file (or mbox entry) that is not a mail message the CLI can read; it is reported and skipped. */
final class UnparseableMailException extends Exception {

  private static final long serialVersionUID = 1L;

  UnparseableMailException(String message) {
    super(message);
  }

  UnparseableMailException(String message, Throwable cause) {
    super(message, cause);
  }
}
