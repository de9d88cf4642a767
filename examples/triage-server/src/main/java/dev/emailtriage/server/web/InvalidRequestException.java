package dev.emailtriage.server.web;

import java.util.List;

/** A request with invalid fields; answered 400 with every field named. */
public class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problems.FieldError> errors;

  /** An exception for these errors (at least one). */
  public InvalidRequestException(List<Problems.FieldError> errors) {
    super("invalid request: " + errors);
    this.errors = List.copyOf(errors);
  }

  /** An exception for one field. */
  public static InvalidRequestException of(String field, String message) {
    return new InvalidRequestException(List.of(new Problems.FieldError(field, message)));
  }

  /** Every bad field. */
  public List<Problems.FieldError> errors() {
    return errors;
  }
}
