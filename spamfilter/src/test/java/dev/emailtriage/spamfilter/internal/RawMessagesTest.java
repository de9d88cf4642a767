package dev.emailtriage.spamfilter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RawMessagesTest {

  private static Email.Builder email() {
    return Email.builder().emailId("abc@shop.example").from("Ana <ana@example.com>").to("support@shop.example")
        .subject("Olá").body("line one\nline two\r\nline three").receivedAt(Instant.parse("2025-01-15T10:30:00Z"));
  }

  private static String build(Email email) {
    return new String(RawMessages.build(email, 512 * 1024), StandardCharsets.UTF_8);
  }

  @Test
  void writesTheFieldsWhenThereAreNoHeaders() {
    String message = build(email().build());
    assertThat(message).startsWith("From: Ana <ana@example.com>\r\nTo: support@shop.example\r\nSubject: Olá\r\n"
        + "Date: Wed, 15 Jan 2025 10:30:00 +0000\r\nMessage-ID: <abc@shop.example>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
    assertThat(message).endsWith("\r\n\r\nline one\r\nline two\r\nline three");
  }

  @Test
  void putsTraceHeadersFirstDropsTheOriginalMimeHeadersAndKeepsTheRest() {
    String message = build(email()
        .header("X-Mailer", "Thunderbird")
        .header("Received", "from a by b; Wed, 15 Jan 2025 10:29:00 +0000")
        .header("Received", "from c by a; Wed, 15 Jan 2025 10:28:00 +0000")
        .header("Return-Path", "<ana@example.com>")
        .header("Content-Type", "multipart/alternative; boundary=xyz")
        .header("Content-Transfer-Encoding", "base64")
        .header("From", "Ana Lima <ana@example.com>")
        .build());
    assertThat(message).startsWith("Return-Path: <ana@example.com>\r\nReceived: from a by b;"
        + " Wed, 15 Jan 2025 10:29:00 +0000\r\nReceived: from c by a; Wed, 15 Jan 2025 10:28:00 +0000\r\n");
    assertThat(message).contains("From: Ana Lima <ana@example.com>\r\n").doesNotContain("From: Ana <ana@")
        .contains("X-Mailer: Thunderbird\r\n").doesNotContain("boundary=xyz").doesNotContain("base64")
        .contains("Content-Type: text/plain; charset=UTF-8\r\n");
  }

  @Test
  void foldsLongHeadersAndNeutralisesLineBreaksInValues() {
    String refs = "<a1234567890@example.com> ".repeat(12).strip();
    String message = build(email().header("References", refs).header("X-Note", "one\r\nInjected: yes").build());
    String head = message.substring(0, message.indexOf("\r\n\r\n"));
    assertThat(head.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    assertThat(head).contains("References: <a1234567890@example.com>").contains("\r\n <a1234567890@example.com>");
    assertThat(head).contains("X-Note: one Injected: yes").doesNotContain("\r\nInjected:");
  }

  @Test
  void cutsTheBodyToTheLimit() {
    byte[] message = RawMessages.build(email().body("x".repeat(10_000)).build(), 2048);
    assertThat(message).hasSize(2048);
  }
}
