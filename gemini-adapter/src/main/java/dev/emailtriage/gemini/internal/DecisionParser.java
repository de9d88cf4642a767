package dev.emailtriage.gemini.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;

/**
 * Parses and validates the model's JSON answer. Thread-safe. Not API.
 */
public final class DecisionParser {

  /**
   * The validated content of an answer.
   *
   * @param action respond or ignore
   * @param confidence in [0, 1]
   * @param emailType the kind of email
   * @param urgency how urgent
   * @param reason non-blank
   * @param suggestedResponse present exactly when the action is respond
   */
  public record Answer(Action action, double confidence, EmailType emailType, Urgency urgency, String reason,
      SuggestedResponse suggestedResponse) {}

  /** The answer is not a valid decision; the message says why, for the repair prompt and the error. */
  public static final class InvalidAnswerException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidAnswerException(String message) {
      super(message);
    }

    InvalidAnswerException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();
  // The limits of core's Decision and SuggestedResponse validation, so the pipeline never rejects what passed here.
  private static final int MAX_REASON = 2000;
  private static final int MAX_SUBJECT = 998;
  private static final int MAX_BODY = 100_000;

  private DecisionParser() {}

  /**
   * Parses {@code text} (a JSON object, possibly inside a Markdown code fence) into a validated answer.
   *
   * @throws InvalidAnswerException saying what is wrong
   */
  public static Answer parse(String text) throws InvalidAnswerException {
    if (text == null || text.isBlank()) {
      throw new InvalidAnswerException("the answer is empty");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(stripFence(text));
    } catch (JsonProcessingException e) {
      throw new InvalidAnswerException("the answer is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidAnswerException("the answer is not a JSON object");
    }
    Action action = enumField(root, "decision", Action.class);
    JsonNode conf = root.get("confidence");
    if (conf == null || !conf.isNumber()) {
      throw new InvalidAnswerException("confidence is missing or not a number");
    }
    double confidence = conf.asDouble();
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new InvalidAnswerException("confidence " + conf + " is outside [0, 1]");
    }
    EmailType type = enumField(root, "email_type", EmailType.class);
    Urgency urgency = enumField(root, "urgency", Urgency.class);
    String reason = textField(root, "reason");
    if (reason == null || reason.isBlank()) {
      throw new InvalidAnswerException("reason is missing or empty");
    }
    requireMaxLength("reason", reason.strip(), MAX_REASON);
    JsonNode sr = root.get("suggested_response");
    boolean hasSuggestion = sr != null && !sr.isNull();
    SuggestedResponse suggestion = null;
    if (action == Action.RESPOND) {
      if (!hasSuggestion || !sr.isObject()) {
        throw new InvalidAnswerException("decision is respond but suggested_response is missing");
      }
      String subject = textField(sr, "subject");
      String body = textField(sr, "body");
      if (subject == null) {
        throw new InvalidAnswerException("suggested_response.subject is missing");
      }
      if (body == null || body.isBlank()) {
        throw new InvalidAnswerException("suggested_response.body is missing or empty");
      }
      requireMaxLength("suggested_response.subject", subject, MAX_SUBJECT);
      requireMaxLength("suggested_response.body", body, MAX_BODY);
      Tone tone = enumField(sr, "tone", Tone.class);
      suggestion = new SuggestedResponse(subject, body, tone);
    } else if (hasSuggestion) {
      throw new InvalidAnswerException("decision is ignore but a suggested_response was given");
    }
    return new Answer(action, confidence, type, urgency, reason.strip(), suggestion);
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

  private static String textField(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static <E extends Enum<E>> E enumField(JsonNode node, String name, Class<E> type)
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
        + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
            .toList());
  }
}
