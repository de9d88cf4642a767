package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.internal.rules.Mails;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltInRulesTest {

  private static final List<String> HEADER_RULES = List.of("delivery-report", "auto-reply-headers",
      "out-of-office-subject", "gmail-category", "bulk-campaign", "no-reply-sender", "auto-reply-content",
      "system-notification", "bulk-content");

  /** What the pipeline does with the rules: the first outcome that is not ABSTAIN wins. */
  private static Optional<Decided> firstOutcome(List<Rule> rules, Email email) {
    for (Rule rule : rules) {
      RuleOutcome outcome = rule.evaluate(email);
      if (outcome.verdict() != RuleOutcome.Verdict.ABSTAIN) {
        return Optional.of(new Decided(rule.name(), outcome));
      }
    }
    return Optional.empty();
  }

  private record Decided(String rule, RuleOutcome outcome) {}

  private static List<String> names(List<Rule> rules) {
    return rules.stream().map(Rule::name).toList();
  }

  @Test
  void defaultsAreTheHeaderSubjectLabelAndContentRulesInOrder() {
    assertThat(names(BuiltInRules.defaults())).isEqualTo(HEADER_RULES);
  }

  @Test
  void builderPutsDenyAllowAndOwnAddressesFirst() {
    List<Rule> rules = BuiltInRules.builder()
        .ownAddresses(List.of("support@shop.example"))
        .allow(List.of("bigclient.example"))
        .deny(List.of("@ads.example"))
        .build();
    assertThat(names(rules)).startsWith("deny-list", "allow-list", "own-address")
        .endsWith(HEADER_RULES.toArray(String[]::new)).hasSize(12);
  }

  @Test
  void buildsAnImmutableList() {
    List<Rule> rules = BuiltInRules.defaults();
    assertThatThrownBy(() -> rules.add(rules.get(0))).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anAllowedSenderReachesTheModelEvenWhenItsMailLooksAutomatic() {
    List<Rule> rules = BuiltInRules.builder().allow(List.of("bigclient.example")).build();
    Email email = Mails.customer().from("Ops <no-reply@bigclient.example>")
        .header("Auto-Submitted", "auto-generated").build();
    assertThat(firstOutcome(rules, email)).get()
        .extracting(d -> d.outcome().verdict()).isEqualTo(RuleOutcome.Verdict.CONSULT_MODEL);
  }

  @Test
  void aDeniedSenderIsIgnoredEvenWhenAlsoAllowed() {
    List<Rule> rules = BuiltInRules.builder()
        .allow(List.of("example.com"))
        .deny(List.of("Maria Souza <maria@example.com>"))
        .build();
    Decided decided = firstOutcome(rules, Mails.customer().build()).orElseThrow();
    assertThat(decided.rule()).isEqualTo("deny-list");
    assertThat(decided.outcome().action()).isEqualTo(Action.IGNORE);
    assertThat(decided.outcome().reason()).contains("deny list");
  }

  @Test
  void aBounceWithAutoSubmittedIsANotificationNotAnAutoReply() {
    Email email = Mails.customer().from("MAILER-DAEMON@mx.example").subject("Undelivered Mail Returned to Sender")
        .header("Return-Path", "<>").header("Auto-Submitted", "auto-replied")
        .header("Content-Type", "multipart/report; report-type=delivery-status; boundary=b").build();
    Decided decided = firstOutcome(BuiltInRules.defaults(), email).orElseThrow();
    assertThat(decided.rule()).isEqualTo("delivery-report");
    assertThat(decided.outcome().emailType()).isEqualTo(EmailType.NOTIFICATION);
  }

  static Stream<Arguments> peopleWhoExpectAnAnswer() {
    return Stream.of(
        Arguments.of("a customer whose subject contains automatic",
            Mails.customer().subject("My automatic payment failed").header("Content-Type", "text/plain").build()),
        Arguments.of("a person asking for help on a mailing list", Mails.mailmanListQuestion().build()),
        Arguments.of("a customer writing to a support address run as a group list",
            Mails.groupListSupportQuestion().build()),
        Arguments.of("a person whose client writes Auto-Submitted: no",
            Mails.customer().header("Auto-Submitted", "no").build()),
        Arguments.of("an Outlook user (X-Auto-Response-Suppress on ordinary mail)",
            Mails.customer().header("X-Auto-Response-Suppress", "All").build()),
        Arguments.of("a contact form relaying a customer from a no-reply address",
            Mails.customer().from("no-reply@shop.example").header("Reply-To", "maria@example.com").build()),
        Arguments.of("a person back from the office asking for the invoice",
            Mails.customer().subject("Out of office last week - invoice")
                .body("Hi, I was out of office last week, can you resend the invoice?").build()),
        Arguments.of("a customer whose order has not shipped",
            Mails.customer().subject("Your order #123 has shipped? Not here")
                .body("The tracking says it has shipped but nothing came. Can you check?").build()),
        Arguments.of("a person's question on a Google Group, footer and all",
            Mails.customer().subject("Newsletter template question").header("Precedence", "list")
                .header("List-Unsubscribe", "<mailto:googlegroups-manage+123456789+unsubscribe@googlegroups.com>")
                .header("List-Post", "<mailto:designers@googlegroups.com>")
                .header("Mailing-list", "list designers@googlegroups.com; contact designers+owners@googlegroups.com")
                .body("How do you make the header image scale on phones?\n\n--\nYou received this message because"
                    + " you are subscribed to the Google Groups \"designers\" group.\nTo unsubscribe from this group"
                    + " and stop receiving emails from it, send an email to designers+unsubscribe@googlegroups.com.")
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("peopleWhoExpectAnAnswer")
  void noBuiltInRuleIgnoresAPersonWhoExpectsAnAnswer(String description, Email email) {
    List<Rule> rules = BuiltInRules.builder().ownAddresses(List.of("support@shop.example")).build();
    assertThat(firstOutcome(rules, email)).as(description).isEmpty();
  }

  @Test
  void rejectsNullOwnAddresses() {
    assertThatIllegalArgumentException().isThrownBy(() -> BuiltInRules.builder().ownAddresses(null))
        .withMessageContaining("ownAddresses");
  }

  @Test
  void rejectsABlankOwnAddress() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BuiltInRules.builder().ownAddresses(List.of("support@shop.example", " ")))
        .withMessageContaining("ownAddresses");
  }

  @Test
  void rejectsNullAllowList() {
    assertThatIllegalArgumentException().isThrownBy(() -> BuiltInRules.builder().allow(null))
        .withMessageContaining("allow");
  }

  @Test
  void rejectsANullAllowEntry() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BuiltInRules.builder().allow(Arrays.asList("bigclient.example", null)))
        .withMessageContaining("allow");
  }

  @Test
  void rejectsNullDenyList() {
    assertThatIllegalArgumentException().isThrownBy(() -> BuiltInRules.builder().deny(null))
        .withMessageContaining("deny");
  }

  @Test
  void rejectsABlankDenyEntry() {
    assertThatIllegalArgumentException().isThrownBy(() -> BuiltInRules.builder().deny(List.of("")))
        .withMessageContaining("deny");
  }

  @Test
  void rejectsADenyEntryThatIsNeitherAnAddressNorADomain() {
    assertThatIllegalArgumentException().isThrownBy(() -> BuiltInRules.builder().deny(List.of("spam example")))
        .withMessageContaining("deny").withMessageContaining("spam example");
  }

  @Test
  void rejectsOwnAddressesSetTwice() {
    BuiltInRules.Builder builder = BuiltInRules.builder().ownAddresses(List.of("support@shop.example"));
    assertThatIllegalStateException().isThrownBy(() -> builder.ownAddresses(List.of("sales@shop.example")))
        .withMessageContaining("ownAddresses");
  }

  @Test
  void rejectsAllowSetTwice() {
    BuiltInRules.Builder builder = BuiltInRules.builder().allow(List.of("a.example"));
    assertThatIllegalStateException().isThrownBy(() -> builder.allow(List.of("b.example")))
        .withMessageContaining("allow");
  }

  @Test
  void rejectsDenySetTwice() {
    BuiltInRules.Builder builder = BuiltInRules.builder().deny(List.of("a.example"));
    assertThatIllegalStateException().isThrownBy(() -> builder.deny(List.of("b.example")))
        .withMessageContaining("deny");
  }

  @Test
  void spamVerdictRulesAreAbsentUnlessAReceiverIsTrusted() {
    assertThat(names(BuiltInRules.defaults())).doesNotContain("spamassassin-headers", "rspamd-headers",
        "dmarc-policy", "microsoft365-headers");
  }

  @Test
  void trustedReceiversAddTheVerdictRulesAfterTheGmailLabelsAndBeforeBulk() {
    List<String> names = names(BuiltInRules.builder().trustSpamHeadersFrom(List.of("mx.shop.example"))
        .trustMicrosoft365Verdicts(true).build());
    int gmail = names.indexOf("gmail-category");
    assertThat(names.subList(gmail + 1, gmail + 6)).containsExactly("spamassassin-headers", "rspamd-headers",
        "dmarc-policy", "microsoft365-headers", "bulk-campaign");
  }

  @Test
  void microsoft365VerdictsTrustedFalseAddsNoRule() {
    assertThat(names(BuiltInRules.builder().trustMicrosoft365Verdicts(false).build()))
        .doesNotContain("microsoft365-headers");
  }

  @Test
  void anAllowedSenderWinsOverASpamVerdict() {
    List<Rule> rules = BuiltInRules.builder().allow(List.of("example.com"))
        .trustSpamHeadersFrom(List.of("mx.shop.example")).build();
    Email email = Mails.customer()
        .header("X-Spam-Checker-Version", "SpamAssassin 4.0.1 (2022-12-20) on mx.shop.example")
        .header("X-Spam-Flag", "YES").build();
    assertThat(firstOutcome(rules, email)).get()
        .extracting(d -> d.outcome().verdict()).isEqualTo(RuleOutcome.Verdict.CONSULT_MODEL);
  }

  @Test
  void theSpamFilterRunsLastAfterTheContentRules() {
    Rule filter = new Rule() {
      @Override
      public String name() {
        return "my-filter";
      }

      @Override
      public RuleOutcome evaluate(Email email) {
        return RuleOutcome.ignore(EmailType.SPAM, "filter");
      }
    };
    List<String> names = names(BuiltInRules.builder().spamFilter(filter).allow(List.of("example.com")).build());
    assertThat(names).startsWith("allow-list").endsWith("bulk-content", "my-filter");
  }

  @Test
  void contentRulesCanBeTurnedOff() {
    assertThat(names(BuiltInRules.builder().contentRules(false).build()))
        .doesNotContain("auto-reply-content", "system-notification", "bulk-content").hasSize(6);
  }

  @Test
  void rejectsANullSpamFilter() {
    assertThatIllegalArgumentException().isThrownBy(() -> BuiltInRules.builder().spamFilter(null))
        .withMessageContaining("spamFilter");
  }

  @Test
  void rejectsSpamFilterSetTwice() {
    Rule filter = BuiltInRules.defaults().get(0);
    BuiltInRules.Builder builder = BuiltInRules.builder().spamFilter(filter);
    assertThatIllegalStateException().isThrownBy(() -> builder.spamFilter(filter))
        .withMessageContaining("spamFilter");
  }

  @Test
  void rejectsContentRulesSetTwice() {
    BuiltInRules.Builder builder = BuiltInRules.builder().contentRules(true);
    assertThatIllegalStateException().isThrownBy(() -> builder.contentRules(false))
        .withMessageContaining("contentRules");
  }

  @Test
  void rejectsNullTrustedReceivers() {
    assertThatIllegalArgumentException().isThrownBy(() -> BuiltInRules.builder().trustSpamHeadersFrom(null))
        .withMessageContaining("trustSpamHeadersFrom");
  }

  @Test
  void rejectsNoTrustedReceivers() {
    assertThatIllegalArgumentException().isThrownBy(() -> BuiltInRules.builder().trustSpamHeadersFrom(List.of()))
        .withMessageContaining("trustSpamHeadersFrom");
  }

  @Test
  void rejectsABlankTrustedReceiver() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BuiltInRules.builder().trustSpamHeadersFrom(List.of("mx.shop.example", " ")))
        .withMessageContaining("trustSpamHeadersFrom");
  }

  @Test
  void rejectsATrustedReceiverThatIsNotAHostName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BuiltInRules.builder().trustSpamHeadersFrom(List.of("mx.shop.example; dmarc=pass")))
        .withMessageContaining("trustSpamHeadersFrom").withMessageContaining("not a host name");
  }

  @Test
  void rejectsTrustedReceiversSetTwice() {
    BuiltInRules.Builder builder = BuiltInRules.builder().trustSpamHeadersFrom(List.of("mx.shop.example"));
    assertThatIllegalStateException().isThrownBy(() -> builder.trustSpamHeadersFrom(List.of("mx2.shop.example")))
        .withMessageContaining("trustSpamHeadersFrom");
  }

  @Test
  void rejectsMicrosoft365TrustSetTwice() {
    BuiltInRules.Builder builder = BuiltInRules.builder().trustMicrosoft365Verdicts(false);
    assertThatIllegalStateException().isThrownBy(() -> builder.trustMicrosoft365Verdicts(true))
        .withMessageContaining("trustMicrosoft365Verdicts");
  }

  @Test
  void javadocExampleCompilesAndBuildsFifteenRules() {
    List<Rule> rules = BuiltInRules.builder()
        .ownAddresses(List.of("support@biofraga.com"))
        .allow(List.of("bigclient.com"))
        .deny(List.of("Spammer <offers@spam.example>", "@ads.example"))
        .trustSpamHeadersFrom(List.of("mx.biofraga.com"))
        .build();
    assertThat(rules).hasSize(15);
  }
}
