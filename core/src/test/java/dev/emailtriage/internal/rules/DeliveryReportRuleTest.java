package dev.emailtriage.internal.rules;

import static dev.emailtriage.internal.rules.RuleAssertions.assertAbstains;
import static dev.emailtriage.internal.rules.RuleAssertions.assertIgnoredAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import org.junit.jupiter.api.Test;

class DeliveryReportRuleTest {

  private final DeliveryReportRule rule = new DeliveryReportRule();

  @Test
  void hasAStableName() {
    assertThat(rule.name()).isEqualTo("delivery-report");
  }

  @Test
  void ignoresADeliveryStatusReport() {
    Email email = Mails.customer()
        .from("Mail Delivery Subsystem <bounces@mx.example>")
        .subject("Delivery Status Notification (Failure)")
        .header("Content-Type", "multipart/report; report-type=delivery-status; boundary=\"b1\"")
        .build();
    assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.NOTIFICATION))
        .contains("multipart/report").contains("delivery-status");
  }

  @Test
  void ignoresAReadReceipt() {
    Email email = Mails.customer()
        .subject("Lida: Dúvida sobre o pedido 123")
        .header("Content-Type", "multipart/report; report-type=disposition-notification; boundary=x")
        .build();
    assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.NOTIFICATION)).contains("disposition-notification");
  }

  @Test
  void ignoresMailFromMailerDaemon() {
    Email email = Mails.customer()
        .from("MAILER-DAEMON@mx.example")
        .subject("failure notice")
        .header("Content-Type", "text/plain")
        .build();
    assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.NOTIFICATION)).contains("MAILER-DAEMON");
  }

  @Test
  void ignoresPostmasterMailWithANullSender() {
    Email email = Mails.customer()
        .from("postmaster@mx.example")
        .subject("email bounce notification")
        .header("Return-Path", "<>")
        .build();
    assertIgnoredAs(rule.evaluate(email), EmailType.NOTIFICATION);
  }

  @Test
  void doesNotIgnoreAPostmasterWhoWritesAsAPerson() {
    Email email = Mails.customer()
        .from("Postmaster <postmaster@client.example>")
        .subject("Your server is on our block list, can you check your SPF record?")
        .header("Return-Path", "<postmaster@client.example>")
        .header("Content-Type", "text/plain; charset=utf-8")
        .build();
    assertAbstains(rule.evaluate(email));
  }

  @Test
  void ignoresANullSenderMessageWithABounceSubject() {
    Email email = Mails.customer()
        .from("Mail Delivery System <mailer@mx.example>")
        .subject("Undelivered Mail Returned to Sender")
        .header("Return-Path", "<>")
        .build();
    assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.NOTIFICATION)).contains("null sender");
  }

  @Test
  void ignoresANullSenderMessageWithAnEximBounceHeader() {
    Email email = Mails.customer()
        .from("Mail System <system@mx.example>")
        .subject("Your message")
        .header("Return-Path", "<>")
        .header("X-Failed-Recipients", "someone@example.com")
        .build();
    assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.NOTIFICATION)).contains("X-Failed-Recipients");
  }

  @Test
  void doesNotIgnoreAPersonForwardingABounce() {
    Email email = Mails.customer()
        .subject("Fwd: Returned mail: see transcript for details")
        .body("My order confirmation bounced, can you resend it?")
        .header("Content-Type", "text/plain; charset=ISO-2022-JP")
        .build();
    assertAbstains(rule.evaluate(email));
  }

  @Test
  void doesNotTreatANullSenderAloneAsABounce() {
    Email email = Mails.customer().subject("Re: your question").header("Return-Path", "<>").build();
    assertAbstains(rule.evaluate(email));
  }

  @Test
  void abstainsOnMailWithoutRawHeaders() {
    assertAbstains(rule.evaluate(Mails.customer().subject("Undeliverable: order 123").build()));
  }
}
