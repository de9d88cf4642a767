package dev.emailtriage;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when an {@link Email} breaks its constraints; lists every violated field at once, by its JSON name
 * ({@code email_id}, {@code metadata.labels[0]}).
 */
public final class InvalidEmailException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  /** An exception for these violations (at least one). */
  public InvalidEmailException(List<Violation> violations) {
    super("invalid email: " + violations.stream()
        .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  /** Every violation, sorted by field. */
  public List<Violation> violations() {
    return violations;
  }

  /**
   * One violated constraint.
   *
   * @param field the JSON path of the field
   * @param message what is wrong
   */
  public record Violation(String field, String message) {}
}
