package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.spi.Rule;
import java.util.Objects;

/**
 * The spam-filter rule (a {@code SpamFilterRule} of {@code email-triage-spamfilter}, or any {@link Rule}) that the
 * auto-configured {@link dev.emailtriage.EmailTriage} runs <em>after</em> its built-in rules. It is a holder rather
 * than a {@link Rule} bean because {@code Rule} beans run before the built-in rules, and a network check must come
 * after the deny and allow lists and the cheap header rules. Declare your own bean of this type to replace the one
 * built from {@code emailtriage.spamfilter.*}. Immutable and thread-safe.
 *
 * @param rule the rule that asks the spam filter
 */
public record EmailTriageSpamFilter(Rule rule) {

  /** Checks the rule. */
  public EmailTriageSpamFilter {
    Objects.requireNonNull(rule, "rule");
  }
}
