package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.spi.DecisionStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The in-memory {@link DecisionStore}, when no other store is defined (no DataSource, the PostgreSQL store not on the
 * classpath, or {@code emailtriage.store.type=memory}). Decisions are lost on restart.
 */
@AutoConfiguration(afterName = "dev.emailtriage.spring.boot.autoconfigure.EmailTriagePostgresAutoConfiguration")
public class EmailTriageStoreAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public EmailTriageStoreAutoConfiguration() {}

  /** The in-memory store. */
  @Bean
  @ConditionalOnMissingBean(DecisionStore.class)
  public InMemoryDecisionStore emailTriageDecisionStore() {
    return new InMemoryDecisionStore();
  }
}
