package dev.emailtriage.spring.boot.autoconfigure;

import com.google.genai.Client;
import com.openai.client.OpenAIClient;
import dev.emailtriage.Deciders;
import dev.emailtriage.EmailType;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.openai.OpenAiDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spring.boot.autoconfigure.internal.ModelSelection;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A cheap-first cascade ({@link Deciders#cascade}) when an escalation model is configured
 * ({@code emailtriage.cascade.escalation-model}, else {@code EMAILTRIAGE_ESCALATION_MODEL}): the auto-configured
 * Gemini or OpenAI decider is asked first, and a second decider of the same provider with the escalation model when
 * the first answers below {@code emailtriage.cascade.escalate-below} (else {@code EMAILTRIAGE_ESCALATE_BELOW}, else
 * 0.7), answers a type in {@code emailtriage.cascade.always-check}, or fails. The cascade is the primary
 * {@link Decider} bean. Each {@link Deciders.EscalationListener} bean is told of every escalation; with Micrometer,
 * the counter {@value #ESCALATIONS} (tag {@code reason}) counts them.
 */
@AutoConfiguration(after = {EmailTriageGeminiAutoConfiguration.class, EmailTriageOpenAiAutoConfiguration.class},
    before = EmailTriageDeciderAutoConfiguration.class)
@Conditional(EmailTriageCascadeAutoConfiguration.OnEscalationModel.class)
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriageCascadeAutoConfiguration {

  /** The escalation counter's name. */
  public static final String ESCALATIONS = "emailtriage.cascade.escalations";

  private static final Logger LOG = LoggerFactory.getLogger(EmailTriageCascadeAutoConfiguration.class);

  /** Creates the configuration; Spring calls it. */
  public EmailTriageCascadeAutoConfiguration() {}

  /** Matches when an escalation model is configured. */
  static final class OnEscalationModel extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String model = ModelSelection.escalationModel(context.getEnvironment());
      return model != null ? ConditionOutcome.match("escalation model " + model)
          : ConditionOutcome.noMatch("no emailtriage.cascade.escalation-model or EMAILTRIAGE_ESCALATION_MODEL");
    }
  }

  static Decider cascade(Decider cheap, Decider strong, EmailTriageProperties properties, Environment environment,
      ObjectProvider<Deciders.EscalationListener> listeners) {
    EmailTriageProperties.Cascade c = properties.getCascade();
    Deciders.CascadeBuilder b = Deciders.cascade(cheap, strong);
    Double below = c.getEscalateBelow();
    if (below == null) {
      String text = ModelSelection.escalateBelow(environment);
      if (text != null) {
        try {
          below = Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("EMAILTRIAGE_ESCALATE_BELOW must be a number between 0 and 1, was '"
              + text + "'", e);
        }
      }
    }
    if (below != null) {
      double threshold = below;
      try {
        b.escalateBelow(threshold);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("emailtriage.cascade.escalate-below (or EMAILTRIAGE_ESCALATE_BELOW): "
            + e.getMessage(), e);
      }
    }
    if (!c.getAlwaysCheck().isEmpty()) {
      b.alwaysCheck(c.getAlwaysCheck().toArray(EmailType[]::new));
    }
    b.escalateOnFailure(c.isEscalateOnFailure());
    b.listener((email, reason, decision, failure) ->
        listeners.orderedStream().forEach(l -> l.onEscalation(email, reason, decision, failure)));
    Decider cascade = b.build();
    LOG.info("email-triage cascade: {}", cascade);
    return cascade;
  }

  /** The Gemini cascade. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(GeminiDecider.class)
  @ConditionalOnBean(GeminiDecider.class)
  static class Gemini {

    /** The strong Gemini decider, on the same SDK client. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(name = "emailTriageGeminiEscalationDecider")
    GeminiDecider emailTriageGeminiEscalationDecider(EmailTriageProperties properties, Client client,
        Environment environment) {
      return EmailTriageGeminiAutoConfiguration.builder(properties, client, ModelSelection.escalationModel(environment))
          .build();
    }

    /** The cascade, the primary decider. */
    @Bean
    @Primary
    @ConditionalOnMissingBean(name = "emailTriageCascadeDecider")
    Decider emailTriageCascadeDecider(@Qualifier("emailTriageGeminiDecider") GeminiDecider cheap,
        @Qualifier("emailTriageGeminiEscalationDecider") GeminiDecider strong, EmailTriageProperties properties, Environment environment,
        ObjectProvider<Deciders.EscalationListener> listeners) {
      return cascade(cheap, strong, properties, environment, listeners);
    }
  }

  /** The OpenAI cascade. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(OpenAiDecider.class)
  @ConditionalOnBean(OpenAiDecider.class)
  static class OpenAi {

    /** The strong OpenAI decider, on the same SDK client. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(name = "emailTriageOpenAiEscalationDecider")
    OpenAiDecider emailTriageOpenAiEscalationDecider(EmailTriageProperties properties, OpenAIClient client,
        Environment environment) {
      return EmailTriageOpenAiAutoConfiguration.builder(properties, client, environment,
          ModelSelection.escalationModel(environment)).build();
    }

    /** The cascade, the primary decider. */
    @Bean
    @Primary
    @ConditionalOnMissingBean(name = "emailTriageCascadeDecider")
    Decider emailTriageCascadeDecider(@Qualifier("emailTriageOpenAiDecider") OpenAiDecider cheap,
        @Qualifier("emailTriageOpenAiEscalationDecider") OpenAiDecider strong, EmailTriageProperties properties, Environment environment,
        ObjectProvider<Deciders.EscalationListener> listeners) {
      return cascade(cheap, strong, properties, environment, listeners);
    }
  }

  /** Counts escalations in Micrometer when it is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {

    /** Increments {@value #ESCALATIONS} with the reason, when a registry exists. */
    @Bean
    @ConditionalOnMissingBean(name = "emailTriageEscalationCounter")
    Deciders.EscalationListener emailTriageEscalationCounter(ObjectProvider<MeterRegistry> registry) {
      return (email, reason, decision, failure) -> registry.ifAvailable(r ->
          r.counter(ESCALATIONS, "reason", reason.wireName()).increment());
    }
  }
}
