package dev.emailtriage.mime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.spi.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MimeRepliesTest {

  private static final Instant AT = Instant.parse("2025-02-03T12:00:00Z");

  private static Reply reply(boolean auto) {
    return new Reply("João Conceição <joao@example.com.br>", "Re: Dúvida sobre o orçamento",
        "Olá João,\nO prazo é de 5 dias úteis.", "<q1@example.com>", List.of("<root@example.com>", "<q1@example.com>"),
        "thread-1", "ref-1", "et-0123456789abcdef", auto);
  }

  @Test
  void aDraftReadsBackWithItsThreadingAndNoAutoSubmitted() throws Exception {
    byte[] raw = MimeReplies.toBytes(reply(false), "support@biofraga.example", "<et-0123456789abcdef.draft@biofraga"
        + ".example>", AT);
    String text = new String(raw, StandardCharsets.US_ASCII);
    assertThat(text).contains("\r\nIn-Reply-To: <q1@example.com>\r\n")
        .contains("References: <root@example.com>\r\n <q1@example.com>\r\n")
        .contains("X-EmailTriage-Id: et-0123456789abcdef\r\n").doesNotContain("Auto-Submitted");

    Email back = MimeParser.parse(raw, Instant.EPOCH);
    assertThat(back.subject()).isEqualTo("Re: Dúvida sobre o orçamento");
    assertThat(back.to()).isEqualTo("João Conceição <joao@example.com.br>");
    assertThat(back.body()).isEqualTo("Olá João,\nO prazo é de 5 dias úteis.");
    assertThat(back.emailId()).isEqualTo("et-0123456789abcdef.draft@biofraga.example");
    assertThat(back.threadId()).isEqualTo("root@example.com");
    assertThat(back.receivedAt()).isEqualTo(AT);
  }

  @Test
  void anAutomaticReplyCarriesTheRfc3834Header() throws Exception {
    Email back = MimeParser.parse(MimeReplies.toBytes(reply(true), "s@b.example", "<x@b.example>", AT),
        Instant.EPOCH);
    assertThat(back.header("Auto-Submitted")).contains("auto-replied");
    assertThat(back.header("X-Auto-Response-Suppress")).contains("All");
  }

  @Test
  void aDraftIsNeverAutomaticAndHasTheDraftMessageId() throws Exception {
    String text = new String(MimeReplies.toBytes(reply(true), "support@biofraga.example", true, AT),
        StandardCharsets.US_ASCII);
    assertThat(text).contains("Message-ID: <et-0123456789abcdef.draft@biofraga.example>\r\n")
        .doesNotContain("Auto-Submitted").doesNotContain("X-Auto-Response-Suppress");
  }

  @Test
  void aReplySentNowKeepsItsAutoSubmittedAndTheMarkerMessageId() throws Exception {
    Email back = MimeParser.parse(MimeReplies.toBytes(reply(true), "support@biofraga.example", false, AT),
        Instant.EPOCH);
    assertThat(back.header("Auto-Submitted")).contains("auto-replied");
    assertThat(back.emailId()).isEqualTo("et-0123456789abcdef@biofraga.example");
    assertThat(MimeReplies.messageId(reply(false), "support@biofraga.example", false))
        .isEqualTo("<et-0123456789abcdef@biofraga.example>");
  }

  @Test
  void asciiAddressesStayAsTheyAre() {
    assertThat(MimeReplies.address("Ana <ana@example.com>")).isEqualTo("Ana <ana@example.com>");
    assertThat(MimeReplies.address("\"Zoë\" <z@example.com>")).startsWith("=?").endsWith(" <z@example.com>");
  }
}
