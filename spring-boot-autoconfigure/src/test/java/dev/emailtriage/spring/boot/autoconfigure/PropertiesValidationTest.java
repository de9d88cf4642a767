package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A bad property value stops the start-up with a message that names the property. */
class PropertiesValidationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=");

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "emailtriage.review-threshold|1.5|emailtriage.review-threshold",
      "emailtriage.review-threshold|-0.1|emailtriage.review-threshold",
      "emailtriage.review-threshold|high|emailtriage.review-threshold",
      "emailtriage.gemini.temperature|3|emailtriage.gemini.temperature",
      "emailtriage.gemini.top-p|1.1|emailtriage.gemini.top-p",
      "emailtriage.gemini.max-output-tokens|0|emailtriage.gemini.max-output-tokens",
      "emailtriage.gemini.max-retries|-1|emailtriage.gemini.max-retries",
      "emailtriage.gemini.timeout|0s|emailtriage.gemini.timeout",
      "emailtriage.gemini.timeout|2h|emailtriage.gemini.timeout",
      "emailtriage.gemini.top-p|0|emailtriage.gemini.top-p",
      "emailtriage.gemini.max-retries|21|emailtriage.gemini.max-retries",
      "emailtriage.gemini.model|' '|emailtriage.gemini.model",
      "emailtriage.gemini.base-url|http://localhost:8080/v1beta|emailtriage.gemini.base-url",
      "emailtriage.cache.max-size|0|emailtriage.cache.max-size",
      "emailtriage.cache.ttl|-5m|emailtriage.cache.ttl",
      "emailtriage.cache.enabled|maybe|emailtriage.cache.enabled",
      "emailtriage.store.type|mongo|emailtriage.store.type",
      "emailtriage.prompt.company-name|' '|emailtriage.prompt.company-name",
      "emailtriage.prompt.signature|' '|emailtriage.prompt.signature",
      "emailtriage.rules.deny|'a@b.example, '|emailtriage.rules.deny",
      "emailtriage.rules.allow|not an address|emailtriage.rules.allow",
      "emailtriage.rules.own-addresses|@|emailtriage.rules.own-addresses",
      "emailtriage.store.type|postgres|emailtriage.store.type=postgres",
  })
  void badValueFailsFastNamingTheProperty(String property, String value, String named) {
    runner.withPropertyValues(property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure())).contains(named);
    });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "emailtriage.review-threshold=0",
      "emailtriage.review-threshold=1",
      "emailtriage.gemini.base-url=http://127.0.0.1:8089",
      "emailtriage.gemini.base-url=https://generativelanguage.googleapis.com/",
      "emailtriage.store.type=MEMORY",
      "emailtriage.cache.ttl=30m",
  })
  void goodValuesStart(String property) {
    runner.withPropertyValues(property).run(context -> assertThat(context).hasNotFailed());
  }

  static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getMessage()).append('\n');
    }
    return all.toString();
  }
}
