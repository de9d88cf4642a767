package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.InMemoryPromptRepository;
import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.TriageResult;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import dev.emailtriage.test.ScriptedDecider;
import dev.emailtriage.test.TestEmails;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The core parts: the pipeline bean, the decider, the store, the prompt source, and what the properties change. */
@ExtendWith(OutputCaptureExtension.class)
class EmailTriageAutoConfigurationTest {

  static final AutoConfigurations ALL = AutoConfigurations.of(EmailTriageAutoConfiguration.class,
      EmailTriageDeciderAutoConfiguration.class, EmailTriageStoreAutoConfiguration.class,
      EmailTriagePromptAutoConfiguration.class, EmailTriageMetricsAutoConfiguration.class,
      EmailTriageHealthAutoConfiguration.class);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(ALL)
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=");

  @Test
  void withoutAKeyRunsOnTheOfflineFallbackAndWarnsOnce(CapturedOutput output) {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(EmailTriage.class);
      assertThat(context.getBean(Decider.class)).isInstanceOf(OfflineFallbackDecider.class);
      assertThat(context.getBean(DecisionStore.class)).isInstanceOf(InMemoryDecisionStore.class);
      assertThat(context.getBean(PromptSource.class)).isInstanceOf(InMemoryPromptRepository.class);

      TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("msg_1"));
      assertThat(r.decision().source()).isEqualTo(DecisionSource.FALLBACK);
      assertThat(r.decision().needsReview()).isTrue();
    });
    String warning = EmailTriageDeciderAutoConfiguration.NO_MODEL_WARNING;
    assertThat(output.getOut().lines().filter(l -> l.contains(warning))).hasSize(1)
        .allSatisfy(l -> assertThat(l).contains("WARN"));
  }

  @Test
  void aKeyWithoutTheGeminiAdapterOnTheClasspathFallsBackAndSaysWhy(CapturedOutput output) {
    runner.withClassLoader(new FilteredClassLoader("dev.emailtriage.gemini"))
        .withPropertyValues("GEMINI_API_KEY=k-123")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(Decider.class)).isInstanceOf(OfflineFallbackDecider.class);
        });
    assertThat(output.getOut().lines()
        .filter(l -> l.contains("WARN") && l.contains("A model API key is set (GEMINI_API_KEY)"))).hasSize(1);
    assertThat(output.getOut()).doesNotContain("k-123");
  }

  @Test
  void aUserDeciderIsUsedAndNoFallbackWarningIsLogged(CapturedOutput output) {
    runner.withBean(Decider.class, () -> ScriptedDecider.answering(Action.RESPOND).failingFor("fail")).run(context -> {
      assertThat(context).hasSingleBean(Decider.class).doesNotHaveBean(OfflineFallbackDecider.class);
      TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("msg_1"));
      assertThat(r.decision().source()).isEqualTo(DecisionSource.MODEL);
    });
    assertThat(output.getOut()).doesNotContain(EmailTriageDeciderAutoConfiguration.NO_MODEL_WARNING);
  }

  @Test
  void userBeansWinOverEachAutoConfiguredBean() {
    EmailTriage mine = EmailTriage.builder().workerThreads(0).build();
    InMemoryDecisionStore store = new InMemoryDecisionStore();
    InMemoryPromptRepository prompts = new InMemoryPromptRepository();
    try {
      runner.withBean("myTriage", EmailTriage.class, () -> mine)
          .withBean("myStore", DecisionStore.class, () -> store)
          .withBean("myPrompts", PromptSource.class, () -> prompts)
          .run(context -> {
            assertThat(context).hasSingleBean(EmailTriage.class).hasSingleBean(DecisionStore.class)
                .hasSingleBean(PromptSource.class);
            assertThat(context.getBean(EmailTriage.class)).isSameAs(mine);
            assertThat(context.getBean(DecisionStore.class)).isSameAs(store);
            assertThat(context.getBean(PromptSource.class)).isSameAs(prompts);
          });
    } finally {
      mine.close();
    }
  }

  @Test
  void theUsersStoreAndPromptSourceAreTheOnesThePipelineUses() {
    InMemoryDecisionStore store = new InMemoryDecisionStore();
    PromptSource prompts = email -> dev.emailtriage.DefaultPrompt.builder().companyName("Mine").build();
    runner.withBean("myStore", DecisionStore.class, () -> store)
        .withBean("myPrompts", PromptSource.class, () -> prompts)
        .withBean(Decider.class, () -> ScriptedDecider.answering(Action.RESPOND).failingFor("fail"))
        .run(context -> {
          context.getBean(EmailTriage.class).process(TestEmails.question("msg_1"));
          assertThat(store.find("msg_1")).isPresent();
          assertThat(context.getBean(ScriptedDecider.class).lastPrompt().systemPrompt()).contains("Mine");
        });
  }

  @Test
  void ruleBeansRunBeforeTheBuiltInRulesAndCustomizersRunLast() {
    AtomicBoolean customized = new AtomicBoolean();
    Rule vip = new Rule() {
      @Override
      public String name() {
        return "vip";
      }

      @Override
      public RuleOutcome evaluate(dev.emailtriage.Email email) {
        return email.from().endsWith("@vip.example")
            ? RuleOutcome.decide(Action.RESPOND, EmailType.REQUEST, Urgency.HIGH, 0.99, "VIP")
            : RuleOutcome.abstain();
      }
    };
    runner.withBean("vip", Rule.class, () -> vip)
        .withBean(EmailTriageBuilderCustomizer.class, () -> b -> {
          b.workerThreads(0);
          customized.set(true);
        })
        .run(context -> {
          TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("m", "a@vip.example"));
          assertThat(r.decision().rule()).isEqualTo("vip");
          assertThat(customized).isTrue();
        });
  }

  @Test
  void propertiesReachThePipeline() {
    runner.withPropertyValues(
            "emailtriage.rules.deny=@spam.example",
            "emailtriage.rules.own-addresses=support@acme.example",
            "emailtriage.review-threshold=0.05",
            "emailtriage.prompt.company-name=Acme",
            "emailtriage.prompt.language=en")
        .run(context -> {
          EmailTriage triage = context.getBean(EmailTriage.class);
          Decision denied = triage.process(TestEmails.question("d", "x@spam.example")).decision();
          assertThat(denied.action()).isEqualTo(Action.IGNORE);
          assertThat(denied.rule()).isEqualTo("deny-list");
          Decision own = triage.process(TestEmails.question("o", "support@acme.example")).decision();
          assertThat(own.rule()).isEqualTo("own-address");
          // The fallback's confidence 0.1 is above a 0.05 threshold: only the fallback itself asks for review.
          assertThat(triage.process(TestEmails.question("q")).decision().source())
              .isEqualTo(DecisionSource.FALLBACK);
          String prompt = context.getBean(InMemoryPromptRepository.class).active().systemPrompt();
          assertThat(prompt).contains("Acme").contains("inglês").doesNotContain("Biofraga");
        });
  }

  @Test
  void builtInRulesCanBeSwitchedOff() {
    runner.withPropertyValues("emailtriage.rules.enabled=false").run(context -> {
      Decision d = context.getBean(EmailTriage.class).process(TestEmails.bounce("b")).decision();
      assertThat(d.source()).isEqualTo(DecisionSource.FALLBACK);
    });
    runner.run(context -> {
      Decision d = context.getBean(EmailTriage.class).process(TestEmails.bounce("b")).decision();
      assertThat(d.source()).isEqualTo(DecisionSource.RULE);
    });
  }

  @Test
  void thePipelineIsClosedWithTheContext() {
    EmailTriage[] seen = new EmailTriage[1];
    runner.run(context -> seen[0] = context.getBean(EmailTriage.class));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> seen[0].process(TestEmails.question("late")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
