package dev.emailtriage.internal.rules;

import static dev.emailtriage.internal.rules.RuleAssertions.assertAbstains;
import static dev.emailtriage.internal.rules.RuleAssertions.assertIgnoredAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.EmailType;
import dev.emailtriage.spi.RuleOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three rules over a {@link SenderList}: deny, allow, own addresses. */
class SenderListRulesTest {

  private static final SenderList SHOP = SenderList.of("test", List.of("support@shop.example", "ads.example"));

  @Test
  void namesAreStable() {
    assertThat(new DenyListRule(SHOP).name()).isEqualTo("deny-list");
    assertThat(new AllowListRule(SHOP).name()).isEqualTo("allow-list");
    assertThat(new OwnAddressRule(SHOP).name()).isEqualTo("own-address");
  }

  @Test
  void ignoresADeniedDomainSayingDenyList() {
    RuleOutcome outcome = new DenyListRule(SHOP).evaluate(Mails.customer().from("Ads <promo@ads.example>").build());
    assertThat(assertIgnoredAs(outcome, EmailType.OTHER)).contains("deny list").contains("ads.example");
  }

  @Test
  void doesNotDenyOtherSenders() {
    assertAbstains(new DenyListRule(SHOP).evaluate(Mails.customer().build()));
  }

  @Test
  void sendsAnAllowedSenderToTheModel() {
    RuleOutcome outcome = new AllowListRule(SHOP).evaluate(Mails.customer().from("SUPPORT@Shop.example").build());
    assertThat(outcome.verdict()).isEqualTo(RuleOutcome.Verdict.CONSULT_MODEL);
    assertThat(outcome.reason()).contains("allow list");
  }

  @Test
  void doesNotAllowOtherSenders() {
    assertAbstains(new AllowListRule(SHOP).evaluate(Mails.customer().build()));
  }

  @Test
  void ignoresMailFromOurOwnAddressAsALoop() {
    RuleOutcome outcome = new OwnAddressRule(SHOP)
        .evaluate(Mails.customer().from("Shop Support <support@shop.example>").subject("Re: pedido 123").build());
    assertThat(assertIgnoredAs(outcome, EmailType.OTHER)).contains("own address");
  }

  @Test
  void doesNotIgnoreACustomerMailThatOurGroupListStampsWithOurAddress() {
    assertAbstains(new OwnAddressRule(SHOP).evaluate(Mails.groupListSupportQuestion().build()));
  }
}
