package dev.emailtriage.internal;

import dev.emailtriage.InvalidEmailException;
import dev.emailtriage.InvalidEmailException.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Jakarta Validation of the API records with Hibernate Validator, reporting fields by their JSON (snake_case) names.
 * Uses the parameter interpolator, so no Jakarta EL implementation is needed. Not API. Thread-safe.
 */
public final class Validation {
  private static final Validator VALIDATOR = jakarta.validation.Validation.byProvider(HibernateValidator.class)
      .configure()
      .messageInterpolator(new ParameterMessageInterpolator())
      .buildValidatorFactory()
      .getValidator();
  private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

  private Validation() {}

  /** Every violated constraint of {@code value}, by JSON path, sorted; empty when valid. */
  public static List<Violation> violations(Object value) {
    Set<ConstraintViolation<Object>> found = VALIDATOR.validate(value);
    return found.stream()
        .map(v -> new Violation(jsonPath(v.getPropertyPath()), v.getMessage()))
        .distinct()
        .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
        .toList();
  }

  /** Throws an {@link InvalidEmailException} listing every violation of {@code value}. */
  public static void requireValid(Object value) {
    List<Violation> violations = violations(value);
    if (!violations.isEmpty()) {
      throw new InvalidEmailException(violations);
    }
  }

  private static String jsonPath(Path path) {
    StringBuilder out = new StringBuilder();
    for (Path.Node node : path) {
      String name = node.getName();
      boolean element = name == null || name.startsWith("<");
      if (element) {
        if (node.getIndex() != null) {
          out.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
          out.append('[').append(node.getKey()).append(']');
        }
        continue;
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(CAMEL.matcher(name).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT));
    }
    return out.toString();
  }
}
