package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;

/**
 * Trusts two of Gmail's labels in {@code metadata.labels}: {@code SPAM} (spam) and {@code CATEGORY_PROMOTIONS}
 * (newsletter). It abstains on {@code CATEGORY_SOCIAL}, {@code CATEGORY_UPDATES} and {@code CATEGORY_FORUMS}: Gmail
 * files a person's reply in an order or ticket thread under updates and a question on a list under forums, so those
 * labels are not sure enough to ignore anything. Immutable and thread-safe.
 */
public final class GmailCategoryRule implements Rule {

  @Override
  public String name() {
    return "gmail-category";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    boolean promotions = false;
    for (String label : email.metadata().labels()) {
      if (label.equalsIgnoreCase("SPAM")) {
        return Outcomes.ignore(EmailType.SPAM, 0.97, "Gmail label SPAM");
      }
      promotions |= label.equalsIgnoreCase("CATEGORY_PROMOTIONS");
    }
    return promotions
        ? Outcomes.ignore(EmailType.NEWSLETTER, 0.95, "Gmail label CATEGORY_PROMOTIONS")
        : RuleOutcome.abstain();
  }
}
