package dev.emailtriage.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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

}
