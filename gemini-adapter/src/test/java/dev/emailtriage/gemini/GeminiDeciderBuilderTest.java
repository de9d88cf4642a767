package dev.emailtriage.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bad setting fails at once with a message naming it; build() names what is missing or conflicting. */
class GeminiDeciderBuilderTest {

  private static GeminiDecider.Builder b() {
    return GeminiDecider.builder();
  }

  @Test
  void blankApiKeyIsRejectedNamingApiKey() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().apiKey(" ")).withMessageContaining("apiKey");
  }

  @Test
  void nullApiKeyIsRejectedNamingApiKey() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().apiKey(null)).withMessageContaining("apiKey");
  }

  @Test
  void modelWithSpacesIsRejectedNamingModel() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().model("gemini 2.5")).withMessageContaining("model");
  }

  @Test
  void blankFallbackModelIsRejectedNamingFallbackModel() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().fallbackModel(""))
        .withMessageContaining("fallbackModel");
  }

  @Test
  void temperatureAboveTwoIsRejectedNamingTemperature() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().temperature(2.5)).withMessageContaining("temperature");
  }

  @Test
  void negativeTemperatureIsRejectedNamingTemperature() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().temperature(-0.1))
        .withMessageContaining("temperature");
  }

  @Test
  void topPOfZeroIsRejectedNamingTopP() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().topP(0)).withMessageContaining("topP");
  }

  @Test
  void topPAboveOneIsRejectedNamingTopP() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().topP(1.01)).withMessageContaining("topP");
  }

  @Test
  void zeroMaxOutputTokensIsRejectedNamingMaxOutputTokens() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().maxOutputTokens(0))
        .withMessageContaining("maxOutputTokens");
  }

  @Test
  void thinkingBudgetBelowMinusOneIsRejectedNamingThinkingBudget() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().thinkingBudget(-2))
        .withMessageContaining("thinkingBudget");
  }

  @Test
  void zeroTimeoutIsRejectedNamingTimeout() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().timeout(Duration.ZERO)).withMessageContaining("timeout");
  }

  @Test
  void hugeTimeoutIsRejectedNamingTimeoutWithoutOverflow() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().timeout(Duration.ofSeconds(Long.MAX_VALUE)))
        .withMessageContaining("timeout");
  }

  @Test
  void nullTimeoutIsRejectedNamingTimeout() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().timeout(null)).withMessageContaining("timeout");
  }

  @Test
  void negativeMaxRetriesIsRejectedNamingMaxRetries() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().maxRetries(-1)).withMessageContaining("maxRetries");
  }

  @Test
  void zeroInitialBackoffIsRejectedNamingInitialBackoff() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().initialBackoff(Duration.ZERO))
        .withMessageContaining("initialBackoff");
  }

  @Test
  void zeroMaxBackoffIsRejectedNamingMaxBackoff() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().maxBackoff(Duration.ZERO))
        .withMessageContaining("maxBackoff");
  }

  @Test
  void baseUrlWithAPathIsRejectedNamingBaseUrl() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().baseUrl("http://localhost:8080/v1beta"))
        .withMessageContaining("baseUrl").withMessageContaining("path");
  }

  @Test
  void baseUrlWithoutSchemeIsRejectedNamingBaseUrl() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().baseUrl("localhost:8080"))
        .withMessageContaining("baseUrl");
  }

  @Test
  void zeroMaxConcurrentCallsIsRejectedNamingMaxConcurrentCalls() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().maxConcurrentCalls(0))
        .withMessageContaining("maxConcurrentCalls");
  }

  @Test
  void tinyMaxBodyCharsIsRejectedNamingMaxBodyChars() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().maxBodyChars(10)).withMessageContaining("maxBodyChars");
  }

  @Test
  void blankVertexProjectIsRejectedNamingIt() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().vertexAi("", "us-central1"))
        .withMessageContaining("vertexAi project");
  }

  @Test
  void blankVertexLocationIsRejectedNamingIt() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().vertexAi("my-project", " "))
        .withMessageContaining("vertexAi location");
  }

  @Test
  void nullClientIsRejectedNamingClient() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().client(null)).withMessageContaining("client");
  }

  @Test
  void nullClockIsRejectedNamingClock() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().clock(null)).withMessageContaining("clock");
  }

  @Test
  void nullSleeperIsRejectedNamingSleeper() {
    assertThatIllegalArgumentException().isThrownBy(() -> b().sleeper(null)).withMessageContaining("sleeper");
  }

  @Test
  void buildWithoutKeyNamesApiKey() {
    assertThatIllegalStateException().isThrownBy(() -> b().build()).withMessageContaining("apiKey");
  }

  @Test
  void buildFromEmptyEnvironmentNamesTheEnvironmentVariables() {
    assertThatIllegalStateException().isThrownBy(() -> GeminiDecider.fromEnvironment(Map.<String, String>of()::get)
        .build()).withMessageContaining("apiKey").withMessageContaining("GEMINI_API_KEY")
        .withMessageContaining("GOOGLE_API_KEY");
  }

  @Test
  void badBaseUrlInEnvironmentIsRejectedNamingGeminiBaseUrl() {
    Map<String, String> env = Map.of("GEMINI_API_KEY", "k", "GEMINI_BASE_URL", "ftp://example.com/x");
    assertThatIllegalArgumentException().isThrownBy(() -> GeminiDecider.fromEnvironment(env::get))
        .withMessageContaining("GEMINI_BASE_URL");
  }

  @Test
  void keyAndVertexTogetherAreRejectedNamingBoth() {
    assertThatIllegalStateException().isThrownBy(() -> b().apiKey("k").vertexAi("p", "us-central1").build())
        .withMessageContaining("apiKey").withMessageContaining("vertexAi");
  }

  @Test
  void fallbackModelEqualToModelIsRejectedNamingFallbackModel() {
    assertThatIllegalStateException().isThrownBy(() -> b().apiKey("k").fallbackModel(GeminiDecider.DEFAULT_MODEL)
        .build()).withMessageContaining("fallbackModel");
  }

  @Test
  void initialBackoffAboveMaxBackoffIsRejectedNamingBoth() {
    assertThatIllegalStateException().isThrownBy(() -> b().apiKey("k").initialBackoff(Duration.ofSeconds(10))
        .maxBackoff(Duration.ofSeconds(1)).build())
        .withMessageContaining("initialBackoff").withMessageContaining("maxBackoff");
  }

  @Test
  void validSettingsBuildADeciderNamedGeminiWithTheDefaultModel() {
    try (GeminiDecider d = b().apiKey("k").baseUrl("http://localhost:1").build()) {
      assertThat(d.name()).isEqualTo("gemini");
      assertThat(d.model()).isEqualTo("gemini-2.5-flash");
    }
  }
}
