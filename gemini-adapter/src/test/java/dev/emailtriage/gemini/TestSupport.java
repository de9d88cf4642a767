package dev.emailtriage.gemini;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.Email;
import dev.emailtriage.EmailMetadata;
import dev.emailtriage.Priority;
import dev.emailtriage.Prompt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Fixtures, a fake clock and a recording sleeper for the tests. */
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

  static final String RESPOND_JSON = """
      {"decision":"respond","confidence":0.92,"email_type":"question","urgency":"medium",
       "reason":"Pergunta direta sobre preço do produto X",
       "suggested_response":{"subject":"Re: Quanto custa o produto X?",
         "body":"Olá! O produto X custa R$ 100. Equipe Biofraga","tone":"professional"}}""";
  static final String IGNORE_JSON = """
      {"decision":"ignore","confidence":0.97,"email_type":"newsletter","urgency":"low",
       "reason":"Newsletter promocional sem pergunta"}""";

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

  static Prompt prompt() {
    return new Prompt("prompt_001", "default", 3,
        "Você é um assistente inteligente de e-mail para a empresa Biofraga.", DecisionCriteria.DEFAULT, true,
        Instant.parse("2025-01-01T00:00:00Z"));
  }

  static Email email(String body) {
    return Email.builder()
        .emailId("msg_12345")
        .from("cliente@example.com")
        .to("support@biofraga.com")
        .subject("Quanto custa o produto X?")
        .body(body)
        .receivedAt(Instant.parse("2025-01-15T10:30:00Z"))
        .metadata(EmailMetadata.of(Priority.HIGH, List.of("INBOX")))
        .build();
  }

  /** A clock that only moves when told to (or when the {@link RecordingSleeper} sleeps). */
  static final class FakeClock extends Clock {
    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
      return millis.get();
    }
  }

  /** Records each requested wait and advances the fake clock instead of sleeping. */
  static final class RecordingSleeper implements dev.emailtriage.spi.model.Sleeper {
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final FakeClock clock;

    RecordingSleeper(FakeClock clock) {
      this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
      clock.advance(duration);
    }
  }
}
