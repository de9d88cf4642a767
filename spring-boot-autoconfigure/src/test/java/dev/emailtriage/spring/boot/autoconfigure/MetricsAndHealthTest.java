package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.test.ScriptedDecider;
import dev.emailtriage.test.TestEmails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the meters count and what the health indicators say. */
class MetricsAndHealthTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=")
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

  @Test
  void decisionsModelCallsTokensCacheRulesAndQueueAreMeasured() {
    runner.withBean(Decider.class, () -> ScriptedDecider.answering(Action.RESPOND).failingFor("fail"))
        .withBean(EmailTriageBuilderCustomizer.class, () -> b -> b.workerThreads(0).maxAttempts(3))
        .run(context -> {
          EmailTriage triage = context.getBean(EmailTriage.class);
          MeterRegistry m = context.getBean(MeterRegistry.class);
          triage.process(TestEmails.question("msg_1"));
          triage.process(TestEmails.question("msg_2"));
          triage.process(TestEmails.bounce("b_1"));
          assertThat(triage.process(TestEmails.question("fail_1", "other@example.com")).status())
              .isEqualTo(TriageStatus.FAILED);
          triage.submit(TestEmails.question("later", "third@example.org"));

          assertThat(m.get(EmailTriageMetrics.DECISIONS)
              .tags("action", "respond", "type", "question", "source", "model").counter().count()).isEqualTo(1);
          assertThat(m.get(EmailTriageMetrics.DECISIONS)
              .tags("action", "respond", "type", "question", "source", "cache").counter().count()).isEqualTo(1);
          assertThat(m.get(EmailTriageMetrics.DECISIONS)
              .tags("action", "ignore", "type", "notification", "source", "rule").counter().count()).isEqualTo(1);
          assertThat(m.get(EmailTriageMetrics.RULE_HITS).tag("rule", "delivery-report").counter().count())
              .isEqualTo(1);
          assertThat(m.get(EmailTriageMetrics.CACHE_LOOKUPS).tag("result", "hit").counter().count()).isEqualTo(1);
          assertThat(m.get(EmailTriageMetrics.CACHE_LOOKUPS).tag("result", "miss").counter().count())
              .isEqualTo(2);
          assertThat(m.get(EmailTriageMetrics.OPERATION_DURATION)
              .tags("gen_ai.provider.name", "scripted", "error.type", "none").timer().count()).isEqualTo(1);
          assertThat(m.get(EmailTriageMetrics.OPERATION_DURATION)
              .tags("error.type", "rate_limited").timer().count()).isEqualTo(1);
          assertThat(m.get(EmailTriageMetrics.MODEL_ERRORS).tags("decider", "scripted", "cause", "rate_limited")
              .counter().count()).isEqualTo(1);
          assertThat(m.get(EmailTriageMetrics.FAILURES).tags("cause", "rate_limited", "retryable", "true")
              .counter().count()).isEqualTo(1);
          assertThat(m.get(EmailTriageMetrics.TOKEN_USAGE).tag("gen_ai.token.type", "input").summary()
              .totalAmount()).isEqualTo(120);
          assertThat(m.get(EmailTriageMetrics.TOKEN_USAGE).tag("gen_ai.token.type", "output").summary()
              .totalAmount()).isEqualTo(40);
          assertThat(m.get(EmailTriageMetrics.TOKEN_USAGE).tag("gen_ai.token.type", "thoughts").summary()
              .totalAmount()).isEqualTo(15);
          // One failed email waiting for its retry and one queued email.
          assertThat(m.get(EmailTriageMetrics.QUEUE_DEPTH).gauge().value()).isEqualTo(2);
        });
  }

  @Test
  void storeHealthIsUpWithTheQueueDepth() {
    runner.run(context -> {
      Health h = context.getBean("emailTriageStoreHealthIndicator", HealthIndicator.class).health();
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("store", "InMemoryDecisionStore").containsEntry("queue_depth", 0L);
    });
  }

  @Test
  void modelHealthSaysOfflineFallbackWithoutAKey() {
    runner.run(context -> {
      Health h = context.getBean("emailTriageModelHealthIndicator", HealthIndicator.class).health();
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("mode", "offline-fallback").containsEntry("model", "none");
    });
  }

  @Test
  void modelHealthNeverCallsTheModel() {
    runner.withBean(Decider.class, () -> (email, prompt) -> {
      throw new AssertionError("the health check called the model");
    }).run(context -> {
      Health h = context.getBean("emailTriageModelHealthIndicator", HealthIndicator.class).health();
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("mode", "model");
    });
  }
}
