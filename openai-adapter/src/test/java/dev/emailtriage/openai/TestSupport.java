package dev.emailtriage.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.model.Sleeper;
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

  static final String RESPOND_JSON = """
      {"decision":"respond","confidence":0.92,"email_type":"question","urgency":"medium",
       "reason":"Pergunta direta sobre preço do produto X",
       "suggested_response":{"subject":"Re: Quanto custa o produto X?",
         "body":"Olá! O produto X custa R$ 100. Equipe Biofraga","tone":"professional"}}""";
  static final String IGNORE_JSON = """
      {"decision":"ignore","confidence":0.97,"email_type":"newsletter","urgency":"low",
       "reason":"Newsletter promocional sem pergunta","suggested_response":null}""";

  private TestSupport() {}

  static String fixture(String name) {
    try (InputStream in = TestSupport.class.getResourceAsStream("/openai/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test fixture /openai/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The completion template with {@code content} (a JSON string value, or null) and {@code finish}. */
  static String completion(String template, String content, String finish) {
    try {
      String value = content == null ? "null" : JSON.writeValueAsString(content);
      return fixture(template).replace("%CONTENT%", value).replace("%FINISH%", finish);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String completion(String content) {
    return completion("completion-template.json", content, "stop");
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
  }

  /** Records each requested wait and advances the fake clock instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
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
