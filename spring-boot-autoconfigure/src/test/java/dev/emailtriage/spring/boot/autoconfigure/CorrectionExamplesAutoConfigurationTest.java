package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.Prompt;
import dev.emailtriage.TriageResult;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code emailtriage.learning.examples.*}: off by default, one property switches it on, a bad maximum is named. */
class CorrectionExamplesAutoConfigurationTest {

  private final List<Prompt> asked = new CopyOnWriteArrayList<>();

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(EmailTriageLearningAutoConfiguration.class))
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=")
      .withBean(Decider.class, () -> (email, prompt) -> {
        asked.add(prompt);
        return Decision.builder().action(Action.RESPOND).confidence(0.9).emailType(EmailType.QUESTION)
            .urgency(Urgency.LOW).reason("scripted").source(DecisionSource.MODEL).build();
      });

  private static Email mail(String id, String subject) {
    return Email.builder().emailId(id).from("news@shop.example").to("support@biofraga.com").subject(subject)
        .body("Texto de " + subject).receivedAt(Instant.parse("2025-03-01T09:00:00Z")).build();
  }

  /** A corrected email, then another of the same sender: how many examples went with the second model call. */
  private int examplesOnTheSecondCall(EmailTriage triage) {
    TriageResult first = triage.process(mail("m1", "Ofertas da semana"));
    triage.feedback(first.emailId(), new Feedback(Action.IGNORE, EmailType.NEWSLETTER, null, Instant.now()));
    TriageResult second = triage.process(mail("m2", "Novidades do mês"));
    assertThat(second.decision().examplesUsed()).isEqualTo(asked.get(asked.size() - 1).examples().size());
    return second.decision().examplesUsed();
  }

  @Test
  void offByDefault() {
    runner.run(context -> {
      assertThat(context).doesNotHaveBean("emailTriageCorrectionExamplesCustomizer");
      assertThat(examplesOnTheSecondCall(context.getBean(EmailTriage.class))).isZero();
    });
  }

  @Test
  void onePropertySwitchesItOn() {
    runner.withPropertyValues("emailtriage.learning.examples.enabled=true").run(context -> {
      assertThat(context).hasBean("emailTriageCorrectionExamplesCustomizer");
      assertThat(examplesOnTheSecondCall(context.getBean(EmailTriage.class))).isEqualTo(1);
    });
  }

  @Test
  void learningOffKeepsExamplesOff() {
    runner.withPropertyValues("emailtriage.learning.enabled=false", "emailtriage.learning.examples.enabled=true")
        .run(context -> assertThat(context).doesNotHaveBean("emailTriageCorrectionExamplesCustomizer"));
  }

  @Test
  void aMaximumOutOfRangeFailsNamingTheProperty() {
    runner.withPropertyValues("emailtriage.learning.examples.enabled=true", "emailtriage.learning.examples.max=9")
        .run(context -> assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("emailtriage.learning.examples.max: correctionExamples must be 1 to 5"));
  }
}
