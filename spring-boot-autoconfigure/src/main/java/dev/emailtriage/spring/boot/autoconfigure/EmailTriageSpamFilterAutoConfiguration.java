package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.spamfilter.SpamFilterRule;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The spam filter ({@code SpamFilterRule} of {@code email-triage-spamfilter}) that the {@link
 * dev.emailtriage.EmailTriage} bean asks after its built-in rules, when that module is on the class path and
 * {@code emailtriage.spamfilter.spamd} (else {@code EMAILTRIAGE_SPAMD}) or {@code emailtriage.spamfilter.rspamd-url}
 * (else {@code EMAILTRIAGE_RSPAMD_URL}) is set. A bad value stops the start with a message naming the property.
 */
@AutoConfiguration(before = EmailTriageAutoConfiguration.class)
@ConditionalOnClass(SpamFilterRule.class)
@Conditional(EmailTriageSpamFilterAutoConfiguration.OnSpamFilterConfigured.class)
@EnableConfigurationProperties(EmailTriageSpamFilterProperties.class)
public class EmailTriageSpamFilterAutoConfiguration {

  static final String SPAMD_VARIABLE = "EMAILTRIAGE_SPAMD";
  static final String RSPAMD_VARIABLE = "EMAILTRIAGE_RSPAMD_URL";

  /** Creates the configuration; Spring calls it. */
  public EmailTriageSpamFilterAutoConfiguration() {}

  /** The spam filter, built from {@code emailtriage.spamfilter.*} and the environment names. */
  @Bean
  @ConditionalOnMissingBean
  public EmailTriageSpamFilter emailTriageSpamFilter(EmailTriageSpamFilterProperties properties,
      Environment environment) {
    SpamFilterRule.Builder b = SpamFilterRule.builder();
    String spamd = nonBlank(properties.getSpamd()) ? properties.getSpamd() : environment.getProperty(SPAMD_VARIABLE);
    String spamdSource = nonBlank(properties.getSpamd()) ? "emailtriage.spamfilter.spamd" : SPAMD_VARIABLE;
    if (nonBlank(spamd)) {
      named(spamdSource, () -> b.spamd(spamd.strip()));
    }
    String rspamd = nonBlank(properties.getRspamdUrl()) ? properties.getRspamdUrl()
        : environment.getProperty(RSPAMD_VARIABLE);
    String rspamdSource = nonBlank(properties.getRspamdUrl()) ? "emailtriage.spamfilter.rspamd-url" : RSPAMD_VARIABLE;
    if (nonBlank(rspamd)) {
      named(rspamdSource, () -> b.rspamd(rspamd.strip()));
    }
    named("emailtriage.spamfilter.timeout", () -> b.timeout(properties.getTimeout()));
    if (properties.getSpamdThreshold() != null) {
      named("emailtriage.spamfilter.spamd-threshold", () -> b.spamdThreshold(properties.getSpamdThreshold()));
    }
    if (properties.getRspamdThreshold() != null) {
      named("emailtriage.spamfilter.rspamd-threshold", () -> b.rspamdThreshold(properties.getRspamdThreshold()));
    }
    try {
      return new EmailTriageSpamFilter(b.build());
    } catch (IllegalStateException e) {
      throw new IllegalStateException("emailtriage.spamfilter: " + e.getMessage(), e);
    }
  }

  private static void named(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }

  private static boolean nonBlank(String s) {
    return s != null && !s.isBlank();
  }

  /** Matches when a spamd or Rspamd address is configured (property or environment name). */
  static final class OnSpamFilterConfigured extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Environment env = context.getEnvironment();
      for (String name : new String[] {"emailtriage.spamfilter.spamd", "emailtriage.spamfilter.rspamd-url",
          SPAMD_VARIABLE, RSPAMD_VARIABLE}) {
        if (nonBlank(env.getProperty(name))) {
          return ConditionOutcome.match(name + " is set");
        }
      }
      return ConditionOutcome.noMatch("no spamd or Rspamd configured (emailtriage.spamfilter.spamd, "
          + "emailtriage.spamfilter.rspamd-url, " + SPAMD_VARIABLE + ", " + RSPAMD_VARIABLE + ")");
    }
  }
}
