package dev.emailtriage.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.genai.Client;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad setting of GeminiBatchDecider's builder fails at once with a message that starts with its name (the
 * settings shared with GeminiDecider with the same message); build() names what is missing or conflicting.
 */
class GeminiBatchDeciderBuilderTest {

  private static GeminiBatchDecider.Builder b() {
    return GeminiBatchDecider.builder();
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        bad("apiKey", "blank", x -> x.apiKey(" ")),
        bad("client", "null", x -> x.client(null)),
        bad("model", "with whitespace", x -> x.model("gemini 2.5 flash")),
        bad("temperature", "above 2", x -> x.temperature(2.5)),
        bad("topP", "0", x -> x.topP(0)),
        bad("maxOutputTokens", "0", x -> x.maxOutputTokens(0)),
        bad("thinkingBudget", "-2", x -> x.thinkingBudget(-2)),
        bad("maxBodyChars", "below 100", x -> x.maxBodyChars(99)),
        bad("baseUrl", "with a path", x -> x.baseUrl("http://localhost:8080/v1beta")),
        bad("displayName", "blank", x -> x.displayName(" ")),
        bad("displayName", "longer than 128", x -> x.displayName("x".repeat(129))),
        bad("pollInterval", "zero", x -> x.pollInterval(Duration.ZERO)),
        bad("maxPollInterval", "over 1 h", x -> x.maxPollInterval(Duration.ofHours(2))),
        bad("timeout", "over 72 h", x -> x.timeout(Duration.ofHours(73))),
        bad("timeout", "null", x -> x.timeout(null)),
        bad("requestTimeout", "zero", x -> x.requestTimeout(Duration.ZERO)),
        bad("maxEmails", "0", x -> x.maxEmails(0)),
        bad("clock", "null", x -> x.clock(null)),
        bad("sleeper", "null", x -> x.sleeper(null)));
  }

  private static Arguments bad(String setting, String what, Consumer<GeminiBatchDecider.Builder> set) {
    return Arguments.of(setting, what, set);
  }

  static Stream<Arguments> batchSettingsSetTwice() {
    return Stream.of(
        Arguments.of("displayName", (Consumer<GeminiBatchDecider.Builder>) x -> x.displayName("d")),
        Arguments.of("pollInterval", (Consumer<GeminiBatchDecider.Builder>) x -> x.pollInterval(Duration.ofSeconds(1))),
        Arguments.of("maxPollInterval",
            (Consumer<GeminiBatchDecider.Builder>) x -> x.maxPollInterval(Duration.ofSeconds(1))),
        Arguments.of("timeout", (Consumer<GeminiBatchDecider.Builder>) x -> x.timeout(Duration.ofSeconds(1))),
        Arguments.of("requestTimeout",
            (Consumer<GeminiBatchDecider.Builder>) x -> x.requestTimeout(Duration.ofSeconds(1))),
        Arguments.of("maxEmails", (Consumer<GeminiBatchDecider.Builder>) x -> x.maxEmails(5)),
        Arguments.of("model", (Consumer<GeminiBatchDecider.Builder>) x -> x.model("m")));
  }

  @ParameterizedTest(name = "{0} twice")
  @MethodSource("batchSettingsSetTwice")
  void settingSetTwiceIsRejectedNamingIt(String setting, Consumer<GeminiBatchDecider.Builder> set) {
    GeminiBatchDecider.Builder b = b();
    set.accept(b);

    assertThatIllegalStateException().isThrownBy(() -> set.accept(b)).withMessage(setting + " was already set");
  }

  @ParameterizedTest(name = "{0} {1} is rejected naming {0}")
  @MethodSource("badSettings")
  void badSettingIsRejectedAtOnceNamingIt(String setting, String what, Consumer<GeminiBatchDecider.Builder> set) {
    assertThatIllegalArgumentException().isThrownBy(() -> set.accept(b())).withMessageStartingWith(setting + " ");
  }

  @Test
  void sharedSettingsFailWithTheSameMessagesAsGeminiDecider() {
    String batch = messageOf(() -> b().temperature(3));
    String single = messageOf(() -> GeminiDecider.builder().temperature(3));
    assertThat(batch).isEqualTo(single);
    assertThat(messageOf(() -> b().baseUrl("ftp://x"))).isEqualTo(messageOf(() -> GeminiDecider.builder()
        .baseUrl("ftp://x")));
  }

  private static String messageOf(Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("no exception");
  }

  @Test
  void buildWithoutKeyOrClientNamesApiKey() {
    assertThatIllegalStateException().isThrownBy(() -> b().build()).withMessageContaining("apiKey is required");
  }

  @Test
  void fromEnvironmentWithoutKeySaysWhichVariablesWereRead() {
    assertThatIllegalStateException().isThrownBy(() -> GeminiBatchDecider.fromEnvironment(Map.<String, String>of()::get).build())
        .withMessageContaining("GEMINI_API_KEY").withMessageContaining("GOOGLE_API_KEY");
  }

  @Test
  void fromEnvironmentWithBadBaseUrlNamesTheVariable() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> GeminiBatchDecider.fromEnvironment(Map.of("GEMINI_BASE_URL", "localhost:1")::get))
        .withMessageStartingWith("GEMINI_BASE_URL ");
  }

  @Test
  void fromEnvironmentReadsTheKey() {
    try (GeminiBatchDecider t = GeminiBatchDecider.fromEnvironment(Map.of("GOOGLE_API_KEY", "k")::get).build()) {
      assertThat(t.model()).isEqualTo("gemini-2.5-flash");
    }
  }

  @Test
  void keyAndClientTogetherAreRejected() {
    try (Client client = Client.builder().apiKey("k").build()) {
      assertThatIllegalStateException().isThrownBy(() -> b().apiKey("k").client(client).build())
          .withMessageContaining("only one of apiKey and client");
    }
  }

  @Test
  void baseUrlWithAClientIsRejected() {
    try (Client client = Client.builder().apiKey("k").build()) {
      assertThatIllegalStateException().isThrownBy(() -> b().client(client).baseUrl("http://localhost:1").build())
          .withMessageContaining("baseUrl cannot be combined with client");
    }
  }

  @Test
  void vertexAiClientIsRejectedBecauseInlineBatchesNeedTheDeveloperApi() {
    try (Client vertex = Client.builder().vertexAI(true).project("p").location("us-central1")
        .credentials(GoogleCredentials.create(new AccessToken("t", null))).build()) {
      assertThatIllegalStateException().isThrownBy(() -> b().client(vertex).build())
          .withMessageContaining("client").withMessageContaining("Vertex AI");
    }
  }

  @Test
  void pollIntervalAboveMaxPollIntervalIsRejectedNamingBoth() {
    assertThatIllegalStateException().isThrownBy(() -> b().apiKey("k").pollInterval(Duration.ofMinutes(20))
        .maxPollInterval(Duration.ofMinutes(5)).build())
        .withMessageContaining("pollInterval").withMessageContaining("maxPollInterval");
  }
}
