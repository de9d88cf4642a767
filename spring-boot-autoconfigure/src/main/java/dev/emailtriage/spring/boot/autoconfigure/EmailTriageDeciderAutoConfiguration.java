package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spring.boot.autoconfigure.internal.ModelEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The decider of last resort: when no {@link Decider} bean exists (no model API key, or the Gemini adapter is not on
 * the classpath), the {@link OfflineFallbackDecider}, announced by one WARN line at start-up. Its decisions are
 * marked {@code fallback} and flagged for review, never mistaken for a model's. The model configurations (Gemini,
 * OpenAI, the cascade) each declare {@code before = EmailTriageDeciderAutoConfiguration.class}; this one names none of
 * them, so the order is stated once and no file refers back.
 */
@AutoConfiguration
public class EmailTriageDeciderAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(EmailTriageDeciderAutoConfiguration.class);

  /** The WARN line logged when the offline fallback is used; tests look for it. */
  static final String NO_MODEL_WARNING = "No model configured (set emailtriage.gemini.api-key, GEMINI_API_KEY or"
      + " GOOGLE_API_KEY): email-triage runs on the offline fallback; emails no rule or cache decides are stored as"
      + " respond with needs_review and source fallback";

  /** Creates the configuration; Spring calls it. */
  public EmailTriageDeciderAutoConfiguration() {}

  /** The WARN line logged when a key is set but no adapter can use it. */
  static final String NO_ADAPTER_WARNING = "A model API key is set (%s) but email-triage-gemini is not on the"
      + " classpath (add email-triage-spring-boot-starter-gemini): email-triage runs on the offline fallback; emails"
      + " no rule or cache decides are stored as respond with needs_review and source fallback";

  /** The offline fallback decider, when no other decider is defined; says so in one WARN line. */
  @Bean
  @ConditionalOnMissingBean(Decider.class)
  public OfflineFallbackDecider emailTriageOfflineFallbackDecider(Environment environment) {
    String keySource = ModelEnvironment.apiKeySource(environment);
    if (keySource == null) {
      LOG.warn(NO_MODEL_WARNING);
    } else {
      LOG.warn(String.format(NO_ADAPTER_WARNING, keySource));
    }
    return new OfflineFallbackDecider();
  }
}
