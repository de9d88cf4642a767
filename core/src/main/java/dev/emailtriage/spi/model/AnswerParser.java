package dev.emailtriage.spi.model;

import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The answer parser: a model's text (one JSON object of {@link DecisionSchema}'s shape, possibly inside a Markdown
 * code fence) into a validated {@link ModelAnswer}, or an {@link InvalidAnswerException} saying what is wrong.
 * It needs no JSON library. Stateless and thread-safe.
 *
 * <pre>{@code
 * try {
 *   ModelAnswer answer = AnswerParser.parse(text);
 * } catch (InvalidAnswerException e) {
 *   // one repair attempt: RepairRequest.instruction(e.getMessage())
 * }
 * }</pre>
 */
public final class AnswerParser {

  // The limits of core's Decision and SuggestedResponse validation, so the pipeline never rejects what passed here.
  private static final int MAX_REASON = 2000;
  private static final int MAX_SUBJECT = 998;
  private static final int MAX_BODY = 100_000;

  private AnswerParser() {}

  /**
   * Parses {@code text} into a validated answer.
   *
   * @param text the model's answer text
   * @return the answer
   * @throws InvalidAnswerException saying what is wrong
   */
  public static ModelAnswer parse(String text) throws InvalidAnswerException {
    if (text == null || text.isBlank()) {
      throw new InvalidAnswerException("the answer is empty");
    }
    Object root;
    try {
      root = JsonText.parse(stripFence(text));
    } catch (JsonText.SyntaxException e) {
      throw new InvalidAnswerException("the answer is not valid JSON: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> object)) {
      throw new InvalidAnswerException("the answer is not a JSON object");
    }
    Action action = enumField(object, "decision", Action.class);
    Object conf = object.get("confidence");
    if (!(conf instanceof BigDecimal number)) {
      throw new InvalidAnswerException("confidence is missing or not a number");
    }
    if (number.compareTo(BigDecimal.ZERO) < 0 || number.compareTo(BigDecimal.ONE) > 0) {
      throw new InvalidAnswerException("confidence " + number + " is outside [0, 1]");
    }
    double confidence = number.doubleValue();
    EmailType type = enumField(object, "email_type", EmailType.class);
    Urgency urgency = enumField(object, "urgency", Urgency.class);
    String reason = textField(object, "reason");
    if (reason == null || reason.isBlank()) {
      throw new InvalidAnswerException("reason is missing or empty");
    }
    requireMaxLength("reason", reason.strip(), MAX_REASON);
    Object sr = object.get("suggested_response");
    SuggestedResponse suggestion = null;
    if (action == Action.RESPOND) {
      if (!(sr instanceof Map<?, ?> draft)) {
        throw new InvalidAnswerException("decision is respond but suggested_response is missing");
      }
      String subject = textField(draft, "subject");
      String body = textField(draft, "body");
      if (subject == null) {
        throw new InvalidAnswerException("suggested_response.subject is missing");
      }
      if (body == null || body.isBlank()) {
        throw new InvalidAnswerException("suggested_response.body is missing or empty");
      }
      requireMaxLength("suggested_response.subject", subject, MAX_SUBJECT);
      requireMaxLength("suggested_response.body", body, MAX_BODY);
      Tone tone = enumField(draft, "tone", Tone.class);
      suggestion = new SuggestedResponse(subject, body, tone);
    } else if (sr != null) {
      throw new InvalidAnswerException("decision is ignore but a suggested_response was given");
    }
    return new ModelAnswer(action, confidence, type, urgency, reason.strip(), suggestion);
  }

  private static void requireMaxLength(String name, String value, int max) throws InvalidAnswerException {
    if (value.length() > max) {
      throw new InvalidAnswerException(name + " is " + value.length() + " characters long, more than " + max);
    }
  }

  private static String stripFence(String text) {
    String t = text.strip();
    if (t.startsWith("```")) {
      int firstNewline = t.indexOf('\n');
      int lastFence = t.lastIndexOf("```");
      if (firstNewline > 0 && lastFence > firstNewline) {
        return t.substring(firstNewline + 1, lastFence);
      }
    }
    return t;
  }

  private static String textField(Map<?, ?> node, String name) {
    return node.get(name) instanceof String v ? v : null;
  }

  private static <E extends Enum<E>> E enumField(Map<?, ?> node, String name, Class<E> type)
      throws InvalidAnswerException {
    String value = textField(node, name);
    if (value == null) {
      throw new InvalidAnswerException(name + " is missing or not a string");
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.strip())) {
        return e;
      }
    }
    throw new InvalidAnswerException(name + " '" + value + "' is not one of "
        + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
  }
}
