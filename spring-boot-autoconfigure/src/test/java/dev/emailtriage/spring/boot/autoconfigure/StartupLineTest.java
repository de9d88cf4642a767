package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.Decider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** One INFO line at start-up names the model, the store, the prompts and the mailbox the EmailTriage bean runs on. */
@ExtendWith(OutputCaptureExtension.class)
class StartupLineTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=");

  @Test
  void namesTheOfflineFallbackAndTheInMemoryStoreOnce(CapturedOutput output) {
    runner.run(context -> assertThat(context).hasNotFailed());
    assertThat(output.getOut().lines().filter(l -> l.contains("email-triage: model"))).singleElement()
        .satisfies(line -> assertThat(line).contains("INFO")
            .contains("email-triage: model offline-fallback (OfflineFallbackDecider), store InMemoryDecisionStore,"
                + " prompts InMemoryPromptRepository, mailbox none"));
  }

  @Test
  void namesTheApplicationsOwnDecider(CapturedOutput output) {
    runner.withBean(Decider.class, MyDecider::new).run(context -> assertThat(context).hasNotFailed());
    assertThat(output.getOut()).contains("email-triage: model my-model (MyDecider), store InMemoryDecisionStore");
  }

  static final class MyDecider implements Decider {
    @Override
    public Decision decide(Email email, Prompt prompt) {
      throw new UnsupportedOperationException("not called");
    }

    @Override
    public String name() {
      return "my-model";
    }
  }
}
