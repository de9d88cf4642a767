package dev.emailtriage.internal.rules;

import static dev.emailtriage.internal.rules.RuleAssertions.assertAbstains;
import static dev.emailtriage.internal.rules.RuleAssertions.assertIgnoredAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules that honour spam verdicts a receiving server stamped, and the near misses they must let through. */
class SpamVerdictRulesTest {

  private static final TrustedReceivers OURS = TrustedReceivers.of("test", List.of("mx.shop.example"));
  private static final String OUR_SA = "SpamAssassin 4.0.1 (2022-12-20) on mx.shop.example";

  @Nested
  class SpamAssassin {
    private final SpamAssassinHeadersRule rule = new SpamAssassinHeadersRule(OURS);

    @Test
    void hasAStableName() {
      assertThat(rule.name()).isEqualTo("spamassassin-headers");
    }

    @Test
    void ignoresMailOurSpamAssassinFlagged() {
      Email email = Mails.customer().header("X-Spam-Checker-Version", OUR_SA).header("X-Spam-Flag", "YES")
          .header("X-Spam-Status", "Yes, score=14.2 required=5.0 tests=HTML_MESSAGE,MIME_HTML_ONLY autolearn=no")
          .build();
      assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.SPAM))
          .contains("mx.shop.example").contains("14.2");
    }

    @Test
    void readsTheStatusAloneWhenThereIsNoFlag() {
      Email email = Mails.customer().header("X-Spam-Checker-Version", OUR_SA)
          .header("X-Spam-Status", "Yes, hits=7.1 required=5.0").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.SPAM);
    }

    @Test
    void trustsTheHostWithoutRegardToCase() {
      Email email = Mails.customer()
          .header("X-Spam-Checker-Version", "SpamAssassin 3.4.6 (2021-04-09) on MX.Shop.Example")
          .header("X-Spam-Flag", "YES").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.SPAM);
    }

    @Test
    void abstainsOnStatusNo() {
      Email email = Mails.customer().header("X-Spam-Checker-Version", OUR_SA)
          .header("X-Spam-Status", "No, score=-0.1 required=5.0 tests=NONE").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsWhenFlagAndStatusDisagree() {
      Email email = Mails.customer().header("X-Spam-Checker-Version", OUR_SA).header("X-Spam-Flag", "YES")
          .header("X-Spam-Status", "No, score=1.0 required=5.0").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAnotherOrganisationsSpamAssassin() {
      Email email = Mails.customer()
          .header("X-Spam-Checker-Version", "SpamAssassin 4.0.1 (2022-12-20) on outbound.sender.example")
          .header("X-Spam-Flag", "YES").header("X-Spam-Status", "Yes, score=5.3 required=5.0").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAFlagWithoutCheckerVersion() {
      // what a person's client or a forger can write: no stamper named, nothing to trust
      Email email = Mails.customer().header("X-Spam-Flag", "YES").header("X-Spam-Status", "Yes, score=99").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAPersonQuotingSpamHeadersInTheBody() {
      Email email = Mails.customer().header("X-Spam-Checker-Version", OUR_SA)
          .header("X-Spam-Status", "No, score=0.3 required=5.0")
          .body("My mail to you came back with\nX-Spam-Flag: YES\nX-Spam-Status: Yes, score=6.1\nWhy is that?")
          .build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void doesNotTrustASubdomainOfATrustedHost() {
      Email email = Mails.customer()
          .header("X-Spam-Checker-Version", "SpamAssassin 4.0.1 (2022-12-20) on relay.mx.shop.example")
          .header("X-Spam-Flag", "YES").build();
      assertAbstains(rule.evaluate(email));
    }
  }

  @Nested
  class Rspamd {
    private final RspamdHeadersRule rule = new RspamdHeadersRule(OURS);

    @Test
    void hasAStableName() {
      assertThat(rule.name()).isEqualTo("rspamd-headers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reject", "add header", "rewrite subject", "Add Header"})
    void ignoresMailOurRspamdActedOn(String action) {
      Email email = Mails.customer().header("X-Rspamd-Server", "mx.shop.example")
          .header("X-Rspamd-Action", action).header("X-Spamd-Result", "default: True [16.20 / 15.00];").build();
      assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.SPAM)).contains("16.20 / 15.00");
    }

    @Test
    void readsXSpamActionToo() {
      Email email = Mails.customer().header("X-Rspamd-Server", "mx.shop.example")
          .header("X-Spam-Action", "add header").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.SPAM);
    }

    @Test
    void readsTheResultWhenThereIsNoAction() {
      Email email = Mails.customer().header("X-Rspamd-Server", "mx.shop.example")
          .header("X-Spamd-Result", "default: True [9.10 / 6.00]; R_SPF_FAIL(1.00)").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.SPAM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"no action", "greylist", "soft reject"})
    void abstainsOnActionsThatAreNoSpamVerdict(String action) {
      Email email = Mails.customer().header("X-Rspamd-Server", "mx.shop.example")
          .header("X-Rspamd-Action", action).header("X-Spamd-Result", "default: False [1.20 / 15.00]").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAnotherOrganisationsRspamd() {
      Email email = Mails.customer().header("X-Rspamd-Server", "rspamd.sender.example")
          .header("X-Rspamd-Action", "reject").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsWithoutRspamdServer() {
      Email email = Mails.customer().header("X-Spam-Action", "reject").header("X-Spam", "Yes").build();
      assertAbstains(rule.evaluate(email));
    }
  }

  @Nested
  class Microsoft365 {
    private final Microsoft365HeadersRule rule = new Microsoft365HeadersRule();

    @Test
    void hasAStableName() {
      assertThat(rule.name()).isEqualTo("microsoft365-headers");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "6", "9"})
    void ignoresAnOrganisationSclOfFiveOrMore(String scl) {
      Email email = Mails.customer().header("X-MS-Exchange-Organization-SCL", scl).build();
      assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.SPAM)).contains("SCL " + scl);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "1", "4", "ten", "12"})
    void abstainsOnALowOrMalformedScl(String scl) {
      assertAbstains(rule.evaluate(Mails.customer().header("X-MS-Exchange-Organization-SCL", scl).build()));
    }

    @Test
    void ignoresAForefrontSpamVerdict() {
      Email email = Mails.customer().header("X-Forefront-Antispam-Report",
          "CIP:203.0.113.9;CTRY:;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:mail.example;PTR:;CAT:SPM;SFS:(13230031);DIR:INB;")
          .build();
      assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.SPAM)).contains("SFV:SPM");
    }

    @Test
    void ignoresAForefrontSclOfFiveOrMore() {
      Email email = Mails.customer().header("X-Forefront-Antispam-Report", "CIP:203.0.113.9;SCL:6;DIR:INB;").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.SPAM);
    }

    @Test
    void abstainsOnNotSpam() {
      Email email = Mails.customer().header("X-MS-Exchange-Organization-SCL", "1")
          .header("X-Forefront-Antispam-Report", "CIP:198.51.100.7;SCL:1;SFV:NSPM;DIR:INB;").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsWhenAnAllowListOverrodeTheFilter() {
      Email email = Mails.customer().header("X-MS-Exchange-Organization-SCL", "6")
          .header("X-Forefront-Antispam-Report", "CIP:198.51.100.7;SCL:-1;SFV:SKN;DIR:INB;").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void neverReadsTheSendingTenantsUntrustedReport() {
      Email email = Mails.customer()
          .header("X-Forefront-Antispam-Report-Untrusted", "CIP:198.51.100.7;SCL:9;SFV:SPM;DIR:OUT;").build();
      assertAbstains(rule.evaluate(email));
    }
  }

  @Nested
  class Dmarc {
    private final DmarcPolicyRule rule = new DmarcPolicyRule(OURS);

    private Email withResult(String result) {
      return Mails.customer().header("Authentication-Results", result).build();
    }

    @Test
    void hasAStableName() {
      assertThat(rule.name()).isEqualTo("dmarc-policy");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mx.shop.example; dkim=none; spf=fail smtp.mailfrom=bank.example; dmarc=fail (p=REJECT sp=REJECT dis=REJECT)"
            + " header.from=bank.example",
        "mx.shop.example; spf=softfail smtp.mailfrom=bank.example; dmarc=fail (p=quarantine dis=quarantine)"
            + " header.from=bank.example",
        "mx.shop.example 1; spf=fail; dkim=none; dmarc=fail action=oreject header.from=bank.example",
        "mx.shop.example; dmarc=fail policy.dmarc=reject header.from=bank.example",
        "MX.SHOP.EXAMPLE; dmarc=fail (p=reject) header.from=bank.example"})
    void ignoresAFailedDmarcUnderAnEnforcedPolicy(String result) {
      assertThat(assertIgnoredAs(rule.evaluate(withResult(result)), EmailType.SPAM)).contains("DMARC");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mx.shop.example; dkim=pass header.d=example.com; spf=pass; dmarc=pass (p=REJECT) header.from=example.com",
        "mx.shop.example; spf=pass; dmarc=none header.from=example.com",
        "mx.shop.example; dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=example.com",
        "mx.shop.example; dmarc=fail (p=REJECT sp=REJECT dis=NONE) header.from=example.com",
        "mx.shop.example; dmarc=fail action=none header.from=example.com",
        "mx.shop.example; dmarc=temperror header.from=example.com",
        "mx.shop.example; arc=pass (i=1 spf=pass); dmarc=fail (p=REJECT) header.from=example.com",
        "mx.sender.example; dmarc=fail (p=REJECT sp=REJECT dis=REJECT) header.from=example.com",
        "shop.example; dmarc=fail (p=REJECT dis=REJECT) header.from=example.com"})
    void abstainsOnPassNoneNoPolicyOverriddenOrUntrusted(String result) {
      assertAbstains(rule.evaluate(withResult(result)));
    }

    @Test
    void abstainsOnAPersonsListPostThatFailedDmarcBecauseTheListChangedIt() {
      Email email = Mails.mailmanListQuestion().header("Authentication-Results",
          "mx.shop.example; dkim=fail; spf=fail; dmarc=fail (p=REJECT sp=REJECT dis=REJECT) header.from=yahoo.example")
          .build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnResentMail() {
      Email email = Mails.customer().header("Resent-From", "ana@forwarder.example").header("Authentication-Results",
          "mx.shop.example; dmarc=fail (p=REJECT dis=REJECT) header.from=example.com").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void readsOnlyTheTrustedResultAmongSeveral() {
      Email email = Mails.customer()
          .header("Authentication-Results", "mx.shop.example; spf=pass; dkim=pass; dmarc=pass header.from=example.com")
          .header("Authentication-Results", "mx.sender.example; dmarc=fail (p=REJECT dis=REJECT) header.from=x.example")
          .build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void readsTheAuthservIdBeforeAVersion() {
      assertThat(DmarcPolicyRule.authservId("mx.shop.example 1; dmarc=pass")).isEqualTo("mx.shop.example");
      assertThat(DmarcPolicyRule.authservId("  mx.shop.example;dmarc=pass")).isEqualTo("mx.shop.example");
    }
  }

  @Test
  void trustedReceiversIgnoreBracketsAndATrailingDot() {
    assertThat(OURS.trusts("[mx.shop.example]")).isTrue();
    assertThat(OURS.trusts("mx.shop.example.")).isTrue();
    assertThat(OURS.trusts("mx2.shop.example")).isFalse();
    assertThat(OURS.trusts(null)).isFalse();
  }
}
