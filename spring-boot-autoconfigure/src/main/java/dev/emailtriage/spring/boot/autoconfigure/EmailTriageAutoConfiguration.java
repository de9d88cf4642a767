package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.BuiltInRules;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.TriageListener;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.spi.Rule;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@link EmailTriage} bean, built from the {@code emailtriage.*} properties and the {@link Decider},
 * {@link DecisionStore} and {@link PromptSource} beans; every {@link Rule} bean is added before the built-in rules
 * and every {@link TriageListener} bean (metrics among them) hears the pipeline; an {@link EmailTriageSpamFilter}
 * bean runs after the built-in rules. {@link EmailTriageBuilderCustomizer}
 * beans adjust the builder last. The bean is closed when the context closes.
 */
@AutoConfiguration(after = {EmailTriageDeciderAutoConfiguration.class, EmailTriageStoreAutoConfiguration.class,
    EmailTriagePromptAutoConfiguration.class})
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriageAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public EmailTriageAutoConfiguration() {}

  /** The pipeline. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public EmailTriage emailTriage(EmailTriageProperties properties, ObjectProvider<Decider> decider,
      ObjectProvider<DecisionStore> store, ObjectProvider<PromptSource> prompts, ObjectProvider<Rule> rules,
      ObjectProvider<TriageListener> listeners, ObjectProvider<EmailTriageBuilderCustomizer> customizers,
      ObjectProvider<EmailTriageSpamFilter> spamFilter) {
    EmailTriage.Builder b = EmailTriage.builder();
    decider.ifAvailable(b::decider);
    store.ifAvailable(b::store);
    prompts.ifAvailable(b::promptSource);
    rules.orderedStream().forEach(b::addRule);
    listeners.orderedStream().forEach(b::listener);

    EmailTriageProperties.Rules r = properties.getRules();
    b.rulesEnabled(r.isEnabled());
    BuiltInRules.Builder builtIn = BuiltInRules.builder();
    named("rules.own-addresses", r.getOwnAddresses(), builtIn::ownAddresses);
    named("rules.allow", r.getAllow(), builtIn::allow);
    named("rules.deny", r.getDeny(), builtIn::deny);
    spamFilter.ifAvailable(f -> builtIn.spamFilter(f.rule()));
    b.rules(builtIn.build());

    EmailTriageProperties.Cache c = properties.getCache();
    b.cacheEnabled(c.isEnabled());
    named("cache.max-size", c.getMaxSize(), b::cacheMaxSize);
    named("cache.ttl", c.getTtl(), b::cacheTtl);
    named("review-threshold", properties.getReviewThreshold(), b::reviewThreshold);

    // The pipeline's deadline a little beyond the adapter's own, so that the adapter reports its own timeout.
    named("gemini.timeout", properties.getGemini().getTimeout().plusSeconds(5), b::deciderTimeout);
    customizers.orderedStream().forEach(customizer -> customizer.customize(b));
    return b.build();
  }

  private static <T> void named(String property, T value, Consumer<T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(EmailTriageProperties.PREFIX + "." + property + ": " + e.getMessage(), e);
    }
  }
}
