package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.InMemoryLearnedRuleStore;
import dev.emailtriage.SenderMemory;
import dev.emailtriage.spi.LearnedRuleStore;
import dev.emailtriage.supabase.SupabaseStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The sender memory ({@link SenderMemory}: learned sender rules, source {@code learned}), on unless
 * {@code emailtriage.learning.enabled=false}. Its {@link LearnedRuleStore} is the PostgreSQL one (table
 * {@code learned_senders}, shared by every instance on the database) when the PostgreSQL store is configured, else
 * an in-memory one. The pipeline gets it through an {@link EmailTriageBuilderCustomizer}; with Micrometer, the
 * gauge {@value #ACTIVE_RULES} counts the active learned rules.
 */
@AutoConfiguration(
    after = EmailTriagePostgresAutoConfiguration.class,
    before = EmailTriageAutoConfiguration.class,
    afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnProperty(prefix = EmailTriageLearningProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EmailTriageLearningProperties.class)
public class EmailTriageLearningAutoConfiguration {

  /** The gauge of active learned rules. */
  public static final String ACTIVE_RULES = "emailtriage.learned.rules";

  /** Creates the configuration; Spring calls it. */
  public EmailTriageLearningAutoConfiguration() {}

  /** The sender memory on the learned-rule store. */
  @Bean
  @ConditionalOnMissingBean
  public SenderMemory emailTriageSenderMemory(EmailTriageLearningProperties properties,
      org.springframework.beans.factory.ObjectProvider<LearnedRuleStore> store) {
    SenderMemory.Builder b = SenderMemory.builder();
    b.store(store.getIfAvailable(InMemoryLearnedRuleStore::new));
    named("repeats", () -> b.repeats(properties.getRepeats()));
    named("min-confidence", () -> b.minConfidence(properties.getMinConfidence()));
    named("expire-unused-after", () -> b.expireUnusedAfter(properties.getExpireUnusedAfter()));
    return b.build();
  }

  /** Hands the sender memory to the pipeline's builder. */
  @Bean
  @ConditionalOnMissingBean(name = "emailTriageSenderMemoryCustomizer")
  public EmailTriageBuilderCustomizer emailTriageSenderMemoryCustomizer(SenderMemory memory) {
    return builder -> builder.senderMemory(memory);
  }

  private static void named(String property, Supplier<?> setter) {
    try {
      setter.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(EmailTriageLearningProperties.PREFIX + "." + property + ": "
          + e.getMessage(), e);
    }
  }

  /** The PostgreSQL learned-rule store, when the PostgreSQL store is configured. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SupabaseStore.class)
  @ConditionalOnBean(SupabaseStore.class)
  static class Postgres {

    @Bean
    @ConditionalOnMissingBean(LearnedRuleStore.class)
    LearnedRuleStore emailTriageLearnedRuleStore(SupabaseStore store) {
      return store.learnedRuleStore();
    }
  }

  /** The gauge of active learned rules, with Micrometer. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class Metrics {

    @Bean
    @ConditionalOnMissingBean(name = "emailTriageLearnedRulesGauge")
    Gauge emailTriageLearnedRulesGauge(MeterRegistry registry, SenderMemory memory) {
      return Gauge.builder(ACTIVE_RULES, memory, m -> m.rules().size())
          .description("Learned sender rules active now")
          .strongReference(true)
          .register(registry);
    }
  }
}
