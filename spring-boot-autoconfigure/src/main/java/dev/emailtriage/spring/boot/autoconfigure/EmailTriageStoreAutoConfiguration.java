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
      throw new IllegalStateException("emailtriage.store.type=postgres needs email-triage-supabase on the classpath and a"
          + " DataSource bean: add email-triage-spring-boot-starter-supabase (it brings both the store and Spring Boot's"
          + " JDBC auto-configuration) and set spring.datasource.url, or define a DataSource bean yourself");
    }
    return new InMemoryDecisionStore();
  }
}
