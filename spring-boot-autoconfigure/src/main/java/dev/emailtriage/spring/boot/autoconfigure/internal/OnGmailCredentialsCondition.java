package dev.emailtriage.spring.boot.autoconfigure.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code emailtriage.mailbox.gmail.credentials} is set to something other than blank, so that an
 * application may map an unset environment variable onto it ({@code ${EMAILTRIAGE_GMAIL_CREDENTIALS:}}) without turning
 * the Gmail mailbox on.
 */
public final class OnGmailCredentialsCondition extends SpringBootCondition {

  /** The property. */
  public static final String PROPERTY = "emailtriage.mailbox.gmail.credentials";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return OnMailboxConfiguredCondition.isSet(context.getEnvironment(), PROPERTY)
        ? ConditionOutcome.match(PROPERTY + " is set")
        : ConditionOutcome.noMatch(PROPERTY + " is not set");
  }
}
