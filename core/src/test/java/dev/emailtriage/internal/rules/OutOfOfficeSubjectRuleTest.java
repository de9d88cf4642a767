package dev.emailtriage.internal.rules;

import static dev.emailtriage.internal.rules.RuleAssertions.assertAbstains;
import static dev.emailtriage.internal.rules.RuleAssertions.assertIgnoredAs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.EmailType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Out-of-office subjects; the positive cases are synthetic, the corpus holds almost none. */
class OutOfOfficeSubjectRuleTest {

  private final OutOfOfficeSubjectRule rule = new OutOfOfficeSubjectRule();

  @Test
  void hasAStableName() {
    assertThat(rule.name()).isEqualTo("out-of-office-subject");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Resposta automática: Dúvida sobre o pedido 123",
      "RESPOSTA AUTOMÁTICA: Dúvida sobre o pedido 123",
      "Resposta automatica: pedido 123",
      "Fora do escritório: Dúvida sobre o pedido 123",
      "Ausente: Dúvida sobre o pedido 123",
      "Ausente"})
  void ignoresOutOfOfficeReplyInPortuguese(String subject) {
    assertIgnoredAs(rule.evaluate(Mails.customer().subject(subject).build()), EmailType.AUTO_REPLY);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Automatic reply: Question about order 123",
      "Out of Office: Question about order 123",
      "Out of Office AutoReply: Question about order 123",
      "Out of the office: back on Monday",
      "Autoreply: Question about order 123",
      "Auto-Reply: Question about order 123",
      "[Auto-Reply] Question about order 123",
      "Out of office"})
  void ignoresOutOfOfficeReplyInEnglish(String subject) {
    assertIgnoredAs(rule.evaluate(Mails.customer().subject(subject).build()), EmailType.AUTO_REPLY);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Respuesta automática: Pregunta sobre el pedido 123",
      "Fuera de la oficina: Pregunta sobre el pedido 123",
      "Fuera de la oficina"})
  void ignoresOutOfOfficeReplyInSpanish(String subject) {
    assertIgnoredAs(rule.evaluate(Mails.customer().subject(subject).build()), EmailType.AUTO_REPLY);
  }

  @Test
  void saysWhichPhraseMatched() {
    assertThat(rule.evaluate(Mails.customer().subject("Resposta automática: pedido").build()).reason())
        .isEqualTo("out-of-office subject 'Resposta automática'");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "My automatic payment failed",
      "Automatic payment failed",
      "Automatic reply to my question?",
      "Re: Automatic reply: Question about order 123",
      "Fwd: Out of Office: Question about order 123",
      "Pagamento automático não funcionou",
      "Resposta automática não resolve meu problema",
      "Why did I get an autoreply instead of an answer?",
      "Fuera de la oficina hasta cuándo? Necesito el pedido",
      "The support team was out of office all week!"})
  void doesNotIgnoreCustomerWhoseSubjectSaysAutomatic(String subject) {
    assertAbstains(rule.evaluate(Mails.customer().subject(subject).build()));
  }

  @Test
  void doesNotIgnoreAHumanListReplyQuotingALotusNotesOutOfOfficeSubject() {
    assertAbstains(rule.evaluate(Mails.mailmanListQuestion()
        .subject("Re: [ILUG-Social] Re: [ILUG] Dermot Beirne/Dublin/IE/Exel is out of the office.")
        .build()));
  }

  @Test
  void doesNotIgnoreALotusNotesStyleSubjectWithoutAMachineSignal() {
    assertAbstains(rule.evaluate(Mails.customer().subject("My manager is out of the office").build()));
  }

  @Test
  void doesNotTakeXAutoResponseSuppressAsConfirmationOfALotusNotesSubject() {
    assertAbstains(rule.evaluate(Mails.customer()
        .subject("Maria is out of the office this week, please send the invoice to me")
        .header("X-Auto-Response-Suppress", "All")
        .build()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Automatische Antwort: Frage zur Bestellung", "Abwesenheitsnotiz: Frage",
      "Réponse automatique : Question sur la commande"})
  void ignoresExchangeOutOfOfficeReplyInGermanAndFrench(String subject) {
    assertIgnoredAs(rule.evaluate(Mails.customer().subject(subject).build()), EmailType.AUTO_REPLY);
  }

  @Test
  void ignoresALotusNotesOutOfOfficeReplyConfirmedByANullSender() {
    assertIgnoredAs(rule.evaluate(Mails.customer()
        .subject("Dermot Beirne is out of the office.")
        .header("Return-Path", "<>")
        .build()), EmailType.AUTO_REPLY);
  }
}
