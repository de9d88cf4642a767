package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.gemini.GeminiBatchDecider;
import dev.emailtriage.spi.BatchDecider;
import dev.emailtriage.spi.BatchPoll;
import dev.emailtriage.spi.BatchRequest;
import dev.emailtriage.test.TestEmails;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Batch mode from the properties: {@code emailtriage.gemini.batch.*} and a {@link BatchDecider} bean. */
class GeminiBatchAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withConfiguration(AutoConfigurations.of(EmailTriageGeminiAutoConfiguration.class))
      .withPropertyValues("GEMINI_API_KEY=k", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=http://127.0.0.1:9");

  @Test
  void batchModeIsOffUnlessEnabled() {
    runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(BatchDecider.class));
  }

  @Test
  void enabledMakesAGeminiBatchDeciderOnTheDecidersModelWithTheBatchSettings() {
    runner.withPropertyValues("emailtriage.gemini.batch.enabled=true", "emailtriage.gemini.model=gemini-2.5-flash-lite",
        "emailtriage.gemini.batch.poll-interval=PT1M", "emailtriage.gemini.batch.max-poll-interval=PT4M",
        "emailtriage.gemini.batch.timeout=PT6H", "emailtriage.gemini.batch.max-emails=50")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(GeminiBatchDecider.class);
          GeminiBatchDecider batch = context.getBean(GeminiBatchDecider.class);
          assertThat(batch.model()).isEqualTo("gemini-2.5-flash-lite");
          assertThat(batch.cacheScope()).isEqualTo("gemini:gemini-2.5-flash-lite");
          assertThat(batch.maxBatchSize()).isEqualTo(50);
          assertThat(batch.timeout()).isEqualTo(Duration.ofHours(6));
          assertThat(List.of(batch.pollDelay(0), batch.pollDelay(1), batch.pollDelay(7)))
              .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4));
        });
  }

  @Test
  void aBatchSettingOutOfRangeFailsTheStartNamingTheProperty() {
    runner.withPropertyValues("emailtriage.gemini.batch.enabled=true", "emailtriage.gemini.batch.max-emails=0")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(PropertiesValidationTest.messages(context.getStartupFailure()))
              .contains("emailtriage.gemini.batch.max-emails");
        });
  }

  @Test
  void aPollIntervalAboveItsMaximumFailsTheStartNamingBatch() {
    runner.withPropertyValues("emailtriage.gemini.batch.enabled=true",
        "emailtriage.gemini.batch.poll-interval=PT20M", "emailtriage.gemini.batch.max-poll-interval=PT10M")
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(PropertiesValidationTest.messages(context.getStartupFailure()))
              .contains("emailtriage.gemini.batch", "pollInterval");
        });
  }

  @Test
  void aBatchDeciderBeanIsThePipelinesAndReplacesGeminis() {
    List<List<BatchRequest>> jobs = new CopyOnWriteArrayList<>();
    BatchDecider mine = new BatchDecider() {
      @Override
      public String submit(List<BatchRequest> requests) {
        jobs.add(requests);
        return "batches/mine";
      }

      @Override
      public BatchPoll poll(String batchId, List<Email> emails) {
        return BatchPoll.running();
      }
    };
    runner.withPropertyValues("emailtriage.gemini.batch.enabled=true")
        .withBean(BatchDecider.class, () -> mine)
        .withBean(EmailTriageBuilderCustomizer.class, () -> b -> b.workerThreads(0))
        .run(context -> {
          assertThat(context).hasNotFailed().doesNotHaveBean(GeminiBatchDecider.class);
          EmailTriage triage = context.getBean(EmailTriage.class);
          triage.submit(TestEmails.question("msg_batch"));
          triage.drainQueue();
          assertThat(jobs).singleElement().satisfies(j -> assertThat(j).extracting(r -> r.email().emailId())
              .containsExactly("msg_batch"));
          assertThat(triage.status("msg_batch").orElseThrow().status()).isEqualTo(TriageStatus.PROCESSING);
        });
  }
}
