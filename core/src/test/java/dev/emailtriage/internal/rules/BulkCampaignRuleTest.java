package dev.emailtriage.internal.rules;

import static dev.emailtriage.internal.rules.RuleAssertions.assertAbstains;
import static dev.emailtriage.internal.rules.RuleAssertions.assertIgnoredAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BulkCampaignRuleTest {

  private final BulkCampaignRule rule = new BulkCampaignRule();

  private static Email.Builder newsletter() {
    return Mails.customer()
        .from("Shop News <news@mail.shop.example>")
        .subject("Black Friday: 50% off everything")
        .header("List-Unsubscribe", "<https://mail.shop.example/u/abc>, <mailto:unsub-abc@mail.shop.example>");
  }

  @Test
  void hasAStableName() {
    assertThat(rule.name()).isEqualTo("bulk-campaign");
  }

  @Test
  void ignoresOneClickUnsubscribeCampaign() {
    String reason = assertIgnoredAs(
        rule.evaluate(newsletter().header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click").build()),
        EmailType.NEWSLETTER);
    assertThat(reason).contains("List-Unsubscribe-Post");
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-SG-EID", "X-Mailgun-Sid", "X-SES-Outgoing", "X-Campaign", "X-MC-User", "Feedback-ID",
      "X-Mailjet-Campaign", "X-CSA-Complaints"})
  void ignoresBulkMailFromASendingService(String header) {
    String reason = assertIgnoredAs(rule.evaluate(newsletter().header(header, "v1").build()), EmailType.NEWSLETTER);
    assertThat(reason).containsIgnoringCase(header);
  }

  @Test
  void ignoresPrecedenceBulkFromASendingServiceWithoutListUnsubscribe() {
    Email email = Mails.customer().header("Precedence", "bulk").header("X-SG-EID", "abc").build();
    assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER);
  }

  @Test
  void ignoresAnAnnouncementOnlyList() {
    Email email = newsletter().header("List-Post", "NO (posting not allowed on this list)").build();
    assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER)).contains("List-Post: NO");
  }

  @Test
  void ignoresMailSentWithBulkMailSoftware() {
    Email email = newsletter().header("X-Mailer", "Lyris Web Interface").build();
    assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER)).contains("Lyris");
  }

  @Test
  void doesNotIgnoreListUnsubscribeAlone() {
    assertAbstains(rule.evaluate(newsletter().build()));
  }

  @Test
  void doesNotIgnorePrecedenceBulkAlone() {
    assertAbstains(rule.evaluate(Mails.customer().header("Precedence", "bulk").build()));
  }

  @Test
  void doesNotIgnoreTransactionalMailFromASendingServiceWithoutABulkMarker() {
    assertAbstains(rule.evaluate(Mails.customer().header("X-SES-Outgoing", "2025.01.15-1.2.3.4").build()));
  }

  @Test
  void doesNotIgnoreAPersonAskingForHelpOnAMailmanList() {
    assertAbstains(rule.evaluate(Mails.mailmanListQuestion().build()));
  }

  @Test
  void doesNotIgnoreAMailmanListPostEvenWithACampaignSignal() {
    Email email = Mails.mailmanListQuestion()
        .header("Feedback-ID", "1:users:example")
        .header("X-Mailer", "PSS Bulk Mailer")
        .build();
    assertAbstains(rule.evaluate(email));
  }

  @Test
  void doesNotIgnoreACustomerMailStampedBySupportAddressRunAsAGroupList() {
    assertAbstains(rule.evaluate(Mails.groupListSupportQuestion().build()));
  }

  @Test
  void doesNotIgnoreListIdWithPrecedenceListAlone() {
    Email email = Mails.customer()
        .header("List-Id", "<support.shop.example>")
        .header("Precedence", "list")
        .header("Feedback-ID", "1:support:example")
        .build();
    assertAbstains(rule.evaluate(email));
  }
}
