package dev.emailtriage.spring.boot.autoconfigure.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when a mailbox is configured and its connector is on the classpath: {@code emailtriage.mailbox.imap.url}
 * with {@code email-triage-imap}, or {@code emailtriage.mailbox.gmail.credentials} with {@code email-triage-gmail}.
 */
public final class OnMailboxConfiguredCondition extends SpringBootCondition {

  private static final String IMAP_CLASS = "dev.emailtriage.imap.ImapMailbox";
  private static final String GMAIL_CLASS = "dev.emailtriage.gmail.GmailMailbox";

  /**
   * Whether a property is set to something other than blank.
   *
   * @param environment the properties
   * @param property the property's name
   * @return true when set and not blank
   */
  public static boolean isSet(PropertyResolver environment, String property) {
    String value = environment.getProperty(property);
    return value != null && !value.isBlank();
  }

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    ClassLoader loader = context.getClassLoader();
    if (isSet(context.getEnvironment(), OnMailboxUrlCondition.PROPERTY) && ClassUtils.isPresent(IMAP_CLASS, loader)) {
      return ConditionOutcome.match(OnMailboxUrlCondition.PROPERTY + " is set and " + IMAP_CLASS + " is present");
    }
    if (isSet(context.getEnvironment(), OnGmailCredentialsCondition.PROPERTY)
        && ClassUtils.isPresent(GMAIL_CLASS, loader)) {
      return ConditionOutcome.match(OnGmailCredentialsCondition.PROPERTY + " is set and " + GMAIL_CLASS
          + " is present");
    }
    return ConditionOutcome.noMatch("no mailbox configured with its connector present");
  }
}
