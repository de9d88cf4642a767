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
 * {@code emailtriage.learning.enabled=false} (which also keeps correction examples off,
 * {@code emailtriage.learning.examples.enabled}). Its {@link LearnedRuleStore} is the PostgreSQL one (table
 * {@code learned_senders}, shared by every instance on the database) when the PostgreSQL store is configured, else
 * an in-memory one. The pipeline gets it through an {@link EmailTriageBuilderCustomizer}. With Micrometer, the
 * gauge {@value #ACTIVE_RULES} counts the active learned rules, and the quality of the last seven days (UTC days,
 * today included) is published as gauges: {@value #AGREEMENT} by {@code of} ({@code decision}, {@code type}),
 * {@value #FEEDBACK} (emails with feedback) and {@value #SUGGESTED_THRESHOLD} (NaN without enough feedback); the
 * report behind them is computed at most once a minute.
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
  /** The gauge of agreement with feedback over the last seven days, by {@code of}. */
  public static final String AGREEMENT = "emailtriage.quality.agreement";
  /** The gauge of emails with feedback over the last seven days. */
  public static final String FEEDBACK = "emailtriage.quality.feedback";
  /** The gauge of the suggested review threshold from the last seven days' calibration. */
  public static final String SUGGESTED_THRESHOLD = "emailtriage.quality.suggested.review.threshold";

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

  /**
   * Corrections teach the model: with {@code emailtriage.learning.examples.enabled=true}, up to
   * {@code emailtriage.learning.examples.max} (default 3) corrected emails go with each model call as examples.
   */
  @Bean
  @ConditionalOnProperty(prefix = EmailTriageLearningProperties.PREFIX + ".examples", name = "enabled",
      havingValue = "true")
  @ConditionalOnMissingBean(name = "emailTriageCorrectionExamplesCustomizer")
  public EmailTriageBuilderCustomizer emailTriageCorrectionExamplesCustomizer(
      EmailTriageLearningProperties properties) {
    int max = properties.getExamples().getMax();
    named("examples.max", () -> dev.emailtriage.EmailTriage.builder().correctionExamples(max));
    return builder -> builder.correctionExamples(max);
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

    @Bean
    @ConditionalOnMissingBean(name = "emailTriageQualityGauges")
    QualityGauges emailTriageQualityGauges(MeterRegistry registry,
        org.springframework.beans.factory.ObjectProvider<dev.emailtriage.spi.DecisionStore> store) {
      QualityGauges gauges = new QualityGauges(store::getObject, java.time.Clock.systemUTC());
      Gauge.builder(AGREEMENT, gauges, g -> g.agreement(true)).tag("of", "decision")
          .description("Share of the last seven days' decisions with feedback that the feedback agrees with")
          .strongReference(true).register(registry);
      Gauge.builder(AGREEMENT, gauges, g -> g.agreement(false)).tag("of", "type")
          .description("Share of the last seven days' decisions with feedback whose type the feedback agrees with")
          .strongReference(true).register(registry);
      Gauge.builder(FEEDBACK, gauges, QualityGauges::feedback)
          .description("Emails of the last seven days with a person's feedback")
          .strongReference(true).register(registry);
      Gauge.builder(SUGGESTED_THRESHOLD, gauges, QualityGauges::threshold)
          .description("Review threshold suggested by the last seven days' calibration (NaN: not enough feedback)")
          .strongReference(true).register(registry);
      return gauges;
    }
  }

  /** The last seven days' quality report, computed at most once a minute. Thread-safe. */
  static final class QualityGauges {
    private final Supplier<dev.emailtriage.spi.DecisionStore> store;
    private final java.time.Clock clock;
    private dev.emailtriage.QualityReport report;
    private java.time.Instant computedAt;

    QualityGauges(Supplier<dev.emailtriage.spi.DecisionStore> store, java.time.Clock clock) {
      this.store = store;
      this.clock = clock;
    }

    synchronized dev.emailtriage.QualityReport report() {
      java.time.Instant now = clock.instant();
      if (report == null || computedAt.plusSeconds(60).isBefore(now)) {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        report = store.get().quality(today.minusDays(6), today);
        computedAt = now;
      }
      return report;
    }

    double agreement(boolean decision) {
      Double rate = decision ? report().overall().decisionAgreement() : report().overall().typeAgreement();
      return rate == null ? Double.NaN : rate;
    }

    double feedback() {
      return report().overall().withFeedback();
    }

    double threshold() {
      Double t = report().suggestedReviewThreshold();
      return t == null ? Double.NaN : t;
    }
  }
}
