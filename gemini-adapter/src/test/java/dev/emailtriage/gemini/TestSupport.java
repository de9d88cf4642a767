package dev.emailtriage.gemini;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emailtriage.Email;
import dev.emailtriage.EmailMetadata;
import dev.emailtriage.Priority;
import dev.emailtriage.test.TestEmails;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The recorded Gemini API answers and helpers to edit them; the shared fixtures are in the test kit. */
final class TestSupport {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String SUCCESS = "firebase-googleai-unary-success-basic-reply-short.json";
  static final String THINKING = "firebase-googleai-unary-success-thinking-reply-thought-summary.json";
  static final String SAFETY = "firebase-googleai-unary-failure-finish-reason-safety.json";
  static final String PROMPT_FEEDBACK_ONLY = "firebase-googleai-unary-failure-only-prompt-feedback.json";
  static final String API_KEY_INVALID = "firebase-googleai-unary-failure-api-key.json";
  static final String UNKNOWN_MODEL = "firebase-googleai-unary-failure-unknown-model.json";
  static final String QUOTA_NO_RETRY_INFO = "firebase-vertexai-unary-failure-quota-exceeded.json";
  static final String RATE_LIMIT_26S = "issue-roocode3883-gemini-429-resource-exhausted.json";
  static final String OVERLOADED_503 = "issue-geminicli7392-gemini-503-unavailable.json";

  /** Where every test's {@code MutableClock} starts. */
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private TestSupport() {}

  static String fixture(String name) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/gemini/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test fixture /gemini/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real envelope {@code envelope} with its last text part replaced by {@code text}. */
  static String withText(String envelope, String text) {
    return withText(envelope, text, null);
  }

  /** As {@link #withText(String, String)}, optionally with another finish reason. */
  static String withText(String envelope, String text, String finishReason) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(fixture(envelope));
      ObjectNode candidate = (ObjectNode) root.get("candidates").get(0);
      var parts = candidate.get("content").get("parts");
      ((ObjectNode) parts.get(parts.size() - 1)).put("text", text);
      if (finishReason != null) {
        candidate.put("finishReason", finishReason);
      }
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kit's question ({@code msg_12345}) with {@code body}, priority high, label INBOX. */
  static Email email(String body) {
    return TestEmails.questionWithBody("msg_12345", body).toBuilder()
        .metadata(EmailMetadata.of(Priority.HIGH, List.of("INBOX"))).build();
  }
}
