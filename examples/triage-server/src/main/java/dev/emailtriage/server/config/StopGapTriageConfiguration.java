package dev.emailtriage.server.config;

import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.InMemoryPromptRepository;
import dev.emailtriage.TriageListener;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptRepository;
import dev.emailtriage.supabase.SupabaseStore;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Stop-gap beans until the email-triage Spring Boot starter provides them: the PostgreSQL store when
 * {@code SPRING_DATASOURCE_URL} is set, else an in-memory store and prompt repository (with a WARN); Gemini when
 * {@code GEMINI_API_KEY} (else {@code GOOGLE_API_KEY}) is set, else the offline fallback (with a WARN). Each bean
 * backs off when another one is defined.
 */
@Configuration(proxyBeanMethods = false)
public class StopGapTriageConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(StopGapTriageConfiguration.class);

  /** Gemini, with the environment's key (and {@code GEMINI_BASE_URL}); model and settings the adapter's defaults. */
  @Bean
  @Conditional(OnGeminiKey.class)
  @ConditionalOnMissingBean(Decider.class)
  Decider geminiDecider(Environment env) {
    return GeminiDecider.fromEnvironment(env::getProperty).build();
  }

  /** True when {@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY} is set and not blank. */
  static final class OnGeminiKey implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Environment env = context.getEnvironment();
      return hasText(env.getProperty("GEMINI_API_KEY")) || hasText(env.getProperty("GOOGLE_API_KEY"));
    }

    private static boolean hasText(String s) {
      return s != null && !s.isBlank();
    }
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "spring.datasource.url")
  @ConditionalOnMissingBean
  SupabaseStore supabaseStore(DataSource dataSource) {
    return SupabaseStore.builder().dataSource(dataSource).build();
  }

  @Bean
  @ConditionalOnMissingBean
  DecisionStore decisionStore(ObjectProvider<SupabaseStore> postgres) {
    SupabaseStore store = postgres.getIfAvailable();
    if (store != null) {
      return store.decisionStore();
    }
    LOG.warn("Decisions are kept in memory: they are lost when the server stops. "
        + "Set SPRING_DATASOURCE_URL to keep them in PostgreSQL.");
    return new InMemoryDecisionStore();
  }

  @Bean
  @ConditionalOnMissingBean
  PromptRepository promptRepository(ObjectProvider<SupabaseStore> postgres) {
    SupabaseStore store = postgres.getIfAvailable();
    return store != null ? store.promptRepository() : new InMemoryPromptRepository();
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  EmailTriage emailTriage(DecisionStore store, PromptRepository prompts, ObjectProvider<Decider> decider,
      ObjectProvider<TriageListener> listeners) {
    EmailTriage.Builder builder = EmailTriage.builder().store(store).promptSource(prompts);
    Decider model = decider.getIfUnique();
    if (model == null && decider.stream().findAny().isPresent()) {
      throw new IllegalStateException("more than one Decider bean: keep one");
    }
    if (model == null) {
      LOG.warn("No model configured: rules decide what they are sure of; everything else gets the offline "
          + "fallback (respond, needs_review, source fallback)");
    } else {
      builder.decider(model);
    }
    listeners.orderedStream().forEach(builder::listener);
    return builder.build();
  }
}
