package dev.emailtriage.internal.rules;

import static dev.emailtriage.internal.rules.RuleAssertions.assertAbstains;
import static dev.emailtriage.internal.rules.RuleAssertions.assertIgnoredAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The content rules: what they catch (synthetic messages written for these tests, in the languages of our users) and
 * the near misses where a person writes the same words.
 */
class ContentRulesTest {

  @Nested
  class AutoReplyContent {
    private final AutoReplyContentRule rule = new AutoReplyContentRule();

    @Test
    void hasAStableName() {
      assertThat(rule.name()).isEqualTo("auto-reply-content");
    }

    /** The opening as it was read before the scan that stops early: every line split, stripped, joined. */
    private String openingOfEveryLine(String body) {
      StringBuilder sb = new StringBuilder();
      for (String line : body.split("\r?\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith(">")) {
          continue;
        }
        sb.append(l).append(' ');
        if (sb.length() >= 400) {
          break;
        }
      }
      return sb.length() > 400 ? sb.substring(0, 400) : sb.toString();
    }

    @Test
    void readsTheSameOpeningAsSplittingEveryLine() {
      String[] pieces = {"Olá, ", "I am out of the office", "\n", "\r\n", "\r", "\n\n", "> quoted", "  ", "\t",
          "\u2003", "\u00a0", "fim.", "x".repeat(150)};
      java.util.SplittableRandom r = new java.util.SplittableRandom(3);
      for (int n = 0; n < 20_000; n++) {
        StringBuilder body = new StringBuilder();
        for (int i = r.nextInt(40); i > 0; i--) {
          body.append(pieces[r.nextInt(pieces.length)]);
        }
        assertThat(AutoReplyContentRule.opening(body.toString())).isEqualTo(openingOfEveryLine(body.toString()));
      }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "en | Out of Office - Re: Quote request | Thank you for your email. I am currently out of the office with"
            + " limited access to email and will return on 12 May. For urgent matters contact sales@shop.example.",
        "en, away | Away until Monday | I am away on annual leave until Monday 3 March. Your message will not be"
            + " forwarded.",
        "en, automatic | Automatic response | This is an automatic reply. We received your message and will answer"
            + " within two business days.",
        "pt-BR | Ausência temporária | Olá! Estou de férias até 20/01 e sem acesso ao e-mail. Em caso de urgência,"
            + " fale com a Ana.",
        "pt-BR, resposta | Resposta automática - Pedido 123 | Esta é uma resposta automática. Estarei ausente até"
            + " segunda-feira.",
        "es | Fuera de la oficina | Estoy fuera de la oficina hasta el lunes 5. Para asuntos urgentes escriba a"
            + " soporte@shop.example.",
        "fr | Absence du bureau | Bonjour, je suis absente jusqu'au 14 août. Je traiterai votre message à mon"
            + " retour.",
        "de | Abwesenheitsnotiz: Angebot | Vielen Dank für Ihre Nachricht. Ich bin bis zum 3. Januar nicht im Büro"
            + " und habe keinen Zugriff auf meine E-Mails.",
        "it | Fuori ufficio | Sono fuori ufficio fino al 10 settembre. Per urgenze contattare il centralino.",
        "nl | Afwezig | Ik ben afwezig tot en met 2 juni. Uw e-mail wordt niet doorgestuurd."})
    void ignoresAnAutoReplyWithoutHeaders(String language, String subject, String body) {
      Email email = Mails.customer().subject(subject).body(body).build();
      assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.AUTO_REPLY)).as(language).contains("auto-reply");
    }

    @Test
    void abstainsOnAPersonWhoWasOutOfOffice() {
      Email email = Mails.customer().subject("Out of office last week")
          .body("I was out of office last week, can you resend the invoice?").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsWhenOnlyTheSubjectSoundsAutomatic() {
      Email email = Mails.customer().subject("Automatic reply settings")
          .body("Our autoresponder keeps answering customers twice. Whom should I ask about it.").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsWhenOnlyTheBodySoundsAutomatic() {
      Email email = Mails.customer().subject("Quote request")
          .body("I am out of the office until Monday, but please send the quote to my colleague.").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAPersonQuotingAnAutoReply() {
      Email email = Mails.customer().subject("Re: Out of office")
          .body("Your colleague is away. I am currently out of options too.\n> I am out of the office until May")
          .build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsWhenTheOpeningAsksSomething() {
      Email email = Mails.customer().subject("Out of office next week")
          .body("I will be out of the office next week. Can we move our call to the 14th?").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAPersonAnnouncingLeaveInPortugueseWithAQuestion() {
      Email email = Mails.customer().subject("Férias em janeiro")
          .body("Estarei de férias em janeiro. Vocês conseguem entregar o pedido antes disso?").build();
      assertAbstains(rule.evaluate(email));
    }
  }

  @Nested
  class SystemNotification {
    private final SystemNotificationRule rule = new SystemNotificationRule();

    @Test
    void hasAStableName() {
      assertThat(rule.name()).isEqualTo("system-notification");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "shipping | Shop <notifications@shop.example> | Your order #A-1234 has shipped | Good news! Track it here."
            + " This is an automated message, please do not reply to this email.",
        "ticket | Helpdesk Bot <support@desk.example> | [Desk] Ticket #4411 updated | Agent Paulo replied."
            + " You are receiving this notification because you follow the ticket.",
        "monitoring | alerts@monitor.example | Alert: CPU above 90% on web-3 | Triggered at 10:02 UTC."
            + " Manage your notification settings at https://monitor.example/settings",
        "pt-BR order | Loja <naoresponda@loja.example> | Seu pedido nº 5521 foi enviado | Olá! Seu pedido está a"
            + " caminho. Este e-mail foi enviado automaticamente, não responda este e-mail.",
        "es payment | Pagos <notificaciones@pagos.example> | Confirmación de pago | Hemos recibido su pago."
            + " Este correo fue generado automáticamente.",
        "de shipping | Versand <benachrichtigung@versand.example> | Versandbestätigung 8812 | Ihre Sendung ist"
            + " unterwegs. Diese E-Mail wurde automatisch erstellt.",
        "renewal | Starflung NIC <nic@starflung.example> | Automated 30 day renewal reminder 2002-05-27 | The"
            + " following domains are due to expire. This is an automated reminder."})
    void ignoresASystemNotification(String kind, String from, String subject, String body) {
      Email email = Mails.customer().from(from).subject(subject).body(body).build();
      assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.NOTIFICATION)).as(kind)
          .contains("system notification");
    }

    @Test
    void ignoresAWeatherAlertFromAnAlertsDomain() {
      Email email = Mails.customer().from("weather@alerts.weather.example")
          .subject("SEVERE THUNDERSTORM WARNING UNTIL THU AUG 15 05:45 PM EDT").body("THE NATIONAL WEATHER SERVICE"
              + " HAS ISSUED A SEVERE THUNDERSTORM WARNING.").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.NOTIFICATION);
    }

    @Test
    void abstainsOnAPersonAskingAboutAWeatherWarning() {
      Email email = Mails.customer().subject("Storm warning - will my delivery be late")
          .body("There is a storm warning here tomorrow. Will the courier still come.").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnACustomerWhoseOrderHasNotShipped() {
      Email email = Mails.customer().subject("Your order #123 has shipped? Not here")
          .body("The tracking says it has shipped but nothing came.").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAPersonWithANoReplyStyleSignature() {
      Email email = Mails.customer().subject("Question about the invoice")
          .body("Hello, the invoice total looks wrong.\n--\nPlease do not reply to this email address after June.")
          .build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsWhenTwoSignalsAgreeButThePersonAsks() {
      Email email = Mails.customer().from("Ops Alerts <alerts@client.example>").subject("Alert: we are blocked")
          .body("Can you unblock our IP 203.0.113.5? Your firewall rejects us.\nThis is an automated message footer.")
          .build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAQuestionFromASystemAddressWithNoTemplate() {
      Email email = Mails.customer().from("updates@partner.example").subject("Price list")
          .body("Hi, which price list applies to our contract from January.").build();
      assertAbstains(rule.evaluate(email));
    }
  }

  @Nested
  class BulkContent {
    private final BulkContentRule rule = new BulkContentRule();

    @Test
    void hasAStableName() {
      assertThat(rule.name()).isEqualTo("bulk-content");
    }

    @Test
    void ignoresALyrisNewsletterByItsMessageIdAndUnsubscribeHeader() {
      Email email = Mails.customer().from("Word a Day <listmanager@words.example>").subject("WORD A DAY - coruscate")
          .header("List-Unsubscribe", "<mailto:leave-word-2643761K@ls10.words.example>")
          .header("Message-ID", "<LYRIS-2643761-309508-2002.08.20-06.00.01--reader#mail.example@ls10.words.example>")
          .body("coruscate: to give off flashes of light").build();
      assertThat(assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER)).contains("LYRIS");
    }

    @Test
    void ignoresARecipientSpecificUnsubscribeWithABulkMarker() {
      Email email = Mails.customer().from("journal@press.example").subject("Developer's Journal")
          .header("Precedence", "bulk")
          .header("List-Unsubscribe", "<mailto:leave-developers_journal-958074K@p2p.press.example>")
          .body("This week: generics.").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER);
    }

    @Test
    void ignoresNewsletterWordingWithANewsletterSubjectAndNoHeaders() {
      Email email = Mails.customer().from("news@shop.example").subject("Shop newsletter #12")
          .body("View this email in your browser\nOur spring collection is here.\nUnsubscribe from this newsletter.")
          .build();
      assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER);
    }

    @Test
    void ignoresAPortugueseNewsletter() {
      Email email = Mails.customer().from("contato@loja.example").subject("Boletim de ofertas")
          .body("Você está recebendo este e-mail porque se cadastrou em nosso site. Para se descadastrar, clique"
              + " aqui.").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER);
    }

    @Test
    void ignoresABulkSenderWithAnUnsubscribeLink() {
      Email email = Mails.customer().from("\"jobfair\" <newsletter@jobs.example>").subject("Virtueller Messetag")
          .body("Am Mittwoch öffnet die Messe.\nhttp://www.jobs.example/cgi-bin/newsletter/unsubscribe.cgi").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER);
    }

    @Test
    void ignoresANumberedNewsletterWithABulkMarker() {
      Email email = Mails.customer().from("John <john@security.example>").subject("Security Linux Newsletter #92")
          .header("Precedence", "bulk").body("This week: kernel updates.").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER);
    }

    @Test
    void ignoresDailyUpdatesWithAHeadlinesSubject() {
      Email email = Mails.customer().from("update@list.news.example").subject("Reg Headlines Friday July 12")
          .header("Precedence", "list")
          .body("Today's stories...\nTo unsubscribe from these daily updates, visit the following URL.").build();
      assertIgnoredAs(rule.evaluate(email), EmailType.NEWSLETTER);
    }

    @Test
    void abstainsOnAnUnsubscribeLinkWithABulkMarkerAlone() {
      Email email = Mails.customer().from("Ana <ana@example.org>").subject("Install fails on step 3")
          .header("Precedence", "bulk")
          .body("Why does step 3 fail.\n--\nhttps://lists.example.org/unsubscribe?list=users").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAPersonWritingFromANewsAddressWithoutOtherSignals() {
      Email email = Mails.customer().from("news@paper.example").subject("Interview request")
          .body("Dear team, would you be available for an interview on Friday").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAHumanListPostWithABulkMarkerAndAnUnsubscribeFooter() {
      Email email = Mails.customer().from("Ana <ana@example.org>").subject("[pgsql-sql] query help")
          .header("Precedence", "bulk")
          .body("Could you please help me write a query?\n---\nTo unsubscribe send 'unsubscribe' to majordomo@x.org")
          .build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnADiscussionListEvenWithNewsletterWording() {
      Email email = Mails.mailmanListQuestion().subject("Our newsletter issue 12 renders badly")
          .body("You are receiving this email because... is what our template says; how do I fix the layout?")
          .build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnAPersonAskingAboutTheirSubscription() {
      Email email = Mails.customer().subject("Newsletter")
          .body("Hi, I keep getting your newsletter twice. Please help.").build();
      assertAbstains(rule.evaluate(email));
    }

    @Test
    void abstainsOnABulkMarkerAndANewsletterSubjectAlone() {
      Email email = Mails.customer().subject("Question about issue 42").header("Precedence", "bulk")
          .body("Is issue 42 of the tracker fixed in 2.1?").build();
      assertAbstains(rule.evaluate(email));
    }
  }
}
