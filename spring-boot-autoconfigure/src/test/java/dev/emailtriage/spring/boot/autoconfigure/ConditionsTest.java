package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.EmailTriage;
import dev.emailtriage.spi.model.ModelEnvironment.Provider;
import dev.emailtriage.spring.boot.autoconfigure.internal.ConditionalOnModelProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each optional part backs off when its classes or beans are missing; the model key is found under every name. */
class ConditionsTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=");

  @Test
  void withoutMicrometerOnTheClasspathThereAreNoMetricsButThePipelineWorks() {
    runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(EmailTriage.class)
              .doesNotHaveBean(EmailTriageMetrics.class);
        });
  }

  @Test
  void withoutAMeterRegistryBeanThereAreNoMetrics() {
    runner.run(context -> assertThat(context).hasSingleBean(EmailTriage.class)
        .doesNotHaveBean(EmailTriageMetrics.class));
  }

  @Test
  void withAMeterRegistryThereAreMetrics() {
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(context -> assertThat(context).hasSingleBean(EmailTriageMetrics.class));
  }

  @Test
  void withoutSpringBootHealthOnTheClasspathThereAreNoHealthIndicators() {
    runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).hasNotFailed().hasSingleBean(EmailTriage.class)
            .doesNotHaveBean("emailTriageStoreHealthIndicator")
            .doesNotHaveBean("emailTriageModelHealthIndicator"));
  }

  @Test
  void healthIndicatorsCanBeSwitchedOff() {
    runner.withPropertyValues("management.health.emailtriage.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("emailTriageStoreHealthIndicator")
            .doesNotHaveBean("emailTriageModelHealthIndicator"));
    runner.run(context -> assertThat(context).hasBean("emailTriageStoreHealthIndicator")
        .hasBean("emailTriageModelHealthIndicator"));
  }

  @Test
  void userHealthIndicatorsAndMetricsWin() {
    HealthIndicator mine = () -> org.springframework.boot.health.contributor.Health.up().build();
    runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean("emailTriageStoreHealthIndicator", HealthIndicator.class, () -> mine)
        .withBean("emailTriageModelHealthIndicator", HealthIndicator.class, () -> mine)
        .withBean("myMetrics", EmailTriageMetrics.class,
            () -> new EmailTriageMetrics(new SimpleMeterRegistry(), null))
        .run(context -> {
          assertThat(context.getBean("emailTriageStoreHealthIndicator")).isSameAs(mine);
          assertThat(context.getBean("emailTriageModelHealthIndicator")).isSameAs(mine);
          assertThat(context).hasSingleBean(EmailTriageMetrics.class).hasBean("myMetrics");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"emailtriage.gemini.api-key", "GEMINI_API_KEY", "GOOGLE_API_KEY"})
  void aModelKeyIsFoundUnderEachOfItsNames(String name) {
    new ApplicationContextRunner().withUserConfiguration(Keyed.class)
        .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "OPENAI_API_KEY=", name + "=k-123")
        .run(context -> assertThat(context).hasBean("keyed"));
    new ApplicationContextRunner().withUserConfiguration(Keyed.class)
        .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", name + "= ")
        .run(context -> assertThat(context).doesNotHaveBean("keyed"));
  }

  @Test
  void theOrderingNamesOfOtherModulesExist() throws Exception {
    for (String name : new String[] {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"}) {
      assertThat(Class.forName(name)).isNotNull();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnModelProvider(Provider.GEMINI)
  static class Keyed {
    @Bean
    String keyed() {
      return "yes";
    }
  }
}
