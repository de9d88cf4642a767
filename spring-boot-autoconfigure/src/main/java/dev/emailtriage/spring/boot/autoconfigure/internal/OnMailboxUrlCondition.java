package dev.emailtriage.spring.boot.autoconfigure.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code emailtriage.mailbox.imap.url} is set to something other than blank, so that an application
 * may map an unset environment variable onto it ({@code ${EMAILTRIAGE_IMAP_URL:}}) without turning the mailbox on.
 */
public final class OnMailboxUrlCondition extends SpringBootCondition {

  /** The property. */
  public static final String PROPERTY = "emailtriage.mailbox.imap.url";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String url = context.getEnvironment().getProperty(PROPERTY);
    return url != null && !url.isBlank()
        ? ConditionOutcome.match(PROPERTY + " is set")
        : ConditionOutcome.noMatch(PROPERTY + " is not set");
  }
}
