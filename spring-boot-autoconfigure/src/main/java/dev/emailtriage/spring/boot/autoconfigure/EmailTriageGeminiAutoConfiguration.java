package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spring.boot.autoconfigure.internal.ModelEnvironment;
import dev.emailtriage.spring.boot.autoconfigure.internal.OnModelApiKeyCondition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * The {@link GeminiDecider}, when {@code email-triage-gemini} is on the classpath and an API key is configured in
 * {@code emailtriage.gemini.api-key}, {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY} (in that order). The base URL
 * comes from {@code emailtriage.gemini.base-url}, else {@code GEMINI_BASE_URL}, else Google's endpoint. The decider
 * is closed with the context.
 */
@AutoConfiguration(before = EmailTriageDeciderAutoConfiguration.class)
@ConditionalOnClass(GeminiDecider.class)
@Conditional(OnModelApiKeyCondition.class)
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriageGeminiAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public EmailTriageGeminiAutoConfiguration() {}

  /** The Gemini decider, built from {@code emailtriage.gemini.*} and the environment names. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Decider.class)
  public GeminiDecider emailTriageGeminiDecider(EmailTriageProperties properties, Environment environment) {
    EmailTriageProperties.Gemini g = properties.getGemini();
    GeminiDecider.Builder b = GeminiDecider.builder();
    String keySource = ModelEnvironment.apiKeySource(environment);
    named(keySource, () -> b.apiKey(ModelEnvironment.apiKey(environment)));
    named("emailtriage.gemini.model", () -> b.model(g.getModel()));
    named("emailtriage.gemini.temperature", () -> b.temperature(g.getTemperature()));
    named("emailtriage.gemini.top-p", () -> b.topP(g.getTopP()));
    named("emailtriage.gemini.max-output-tokens", () -> b.maxOutputTokens(g.getMaxOutputTokens()));
    named("emailtriage.gemini.timeout", () -> b.timeout(g.getTimeout()));
    named("emailtriage.gemini.max-retries", () -> b.maxRetries(g.getMaxRetries()));
    String baseUrl = ModelEnvironment.baseUrl(properties, environment);
    if (baseUrl != null) {
      String from = g.getBaseUrl() != null && !g.getBaseUrl().isBlank()
          ? "emailtriage.gemini.base-url" : ModelEnvironment.BASE_URL_VARIABLE;
      named(from, () -> b.baseUrl(baseUrl));
    }
    return b.build();
  }

  private static void named(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }
}
