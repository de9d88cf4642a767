package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spring.boot.autoconfigure.internal.GeminiDetails;
import dev.emailtriage.spring.boot.autoconfigure.internal.ModelEnvironment;
import dev.emailtriage.spring.boot.autoconfigure.internal.ModelHealthIndicator;
import dev.emailtriage.spring.boot.autoconfigure.internal.StoreHealthIndicator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Actuator health indicators {@code emailTriageStore} (the store answers) and {@code emailTriageModel} (what model is
 * configured, from configuration only: never a model call), when Spring Boot's health support is on the classpath.
 * {@code management.health.emailtriage.enabled=false} turns both off.
 */
@AutoConfiguration(after = {EmailTriageDeciderAutoConfiguration.class, EmailTriageStoreAutoConfiguration.class})
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("emailtriage")
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriageHealthAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public EmailTriageHealthAutoConfiguration() {}

  /** The store's health. */
  @Bean
  @ConditionalOnMissingBean(name = "emailTriageStoreHealthIndicator")
  @ConditionalOnBean(DecisionStore.class)
  public HealthIndicator emailTriageStoreHealthIndicator(DecisionStore store) {
    return new StoreHealthIndicator(store);
  }

  /** The model's health, from configuration only. */
  @Bean
  @ConditionalOnMissingBean(name = "emailTriageModelHealthIndicator")
  @ConditionalOnBean(Decider.class)
  public HealthIndicator emailTriageModelHealthIndicator(Decider decider, EmailTriageProperties properties,
      Environment environment) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("decider", decider.name());
    if (decider instanceof OfflineFallbackDecider) {
      details.put("mode", "offline-fallback");
      details.put("model", "none");
      details.put("hint", "set emailtriage.gemini.api-key or GEMINI_API_KEY to decide with Gemini");
    } else {
      details.put("mode", "model");
      String model = GeminiDetails.modelOf(decider);
      if (model != null) {
        details.put("model", model);
        String source = ModelEnvironment.apiKeySource(environment);
        if (source != null) {
          details.put("api_key", "set (" + source + ")");
          String baseUrl = ModelEnvironment.baseUrl(properties, environment);
          details.put("base_url", baseUrl == null ? "default" : baseUrl);
        }
      }
    }
    return new ModelHealthIndicator(details);
  }
}
