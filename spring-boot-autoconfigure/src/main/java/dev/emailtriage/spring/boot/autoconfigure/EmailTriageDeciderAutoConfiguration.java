package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.spi.Decider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The decider of last resort: when no {@link Decider} bean exists (no model API key, or the Gemini adapter is not on
 * the classpath), the {@link OfflineFallbackDecider}, announced by one WARN line at start-up. Its decisions are
 * marked {@code fallback} and flagged for review, never mistaken for a model's.
 */
@AutoConfiguration(afterName = "dev.emailtriage.spring.boot.autoconfigure.EmailTriageGeminiAutoConfiguration")
public class EmailTriageDeciderAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(EmailTriageDeciderAutoConfiguration.class);

  /** The WARN line logged when the offline fallback is used; tests look for it. */
  static final String NO_MODEL_WARNING = "No model configured (set emailtriage.gemini.api-key, GEMINI_API_KEY or"
      + " GOOGLE_API_KEY): email-triage runs on the offline fallback; emails no rule or cache decides are stored as"
      + " respond with needs_review and source fallback";

  /** Creates the configuration; Spring calls it. */
  public EmailTriageDeciderAutoConfiguration() {}

  /** The offline fallback decider, when no other decider is defined. */
  @Bean
  @ConditionalOnMissingBean(Decider.class)
  public OfflineFallbackDecider emailTriageOfflineFallbackDecider() {
    LOG.warn(NO_MODEL_WARNING);
    return new OfflineFallbackDecider();
  }
}
