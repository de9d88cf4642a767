package dev.emailtriage.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.emailtriage.Email;
import dev.emailtriage.test.TestEmails;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The completion templates and helpers to fill them; the shared fixtures are in the test kit. */
final class TestSupport {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Where every test's {@code MutableClock} starts. */
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

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

  /** The kit's question ({@code msg_12345}) with {@code body}. */
  static Email email(String body) {
    return TestEmails.questionWithBody("msg_12345", body);
  }
}
