package dev.emailtriage.internal.rules;

import static dev.emailtriage.internal.rules.RuleAssertions.assertAbstains;
import static dev.emailtriage.internal.rules.RuleAssertions.assertIgnoredAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.EmailMetadata;
import dev.emailtriage.EmailType;
import dev.emailtriage.Priority;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GmailCategoryRuleTest {

  private final GmailCategoryRule rule = new GmailCategoryRule();

  private static Email labelled(String... labels) {
    return Mails.customer().metadata(EmailMetadata.of(Priority.NORMAL, List.of(labels))).build();
  }

  @Test
  void hasAStableName() {
    assertThat(rule.name()).isEqualTo("gmail-category");
  }

  @Test
  void ignoresMailGmailFiledAsSpam() {
    assertThat(assertIgnoredAs(rule.evaluate(labelled("SPAM")), EmailType.SPAM)).isEqualTo("Gmail label SPAM");
  }

  @Test
  void ignoresPromotionsAsNewsletter() {
    assertIgnoredAs(rule.evaluate(labelled("INBOX", "CATEGORY_PROMOTIONS")), EmailType.NEWSLETTER);
  }

  @Test
  void prefersSpamOverPromotions() {
    assertIgnoredAs(rule.evaluate(labelled("CATEGORY_PROMOTIONS", "SPAM")), EmailType.SPAM);
  }

  @ParameterizedTest
  @ValueSource(strings = {"CATEGORY_UPDATES", "CATEGORY_SOCIAL", "CATEGORY_FORUMS", "CATEGORY_PERSONAL", "INBOX",
      "IMPORTANT"})
  void doesNotIgnoreCategoriesThatMayHoldAPersonsQuestion(String label) {
    assertAbstains(rule.evaluate(labelled(label)));
  }

  @Test
  void abstainsWithoutLabels() {
    assertAbstains(rule.evaluate(Mails.customer().build()));
  }
}
