package dev.emailtriage.spi.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BodyCleanerTest {

  @Test
  void htmlMarkupScriptsAndEntitiesAreRemoved() {
    String html = "<html><head><style>p{color:red}</style></head><body><p>Ol&aacute; &amp; bem-vindo</p>"
        + "<div>Qual o pre&#231;o?<br>Obrigado</div><script>alert(1)</script></body></html>";

    BodyCleaner.Cleaned c = BodyCleaner.clean(html, 1000);

    assertThat(c.text()).contains("Olá & bem-vindo", "Qual o preço?\nObrigado")
        .doesNotContain("<p>", "color:red", "alert(1)");
    assertThat(c.truncated()).isFalse();
  }

  @Test
  void gmailQuotedHistoryInPortugueseIsCut() {
    String body = "Pode confirmar o pedido?\n\nEm seg., 13 de jan. de 2025 às 09:00, Loja <a@b.com> escreveu:\n"
        + "> Pedido recebido\n> OLD";

    assertThat(BodyCleaner.clean(body, 1000).text()).isEqualTo("Pode confirmar o pedido?");
  }

  @Test
  void outlookHeaderBlockStartsTheQuotedHistory() {
    String body = "Segue a reclamação.\n\nFrom: Support <s@b.com>\nSent: Monday, January 13, 2025\nSubject: x\nOLD";

    assertThat(BodyCleaner.clean(body, 1000).text()).isEqualTo("Segue a reclamação.");
  }

  @Test
  void signatureAfterDashDashSpaceAndMobileFooterAreCut() {
    assertThat(BodyCleaner.clean("Oi, tudo bem?\n-- \nJoão\nCEO", 1000).text()).isEqualTo("Oi, tudo bem?");
    assertThat(BodyCleaner.clean("Preciso de ajuda.\n\nEnviado do meu iPhone", 1000).text())
        .isEqualTo("Preciso de ajuda.");
  }

  @Test
  void bodyThatIsOnlyAQuoteKeepsItsText() {
    assertThat(BodyCleaner.clean("> só uma citação", 1000).text()).isEqualTo("> só uma citação");
  }

  @Test
  void longBodyIsCutAtTheCapAndMarked() {
    BodyCleaner.Cleaned c = BodyCleaner.clean("a".repeat(150), 100);

    assertThat(c.truncated()).isTrue();
    assertThat(c.text()).startsWith("a".repeat(100)).endsWith(BodyCleaner.TRUNCATION_MARK);
    assertThat(c.text().length()).isEqualTo(100 + BodyCleaner.TRUNCATION_MARK.length());
  }

  @Test
  void bodyAtTheCapIsNotMarkedTruncated() {
    assertThat(BodyCleaner.clean("b".repeat(100), 100).truncated()).isFalse();
  }

  @Test
  void nullBodyBecomesEmpty() {
    assertThat(BodyCleaner.clean(null, 100)).isEqualTo(new BodyCleaner.Cleaned("", false));
  }
}
