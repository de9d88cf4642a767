package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.spi.DecisionStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the pipeline ({@link EmailTriageMetrics}), when Micrometer is on the classpath and a
 * {@link MeterRegistry} bean exists (Spring Boot Actuator provides one).
 */
@AutoConfiguration(
    after = EmailTriageStoreAutoConfiguration.class,
    afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class EmailTriageMetricsAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public EmailTriageMetricsAutoConfiguration() {}

  /** The metrics listener, added to the auto-configured pipeline like any {@code TriageListener} bean. */
  @Bean
  @ConditionalOnMissingBean
  public EmailTriageMetrics emailTriageMetrics(MeterRegistry registry, ObjectProvider<DecisionStore> store) {
    return new EmailTriageMetrics(registry, store.getIfUnique());
  }
}
