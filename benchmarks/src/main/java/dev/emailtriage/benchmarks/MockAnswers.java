package dev.emailtriage.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emailtriage.spi.model.PromptRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Set;

/**
 * What the mock models answer, for Gemini ({@link MockGemini}) and OpenAI ({@link MockOpenAi}) alike: {@code ignore}
 * (newsletter, confidence 0.95) when the request mentions "unsubscribe", else {@code respond} (question, confidence
 * 0.91) with a draft. A <em>cheap</em> model (one of {@link #DEFAULT_CHEAP_MODELS}) is unsure of a deterministic share
 * of the mail: it gives the same decision with confidence {@value #UNSURE_CONFIDENCE} (below the cascade's and the
 * review gate's default 0.7) on every email whose SHA-256 of its text between the prompt's marker lines — sender,
 * subject, date, body, the same for every model and every retry — falls in the lowest {@code lowShare} of the hash
 * range. The share is a property of the email, not of the call: the cheap model is unsure of the same emails in every
 * run. Thread-safe.
 */
final class MockAnswers {

  /** The models treated as cheap by default. */
  static final Set<String> DEFAULT_CHEAP_MODELS =
      Set.of("gemini-2.5-flash-lite", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o-mini");
  /** The share of the mail a cheap model is unsure of, by default. */
  static final double DEFAULT_LOW_SHARE = 0.20;
  static final double UNSURE_CONFIDENCE = 0.55;

  static final ObjectMapper JSON = new ObjectMapper();

  private final double lowShare;
  private final Set<String> cheapModels;

  MockAnswers(double lowShare, Set<String> cheapModels) {
    if (!(lowShare >= 0 && lowShare <= 1)) {
      throw new IllegalArgumentException("low-confidence share must be in [0, 1], was " + lowShare);
    }
    this.lowShare = lowShare;
    this.cheapModels = Set.copyOf(cheapModels);
  }

  /** The decision JSON for a request whose raw body is {@code requestBody}, asked of {@code model}. */
  String answer(String model, String requestBody, String userText) {
    boolean newsletter = requestBody.toLowerCase(Locale.ROOT).contains("unsubscribe");
    return adjust(model, newsletter ? ignoreAnswer() : respondAnswer(), userText);
  }

  /** {@code answer} as {@code model} gives it for the email in {@code userText}: unsure when cheap and chosen. */
  String adjust(String model, String answer, String userText) {
    if (!cheapModels.contains(model) || !unsure(userText)) {
      return answer;
    }
    try {
      ObjectNode a = (ObjectNode) JSON.readTree(answer);
      a.put("confidence", UNSURE_CONFIDENCE).put("reason", "Not sure: " + a.path("reason").asText());
      return a.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a cheap model is unsure of the email in {@code userText}. */
  boolean unsure(String userText) {
    return position(emailPart(userText)) < lowShare;
  }

  /** Where {@code text} falls in [0, 1): the first 53 bits of its SHA-256. */
  static double position(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return (ByteBuffer.wrap(h).getLong() >>> 11) * 0x1.0p-53;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The email between the marker lines of a user message (their random token left out), or the whole text. */
  static String emailPart(String userText) {
    int begin = userText.indexOf(PromptRenderer.BEGIN_PREFIX);
    int end = userText.indexOf(PromptRenderer.END_PREFIX);
    if (begin < 0 || end < begin) {
      return userText;
    }
    int from = userText.indexOf('\n', begin);
    return from < 0 || from > end ? userText : userText.substring(from + 1, end);
  }

  /** Google's rule of thumb of about four characters per token: ceil(code points / 4). */
  static int estimateTokens(String text) {
    return (text.codePointCount(0, text.length()) + 3) / 4;
  }

  /** The decision text the mock gives for mail that is not a newsletter. */
  static String respondAnswer() {
    ObjectNode a = JSON.createObjectNode();
    a.put("decision", "respond").put("confidence", 0.91).put("email_type", "question").put("urgency", "medium")
        .put("reason", "The sender asks a direct question that needs an answer.");
    a.putObject("suggested_response").put("subject", "Re: your question")
        .put("body", "Thank you for your message. We are looking into it and will reply with details shortly.")
        .put("tone", "professional");
    return a.toString();
  }

  /** The decision text the mock gives for a newsletter. */
  static String ignoreAnswer() {
    ObjectNode a = JSON.createObjectNode();
    a.put("decision", "ignore").put("confidence", 0.95).put("email_type", "newsletter").put("urgency", "low")
        .put("reason", "A newsletter with an unsubscribe link; no reply expected.");
    return a.toString();
  }
}
