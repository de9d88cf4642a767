package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.spring.boot.autoconfigure.internal.OnStoreTypeNotMemoryCondition;
import dev.emailtriage.supabase.PostgresDecisionStore;
import dev.emailtriage.supabase.PostgresPromptRepository;
import dev.emailtriage.supabase.SupabaseStore;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The PostgreSQL (Supabase) {@link DecisionStore} and prompt repository on the application's {@link DataSource},
 * when {@code email-triage-supabase} is on the classpath, a {@code DataSource} bean exists and
 * {@code emailtriage.store.type} is not {@code memory}. The store's Flyway migrations (own location and history
 * table, own schema {@value SupabaseStore#DEFAULT_SCHEMA}) run at start-up unless
 * {@code emailtriage.store.migrate=false}. The application's {@code DataSource} is never closed by the store.
 */
@AutoConfiguration(
    before = {EmailTriageStoreAutoConfiguration.class, EmailTriagePromptAutoConfiguration.class},
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({SupabaseStore.class, DataSource.class})
@ConditionalOnBean(DataSource.class)
@Conditional(OnStoreTypeNotMemoryCondition.class)
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriagePostgresAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public EmailTriagePostgresAutoConfiguration() {}

  /** The store on the application's data source, migrated at start-up unless turned off. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public SupabaseStore emailTriageSupabaseStore(DataSource dataSource, EmailTriageProperties properties) {
    return SupabaseStore.builder()
        .dataSource(dataSource)
        .migrate(properties.getStore().isMigrate())
        .initialPrompt(EmailTriagePromptAutoConfiguration.defaultPrompt(properties.getPrompt()))
        .build();
  }

  /** The PostgreSQL decision store and durable queue. */
  @Bean
  @ConditionalOnMissingBean(DecisionStore.class)
  public PostgresDecisionStore emailTriagePostgresDecisionStore(SupabaseStore store) {
    return store.decisionStore();
  }

  /** The PostgreSQL prompt repository. */
  @Bean
  @ConditionalOnMissingBean(PromptSource.class)
  public PostgresPromptRepository emailTriagePostgresPromptRepository(SupabaseStore store) {
    return store.promptRepository();
  }
}
