package dev.emailtriage.spring.boot.autoconfigure.internal;

import dev.emailtriage.InvalidEmailException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps an {@link InvalidEmailException} to a {@code 400} problem: {@code type} {@value #TYPE}, {@code title}
 * {@code Invalid email}, {@code detail} naming every field, and {@code errors}, a list of {@code field}/{@code message}
 * pairs with the JSON names ({@code email_id}, {@code received_at}). Stateless and thread-safe. Lowest order, so that
 * the application's own handler for the exception wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public final class InvalidEmailProblemHandler {

  /** The problem type URI. */
  public static final String TYPE = "https://email-triage.dev/problems/validation";

  /** Creates the handler. */
  public InvalidEmailProblemHandler() {}

  /** The 400 problem for {@code e}. */
  @ExceptionHandler(InvalidEmailException.class)
  public ResponseEntity<ProblemDetail> invalidEmail(InvalidEmailException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setType(URI.create(TYPE));
    problem.setTitle("Invalid email");
    List<Map<String, String>> errors = e.violations().stream()
        .map(v -> Map.of("field", v.field(), "message", v.message())).toList();
    problem.setProperty("errors", errors);
    return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
  }
}
