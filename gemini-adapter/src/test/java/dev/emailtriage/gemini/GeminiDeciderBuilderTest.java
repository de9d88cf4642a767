package dev.emailtriage.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad setting fails at once with a message naming it; build() names what is missing or conflicting. */
class GeminiDeciderBuilderTest {

  private static GeminiDecider.Builder b() {
    return GeminiDecider.builder();
  }

  @ParameterizedTest(name = "{0} twice")
  @MethodSource("settingsSetTwice")
  void settingSetTwiceIsRejectedNamingIt(String setting, java.util.function.Consumer<GeminiDecider.Builder> set) {
    GeminiDecider.Builder b = b();
    set.accept(b);

    assertThatIllegalStateException().isThrownBy(() -> set.accept(b)).withMessage(setting + " was already set");
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> settingsSetTwice() {
    return java.util.stream.Stream.of(
        twice("apiKey", b -> b.apiKey("k")),
        twice("model", b -> b.model("m")),
        twice("fallbackModel", b -> b.fallbackModel("f")),
        twice("temperature", b -> b.temperature(0.1)),
        twice("topP", b -> b.topP(0.5)),
        twice("maxOutputTokens", b -> b.maxOutputTokens(10)),
        twice("thinkingBudget", b -> b.thinkingBudget(0)),
        twice("timeout", b -> b.timeout(Duration.ofSeconds(1))),
        twice("maxRetries", b -> b.maxRetries(1)),
        twice("initialBackoff", b -> b.initialBackoff(Duration.ofSeconds(1))),
        twice("maxBackoff", b -> b.maxBackoff(Duration.ofSeconds(1))),
        twice("baseUrl", b -> b.baseUrl("http://localhost:1")),
        twice("maxBodyChars", b -> b.maxBodyChars(1000)),
        twice("vertexAi", b -> b.vertexAi("p", "l")),
        twice("clock", b -> b.clock(java.time.Clock.systemUTC())),
        twice("sleeper", b -> b.sleeper(d -> { })));
  }

  private static org.junit.jupiter.params.provider.Arguments twice(String setting,
      java.util.function.Consumer<GeminiDecider.Builder> set) {
    return org.junit.jupiter.params.provider.Arguments.of(setting, set);
  }

  @Test
  void environmentKeyCanStillBeSetOnceByTheCaller() {
    GeminiDecider.Builder b = GeminiDecider.fromEnvironment(java.util.Map.of("GEMINI_API_KEY", "env")::get);

    b.apiKey("mine");

    assertThatIllegalStateException().isThrownBy(() -> b.apiKey("again")).withMessageContaining("apiKey");
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
      assertThat(d.cacheScope()).isEqualTo("gemini:gemini-2.5-flash");
    }
  }
}
