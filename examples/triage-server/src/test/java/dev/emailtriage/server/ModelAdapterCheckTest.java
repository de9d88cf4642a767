package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.util.ClassUtils;

/**
 * The default server jar has no OpenAI adapter (profile {@code openai}): asking for OpenAI stops the start with a
 * message that says how to build it, instead of silently running on the offline fallback.
 */
class ModelAdapterCheckTest {

  static final String[] QUIET = {"EMAILTRIAGE_EMBEDDED_DB=false", "GEMINI_API_KEY=", "GOOGLE_API_KEY=",
      "EMAILTRIAGE_API_KEY=check-user-key-1234567890", "EMAILTRIAGE_ADMIN_KEY=check-admin-key-1234567890"};

  static void assumeNoOpenAiAdapter() {
    assumeFalse(ClassUtils.isPresent("dev.emailtriage.openai.OpenAiDecider", null),
        "built with -Popenai: the adapter is there");
  }

  static SpringApplicationBuilder server(String... properties) {
    return new SpringApplicationBuilder(TriageServerApplication.class).web(WebApplicationType.NONE)
        .properties(QUIET).properties(properties);
  }

  @Test
  void refusesToStartWithAnOpenAiKeyButNoAdapter() {
    assumeNoOpenAiAdapter();
    assertThatThrownBy(() -> server("OPENAI_API_KEY=sk-test").run().close())
        .hasMessageContaining("OPENAI_API_KEY is set, but this triage-server jar was built without the OpenAI adapter")
        .hasMessageContaining("-Popenai");
  }

  @Test
  void refusesToStartWhenTheProviderIsOpenAiButNoAdapter() {
    assumeNoOpenAiAdapter();
    assertThatThrownBy(() -> server("EMAILTRIAGE_MODEL_PROVIDER=openai").run().close())
        .hasMessageContaining("EMAILTRIAGE_MODEL_PROVIDER is openai")
        .hasMessageContaining("-Popenai");
  }

  @Test
  void startsWithoutOpenAiSettings() {
    assertThatCode(() -> server("OPENAI_API_KEY=", "EMAILTRIAGE_MODEL_PROVIDER=").run().close())
        .doesNotThrowAnyException();
  }
}
