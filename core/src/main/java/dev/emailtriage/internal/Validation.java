package dev.emailtriage.internal;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.InvalidEmailException;
import dev.emailtriage.InvalidEmailException.Violation;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Jakarta Validation of the API records with Hibernate Validator, reporting fields by their JSON (snake_case) names.
 * Uses the parameter interpolator, so no Jakarta EL implementation is needed. Not API. Thread-safe.
 *
 * <p>Two rules hold for every {@link Email} besides its annotations, the same in the library and the REST server:
 * <ul>
 *   <li><b>Text is valid Unicode without NUL.</b> No text of the email (id, addresses, subject, body, thread id,
 *       attachment names, labels, custom field names and text values, header names and values) may contain the NUL
 *       character U+0000 or an unpaired UTF-16 surrogate: such an email is refused, naming the field, never stored
 *       altered (PostgreSQL cannot store NUL in text, and a lone surrogate would be written as {@code ?}, making two
 *       different ids one).</li>
 *   <li><b>Dates fit every store.</b> {@code received_at} lies between {@value Email#MIN_RECEIVED_AT} and
 *       {@value Email#MAX_RECEIVED_AT} (years 1 to 9999, what ISO-8601 writes with four digits and PostgreSQL keeps).</li>
 * </ul>
 */
public final class Validation {
  private static final Validator VALIDATOR = jakarta.validation.Validation.byProvider(HibernateValidator.class)
      .configure()
      .messageInterpolator(new ParameterMessageInterpolator())
      .buildValidatorFactory()
      .getValidator();
  private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
  /** Hibernate Validator's message for {@code @NotNull}. */
  private static final String NOT_NULL = "must not be null";

  private Validation() {}

  /** What is wrong with {@code text} under the text rule ({@link Email#textProblem}), or {@code null}. */
  public static String textProblem(String text) {
    return Email.textProblem(text);
  }

  /** What is wrong with {@code at} under the date rule ({@link Email#instantProblem}), or {@code null}. */
  public static String instantProblem(Instant at) {
    return Email.instantProblem(at);
  }

  /**
   * The text and date rule violations of {@code email}, by JSON path, and its null header values ({@code must not be
   * null}, as Hibernate Validator says it). Builds a field's path only for a field that breaks a rule.
   */
  public static List<Violation> textViolations(Email email) {
    List<Violation> out = new ArrayList<>();
    text(out, "email_id", email.emailId());
    text(out, "from", email.from());
    text(out, "to", email.to());
    text(out, "subject", email.subject());
    text(out, "body", email.body());
    text(out, "thread_id", email.threadId());
    String date = instantProblem(email.receivedAt());
    if (date != null) {
      out.add(new Violation("received_at", date));
    }
    List<String> attachments = email.attachments();
    for (int i = 0; i < attachments.size(); i++) {
      String problem = textProblem(attachments.get(i));
      if (problem != null) {
        out.add(new Violation("attachments[" + i + "]", problem));
      }
    }
    if (email.metadata() != null) {
      List<String> labels = email.metadata().labels();
      for (int i = 0; i < labels.size(); i++) {
        String problem = textProblem(labels.get(i));
        if (problem != null) {
          out.add(new Violation("metadata.labels[" + i + "]", problem));
        }
      }
      value(out, "metadata.custom_fields", email.metadata().customFields(), 0);
    }
    for (Map.Entry<String, List<String>> header : email.headers().entrySet()) {
      String name = header.getKey();
      String problem = textProblem(name);
      if (problem != null) {
        out.add(new Violation("headers[" + printable(name) + "]", problem));
      }
      List<String> values = header.getValue();
      for (int i = 0; i < values.size(); i++) {
        String value = values.get(i);
        problem = value == null ? NOT_NULL : textProblem(value);
        if (problem != null) {
          out.add(new Violation("headers[" + printable(name) + "][" + i + "]", problem));
        }
      }
    }
    return out;
  }

  private static void value(List<Violation> out, String path, Object value, int depth) {
    if (depth > 64) {
      out.add(new Violation(path, "is nested too deeply"));
    } else if (value instanceof String s) {
      text(out, path, s);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        String key = String.valueOf(k);
        text(out, path, key);
        value(out, path + "." + printable(key), v, depth + 1);
      });
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        value(out, path + "[" + i + "]", list.get(i), depth + 1);
      }
    }
  }

  private static void text(List<Violation> out, String field, String value) {
    String problem = textProblem(value);
    if (problem != null) {
      out.add(new Violation(field, problem));
    }
  }

  /** A name safe to show inside a field path: NUL and lone surrogates replaced, at most 100 characters. */
  public static String printable(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length() && b.length() < 100; i++) {
      char c = name.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1));
      if (pair) {
        b.append(c).append(name.charAt(++i));
      } else if (c == 0 || Character.isSurrogate(c) || Character.isISOControl(c)) {
        b.append('\uFFFD');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Every violated constraint of {@code value}, by JSON path, sorted; empty when valid. For an {@link Email} the text
   * and date rules above are checked too.
   */
  public static List<Violation> violations(Object value) {
    Set<ConstraintViolation<Object>> found = VALIDATOR.validate(value);
    List<Violation> text = value instanceof Email email ? textViolations(email) : List.of();
    if (found.isEmpty() && text.isEmpty()) {
      return List.of();
    }
    List<Violation> all = new ArrayList<>(text);
    found.forEach(v -> all.add(new Violation(jsonPath(v.getPropertyPath()), v.getMessage())));
    return all.stream()
        .distinct()
        .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
        .toList();
  }

  /**
   * The violations of a decision a decider returned, as {@link #violations} reports them. The pipeline checks every
   * model answer, and a valid one is the rule: so the constraints that {@link Decision}, {@link SuggestedResponse}
   * and {@link TokenUsage} declare are first checked here by hand (a few comparisons; ValidationTest pins the list
   * of constraints and checks that this check never passes a decision Hibernate Validator refuses), and only a
   * decision that fails that check is validated by Hibernate Validator, whose messages are the ones reported. The
   * email, the user's input, is always validated by Hibernate Validator ({@link #requireValid}); decisions made by
   * rules, the cache or the sender memory are built by the library and not validated again.
   */
  public static List<Violation> decisionViolations(Decision d) {
    return satisfiesConstraints(d) ? List.of() : violations(d);
  }

  /** Whether {@code d} certainly satisfies its declared constraints (false may still be valid: ask the validator). */
  static boolean satisfiesConstraints(Decision d) {
    SuggestedResponse r = d.suggestedResponse();
    TokenUsage u = d.tokenUsage();
    return d.action() != null && d.confidence() >= 0.0 && d.confidence() <= 1.0 && d.emailType() != null
        && d.urgency() != null && notBlank(d.reason(), 2000) && d.source() != null && d.promptVersion() >= 0
        && (d.modelVersion() == null || d.modelVersion().length() <= 100) && d.examplesUsed() >= 0
        && (r == null || r.subject() != null && r.subject().length() <= 998 && notBlank(r.body(), 100_000)
            && r.tone() != null)
        && (u == null || u.prompt() >= 0 && u.candidates() >= 0 && u.thoughts() >= 0 && u.total() >= 0);
  }

  /**
   * {@code @NotBlank @Size(max = max)}, strictly: some character that is whitespace by no definition (neither
   * {@code trim()}'s nor {@link Character#isWhitespace}'s nor {@link Character#isSpaceChar}'s).
   */
  private static boolean notBlank(String s, int max) {
    if (s == null || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > ' ' && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        return true;
      }
    }
    return false;
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
          out.append('[').append(printable(String.valueOf(node.getKey()))).append(']');
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
