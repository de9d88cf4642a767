package dev.emailtriage.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.Email;
import dev.emailtriage.mime.internal.MimeCharsets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MimeParserTest {

  private static final Instant MTIME = Instant.parse("2024-12-31T23:59:00Z");

  private static Email parse(String name) throws Exception {
    return MimeParser.parse(Files.readAllBytes(TestMail.path(name)), MTIME);
  }

  @Test
  void ptBrIso88591QuotedPrintable() throws Exception {
    Email email = parse("pt-br-latin1-qp.eml");

    assertThat(email.emailId()).isEqualTo("pt-br-1@example.com.br");
    assertThat(email.subject()).isEqualTo("Dúvida sobre o orçamento");
    assertThat(email.from()).isEqualTo("João Conceição <joao@example.com.br>");
    assertThat(email.to()).isEqualTo("contato@biofraga.example");
    assertThat(email.body())
        .startsWith("Olá,")
        .contains("gostaria de saber se vocês entregam em São Paulo e qual é o prazo.")
        .contains("Preciso do orçamento até sexta-feira.")
        .endsWith("João Conceição")
        .doesNotContain("=E3", "=\n");
    assertThat(email.receivedAt()).isEqualTo(Instant.parse("2025-01-14T13:30:00Z"));
    assertThat(email.attachments()).isEmpty();
    assertThat(email.metadata().labels()).isEmpty();
    assertThat(email.metadata().customFields()).isEmpty();
  }

  @Test
  void everyHeaderReachesTheEmailUnfoldedAndDecoded() throws Exception {
    Email email = parse("pt-br-latin1-qp.eml");

    assertThat(email.headers()).containsOnlyKeys("return-path", "message-id", "date", "from", "to", "subject",
        "mime-version", "content-type", "content-transfer-encoding");
    assertThat(email.header("Content-Transfer-Encoding")).contains("quoted-printable");
    assertThat(email.header("Return-Path")).contains("<joao@example.com.br>");
    assertThat(email.header("Subject")).contains("Dúvida sobre o orçamento");

    Email multipart = parse("multipart-attachment.eml");
    assertThat(multipart.header("Received")).contains("from mail.example.net (mail.example.net [192.0.2.1])"
        + "\tby mx.biofraga.example with ESMTPS;\tThu, 16 Jan 2025 14:00:01 +0100");
  }

  @Test
  void htmlOnlyNewsletterBecomesText() throws Exception {
    Email email = parse("newsletter-html-only.eml");

    assertThat(email.body())
        .contains("Novidades de Janeiro")
        .contains("Confira as ofertas da semana & os lançamentos.")
        .contains("Produto A")
        .contains("Para cancelar, clique aqui.")
        .doesNotContain("<", ">", "color: red", "do-not-show", "&amp;");
    assertThat(email.header("List-Unsubscribe-Post")).contains("List-Unsubscribe=One-Click");
    assertThat(email.header("Precedence")).contains("bulk");
  }

  @Test
  void multipartPrefersPlainTextAndListsAttachmentsByName() throws Exception {
    Email email = parse("multipart-attachment.eml");

    assertThat(email.body()).isEqualTo("Please find the invoice attached. Can you confirm the payment date?");
    assertThat(email.attachments()).containsExactly("fatura-123.pdf", "relatório anual.xlsx");
    assertThat(email.receivedAt()).isEqualTo(Instant.parse("2025-01-16T13:00:00Z"));
  }

  @Test
  void base64Utf8WithoutMessageIdOrDate() throws Exception {
    byte[] bytes = Files.readAllBytes(TestMail.path("base64-utf8.eml"));
    Email email = MimeParser.parse(bytes, MTIME);

    assertThat(email.body()).isEqualTo("Привет! Как дела?\n你好，请问什么时候发货？\nÇa va — ✓ café");
    assertThat(email.subject()).isEqualTo("Вопрос");
    assertThat(email.from()).isEqualTo("Иван <ivan@example.ru>");
    String sha = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(email.emailId()).isEqualTo("sha256:" + sha);
    assertThat(MimeParser.parse(bytes, MTIME).emailId()).as("stable").isEqualTo(email.emailId());
    assertThat(email.receivedAt()).as("no Date header: the file time").isEqualTo(MTIME);
  }

  @Test
  void windows1252() throws Exception {
    assertThat(parse("windows-1252.eml").body()).isEqualTo("Is the price “final” at € 99 – including VAT?");
  }

  @Test
  void gb2312() throws Exception {
    Email email = parse("gb2312.eml");

    assertThat(email.body()).isEqualTo("您好，请问这个产品什么时候有货？谢谢！");
    assertThat(email.subject()).isEqualTo("产品询问");
    assertThat(email.from()).isEqualTo("李明 <liming@example.cn>");
  }

  @Test
  void iso2022jp() throws Exception {
    Email email = parse("iso-2022-jp.eml");

    assertThat(email.body()).isEqualTo("お世話になっております。見積もりをお願いできますか。");
    assertThat(email.subject()).isEqualTo("見積もりのお願い");
  }

  @Test
  void isoLatin1DeclaredButWindows1252BytesAreReadAsWindows1252() throws Exception {
    byte[] bytes = ("From: a@example.com\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\n\n"
        + "it\u2019s fine").getBytes(MimeCharsets.WINDOWS_1252);
    assertThat(MimeParser.parse(bytes, MTIME).body()).isEqualTo("it’s fine");
  }

  @Test
  void undeclared8BitTextIsUtf8WhenValid() throws Exception {
    byte[] bytes = "From: a@example.com\nSubject: Olá\n\nCoração".getBytes(StandardCharsets.UTF_8);
    Email email = MimeParser.parse(bytes, MTIME);
    assertThat(email.subject()).isEqualTo("Olá");
    assertThat(email.body()).isEqualTo("Coração");
  }

  @Test
  void brokenFilesAreRejected() {
    assertThatThrownBy(() -> parse("broken.eml"))
        .isInstanceOf(UnparseableMailException.class)
        .hasMessageContaining("no mail headers");
    assertThatThrownBy(() -> MimeParser.parse(new byte[0], MTIME))
        .isInstanceOf(UnparseableMailException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> MimeParser.parse("From: a\u0000b\n\nx".getBytes(StandardCharsets.ISO_8859_1), MTIME))
        .isInstanceOf(UnparseableMailException.class)
        .hasMessageContaining("binary");
  }

  @Test
  void messageIdWithoutAngleBrackets() {
    assertThat(MimeParser.emailId("  <abc.123@host.example> ", new byte[0])).isEqualTo("abc.123@host.example");
    assertThat(MimeParser.emailId("abc@host", new byte[0])).isEqualTo("abc@host");
    assertThat(MimeParser.emailId("", new byte[] {1})).startsWith("sha256:").hasSize(71);
  }

  @Test
  void threadIdIsTheRootOfReferencesElseInReplyTo() throws Exception {
    byte[] reply = ("From: a@example.com\nSubject: Re: x\nMessage-ID: <3@h>\nIn-Reply-To: <2@h>\n"
        + "References: <1@h>\n <2@h>\n\nok").getBytes(StandardCharsets.US_ASCII);
    byte[] inReplyToOnly = "From: a@example.com\nIn-Reply-To: <2@h>\n\nok".getBytes(StandardCharsets.US_ASCII);
    byte[] first = "From: a@example.com\nMessage-ID: <1@h>\n\nok".getBytes(StandardCharsets.US_ASCII);

    Email email = MimeParser.parse(reply, MTIME);
    assertThat(email.emailId()).isEqualTo("3@h");
    assertThat(email.threadId()).isEqualTo("1@h");
    assertThat(email.header("In-Reply-To")).contains("<2@h>");
    assertThat(MimeParser.messageIds(email.header("References").orElseThrow())).containsExactly("1@h", "2@h");
    assertThat(MimeParser.parse(inReplyToOnly, MTIME).threadId()).isEqualTo("2@h");
    assertThat(MimeParser.parse(first, MTIME).threadId()).isNull();
  }

  @Test
  void messageIdHelpers() {
    assertThat(MimeParser.messageId(" <a@b> (comment)")).contains("a@b");
    assertThat(MimeParser.messageId("   ")).isEmpty();
    assertThat(MimeParser.messageId("<has space@b>")).isEmpty();
    assertThat(MimeParser.messageIds("<a@b> <c@d>\t<e@f>")).containsExactly("a@b", "c@d", "e@f");
    assertThat(MimeParser.messageIds("bare@id")).containsExactly("bare@id");
    assertThat(MimeParser.messageIds(null)).isEmpty();
  }

  @Test
  void nullArgumentsAreRefused() {
    assertThatThrownBy(() -> MimeParser.parse(null, MTIME)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MimeParser.parse(new byte[] {'x'}, null)).isInstanceOf(NullPointerException.class);
  }
}
