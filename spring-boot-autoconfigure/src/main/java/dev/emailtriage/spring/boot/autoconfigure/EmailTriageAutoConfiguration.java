package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.BuiltInRules;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.TriageListener;
import dev.emailtriage.spi.BatchDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spring.boot.autoconfigure.internal.StartupSummary;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link EmailTriage} bean, built from the {@code emailtriage.*} properties and the {@link Decider},
 * {@link DecisionStore} and {@link PromptSource} beans; every {@link Rule} bean is added before the built-in rules
 * and every {@link TriageListener} bean (metrics among them) hears the pipeline; an {@link EmailTriageSpamFilter}
 * bean runs after the built-in rules; a {@link BatchDecider} bean (e.g. {@code emailtriage.gemini.batch.enabled})
 * turns batch mode on. {@link EmailTriageBuilderCustomizer}
 * beans adjust the builder last. The bean is closed when the context closes. One INFO line at start-up names the
 * model, the store, the prompt source and the mailbox in use.
 */
@AutoConfiguration(after = {EmailTriageDeciderAutoConfiguration.class, EmailTriageStoreAutoConfiguration.class,
    EmailTriagePromptAutoConfiguration.class})
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriageAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(EmailTriageAutoConfiguration.class);

  /** Creates the configuration; Spring calls it. */
  public EmailTriageAutoConfiguration() {}

  /** The pipeline. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public EmailTriage emailTriage(EmailTriageProperties properties, ObjectProvider<Decider> decider,
      ObjectProvider<DecisionStore> store, ObjectProvider<PromptSource> prompts, ObjectProvider<Rule> rules,
      ObjectProvider<TriageListener> listeners, ObjectProvider<EmailTriageBuilderCustomizer> customizers,
      ObjectProvider<EmailTriageSpamFilter> spamFilter, ObjectProvider<BatchDecider> batchDecider,
      ListableBeanFactory beans) {
    EmailTriage.Builder b = EmailTriage.builder();
    Decider theDecider = decider.getIfAvailable();
    DecisionStore theStore = store.getIfAvailable();
    PromptSource thePrompts = prompts.getIfAvailable();
    if (theDecider != null) {
      b.decider(theDecider);
    }
    if (theStore != null) {
      b.store(theStore);
    }
    if (thePrompts != null) {
      b.promptSource(thePrompts);
    }
    batchDecider.ifAvailable(b::batchDecider);
    rules.orderedStream().forEach(b::addRule);
    listeners.orderedStream().forEach(b::listener);

    // The builder refuses contradictions (rules given while disabled, a cache size for no cache): set only what holds.
    EmailTriageProperties.Rules r = properties.getRules();
    if (r.isEnabled()) {
      BuiltInRules.Builder builtIn = BuiltInRules.builder();
      named("rules.own-addresses", r.getOwnAddresses(), builtIn::ownAddresses);
      named("rules.allow", r.getAllow(), builtIn::allow);
      named("rules.deny", r.getDeny(), builtIn::deny);
      spamFilter.ifAvailable(f -> builtIn.spamFilter(f.rule()));
      b.rules(builtIn.build());
    } else {
      b.rulesEnabled(false);
    }

    EmailTriageProperties.Cache c = properties.getCache();
    if (c.isEnabled()) {
      named("cache.max-size", c.getMaxSize(), b::cacheMaxSize);
      named("cache.ttl", c.getTtl(), b::cacheTtl);
    } else {
      b.cacheEnabled(false);
    }
    named("review-threshold", properties.getReviewThreshold(), b::reviewThreshold);

    // The pipeline owns the deadline and hands the time left to the decider, which retries only within it.
    named("gemini.timeout", properties.getGemini().getTimeout(), b::deciderTimeout);
    customizers.orderedStream().forEach(customizer -> customizer.customize(b));
    EmailTriage triage = b.build();
    LOG.info(StartupSummary.line(theDecider, theStore, thePrompts, beans));
    return triage;
  }

  private static <T> void named(String property, T value, Consumer<T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(EmailTriageProperties.PREFIX + "." + property + ": " + e.getMessage(), e);
    }
  }
}
