package dev.emailtriage.internal.rules;

import static dev.emailtriage.internal.rules.RuleAssertions.assertAbstains;
import static dev.emailtriage.internal.rules.RuleAssertions.assertIgnoredAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.EmailType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoReplySenderRuleTest {

  private final NoReplySenderRule rule = new NoReplySenderRule();

  @Test
  void hasAStableName() {
    assertThat(rule.name()).isEqualTo("no-reply-sender");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "no-reply@shop.example",
      "noreply@shop.example",
      "Shop <NoReply@shop.example>",
      "do-not-reply@bank.example",
      "donotreply@bank.example",
      "naoresponda@loja.example",
      "Loja <nao-responda@loja.example>",
      "dmarc-noreply@example.com",
      "noreply+alerts@shop.example",
      "bugzilla-daemon@bugs.example"})
  void ignoresMailFromASystemSender(String from) {
    assertIgnoredAs(rule.evaluate(Mails.customer().from(from).build()), EmailType.NOTIFICATION);
  }

  @ParameterizedTest
  @ValueSource(strings = {"maria@example.com", "reply@shop.example", "noreplyguy@example.com",
      "daemonologist@example.com", "Noreen Reply <noreen@example.com>"})
  void doesNotIgnoreOrdinarySenders(String from) {
    assertAbstains(rule.evaluate(Mails.customer().from(from).build()));
  }

  @Test
  void doesNotIgnoreAContactFormThatRelaysACustomerInReplyTo() {
    assertAbstains(rule.evaluate(Mails.customer()
        .from("Site <no-reply@shop.example>")
        .subject("Contact form: question about my order")
        .header("Reply-To", "Maria Souza <maria@example.com>")
        .build()));
  }

  @Test
  void ignoresANoReplySenderWhoseReplyToIsItsOwnCompany() {
    assertIgnoredAs(rule.evaluate(Mails.customer()
        .from("Bank <no-reply@alerts.bank.example>")
        .header("Reply-To", "help@bank.example")
        .build()), EmailType.NOTIFICATION);
  }
}
