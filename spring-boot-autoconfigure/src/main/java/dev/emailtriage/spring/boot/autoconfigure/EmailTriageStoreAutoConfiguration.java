package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.spi.DecisionStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The in-memory {@link DecisionStore}, when no other store is defined (no DataSource, the PostgreSQL store not on the
 * classpath, or {@code emailtriage.store.type=memory}). Decisions are lost on restart.
 */
@AutoConfiguration(afterName = "dev.emailtriage.spring.boot.autoconfigure.EmailTriagePostgresAutoConfiguration")
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriageStoreAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public EmailTriageStoreAutoConfiguration() {}

  /**
   * The in-memory store.
   *
   * @throws IllegalStateException when {@code emailtriage.store.type=postgres} asked for PostgreSQL but no
   *     PostgreSQL store could be configured
   */
  @Bean
  @ConditionalOnMissingBean(DecisionStore.class)
  public InMemoryDecisionStore emailTriageDecisionStore(EmailTriageProperties properties) {
    if (properties.getStore().getType() == EmailTriageProperties.StoreType.POSTGRES) {
      throw new IllegalStateException("emailtriage.store.type=postgres needs a DataSource bean (spring.datasource.url"
          + " with spring-boot-starter-jdbc) and email-triage-supabase on the classpath, and one of them is missing");
    }
    return new InMemoryDecisionStore();
  }
}
