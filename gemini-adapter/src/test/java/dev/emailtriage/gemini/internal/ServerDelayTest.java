package dev.emailtriage.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerDelayTest {

  @Test
  void retryDelayIsFoundInTheSdkMessageDetails() {
    String message = "429 RESOURCE_EXHAUSTED. You exceeded your current quota.\nDetails:\n"
        + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"26s\"}";

    assertThat(ServerDelay.retryDelayFromMessage(message)).contains(Duration.ofSeconds(26));
  }

  @Test
  void fractionalRetryDelayIsKeptToTheMillisecond() {
    assertThat(ServerDelay.retryDelayFromMessage("{\"retryDelay\": \"1.5s\"}")).contains(Duration.ofMillis(1500));
  }

  @Test
  void messageWithoutRetryInfoGivesNothing() {
    assertThat(ServerDelay.retryDelayFromMessage("503 UNAVAILABLE. The model is overloaded.")).isEmpty();
    assertThat(ServerDelay.retryDelayFromMessage(null)).isEmpty();
  }

  @Test
  void retryAfterInSecondsIsParsed() {
    assertThat(ServerDelay.parseRetryAfter("7", Instant.EPOCH)).contains(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterAsHttpDateIsRelativeToNow() {
    Instant now = Instant.parse("2025-01-15T10:30:00Z");

    assertThat(ServerDelay.parseRetryAfter("Wed, 15 Jan 2025 10:30:40 GMT", now)).contains(Duration.ofSeconds(40));
  }

  @Test
  void garbageRetryAfterGivesNothing() {
    assertThat(ServerDelay.parseRetryAfter("soon", Instant.EPOCH)).isEmpty();
  }
}
