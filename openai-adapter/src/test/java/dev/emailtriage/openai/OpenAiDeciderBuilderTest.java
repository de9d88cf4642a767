package dev.emailtriage.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad setting fails at once naming it; every setting twice and every contradiction in build() is refused. */
class OpenAiDeciderBuilderTest {

  private static OpenAiDecider.Builder b() {
    return OpenAiDecider.builder();
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("apiKey", "blank", x -> x.apiKey(" ")),
        bad("apiKey", "null", x -> x.apiKey(null)),
        bad("baseUrl", "without scheme", x -> x.baseUrl("localhost:11434/v1")),
        bad("baseUrl", "ftp", x -> x.baseUrl("ftp://host/v1")),
        bad("client", "null", x -> x.client(null)),
        bad("model", "with whitespace", x -> x.model("gpt 4o")),
        bad("responseFormat", "null", x -> x.responseFormat(null)),
        bad("tokenLimitParameter", "null", x -> x.tokenLimitParameter(null)),
        bad("temperature", "above 2", x -> x.temperature(2.5)),
        bad("topP", "0", x -> x.topP(0)),
        bad("maxOutputTokens", "0", x -> x.maxOutputTokens(0)),
        bad("timeout", "zero", x -> x.timeout(Duration.ZERO)),
        bad("timeout", "null", x -> x.timeout(null)),
        bad("maxRetries", "negative", x -> x.maxRetries(-1)),
        bad("initialBackoff", "zero", x -> x.initialBackoff(Duration.ZERO)),
        bad("maxBackoff", "over 1 h", x -> x.maxBackoff(Duration.ofHours(2))),
        bad("maxBodyChars", "below 100", x -> x.maxBodyChars(99)),
        bad("clock", "null", x -> x.clock(null)),
        bad("sleeper", "null", x -> x.sleeper(null)));
  }

  private static Arguments bad(String setting, String what, Consumer<OpenAiDecider.Builder> set) {
    return Arguments.of(setting, what, set);
  }

  @ParameterizedTest(name = "{0} {1} is rejected naming {0}")
  @MethodSource("badSettings")
  void badSettingIsRejectedAtOnceNamingIt(String setting, String what, Consumer<OpenAiDecider.Builder> set) {
    assertThatIllegalArgumentException().isThrownBy(() -> set.accept(b())).withMessageStartingWith(setting + " ");
  }

  static Stream<Arguments> settingsSetTwice() {
    return Stream.of(
        twice("apiKey", x -> x.apiKey("k")),
        twice("baseUrl", x -> x.baseUrl("http://localhost:1/v1")),
        twice("model", x -> x.model("m")),
        twice("responseFormat", x -> x.responseFormat(OpenAiDecider.ResponseFormat.JSON_OBJECT)),
        twice("tokenLimitParameter", x -> x.tokenLimitParameter(OpenAiDecider.TokenLimitParameter.MAX_TOKENS)),
        twice("temperature", x -> x.temperature(0.1)),
        twice("temperature", OpenAiDecider.Builder::omitTemperature),
        twice("topP", x -> x.topP(0.5)),
        twice("maxOutputTokens", x -> x.maxOutputTokens(10)),
        twice("timeout", x -> x.timeout(Duration.ofSeconds(1))),
        twice("maxRetries", x -> x.maxRetries(1)),
        twice("initialBackoff", x -> x.initialBackoff(Duration.ofSeconds(1))),
        twice("maxBackoff", x -> x.maxBackoff(Duration.ofSeconds(1))),
        twice("maxBodyChars", x -> x.maxBodyChars(1000)),
        twice("clock", x -> x.clock(java.time.Clock.systemUTC())),
        twice("sleeper", x -> x.sleeper(d -> { })));
  }

  private static Arguments twice(String setting, Consumer<OpenAiDecider.Builder> set) {
    return Arguments.of(setting, set);
  }

  @ParameterizedTest(name = "{0} twice")
  @MethodSource("settingsSetTwice")
  void settingSetTwiceIsRejectedNamingIt(String setting, Consumer<OpenAiDecider.Builder> set) {
    OpenAiDecider.Builder builder = b();
    set.accept(builder);

    assertThatIllegalStateException().isThrownBy(() -> set.accept(builder))
        .withMessage(setting + " was already set");
  }

  @Test
  void buildWithoutKeyOrClientNamesApiKey() {
    assertThatIllegalStateException().isThrownBy(() -> b().build()).withMessageContaining("apiKey");
  }

  @Test
  void buildFromAnEmptyEnvironmentNamesTheVariable() {
    assertThatIllegalStateException()
        .isThrownBy(() -> OpenAiDecider.fromEnvironment(Map.<String, String>of()::get).build())
        .withMessageContaining("OPENAI_API_KEY");
  }

  @Test
  void badBaseUrlInTheEnvironmentIsRejectedNamingTheVariable() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OpenAiDecider.fromEnvironment(Map.of("OPENAI_BASE_URL", "localhost:1")::get))
        .withMessageStartingWith("OPENAI_BASE_URL");
  }

  @Test
  void keyAndClientTogetherAreRejected() {
    OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("k").build();
    try {
      assertThatIllegalStateException().isThrownBy(() -> b().apiKey("k").client(client).build())
          .withMessageContaining("apiKey and client");
    } finally {
      client.close();
    }
  }

  @Test
  void baseUrlWithClientIsRejected() {
    OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("k").build();
    try {
      assertThatIllegalStateException().isThrownBy(() -> b().client(client).baseUrl("http://localhost:1/v1").build())
          .withMessageContaining("baseUrl");
    } finally {
      client.close();
    }
  }

  @Test
  void initialBackoffAboveMaxBackoffIsRejectedNamingBoth() {
    assertThatIllegalStateException().isThrownBy(() -> b().apiKey("k").initialBackoff(Duration.ofSeconds(10))
        .maxBackoff(Duration.ofSeconds(1)).build()).withMessageContaining("initialBackoff").withMessageContaining(
        "maxBackoff");
  }

  @Test
  void validSettingsBuildADeciderNamedOpenAiWithTheDefaultModel() {
    try (OpenAiDecider d = b().apiKey("k").build()) {
      assertThat(d.name()).isEqualTo("openai");
      assertThat(d.model()).isEqualTo(OpenAiDecider.DEFAULT_MODEL);
      assertThat(d.cacheScope()).isEqualTo("openai:" + OpenAiDecider.DEFAULT_MODEL);
      assertThat(d.usesJsonObjectFallback()).isFalse();
    }
  }
}
