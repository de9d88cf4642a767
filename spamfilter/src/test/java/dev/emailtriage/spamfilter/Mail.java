package dev.emailtriage.spamfilter;

import dev.emailtriage.Email;
import java.time.Instant;

/** Emails for the spam filter tests; reserved example domains only. */
final class Mail {

  /** The GTUBE test string, which every SpamAssassin flags as spam (score 1000). */
  static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

  private Mail() {}

  static Email.Builder question() {
    return Email.builder()
        .emailId("q-1@shop.example")
        .from("Maria Souza <maria@example.com>")
        .to("support@shop.example")
        .subject("Invoice for order 123")
        .body("Hello,\nI was out of office last week, can you resend the invoice for order 123?\nThanks, Maria")
        .receivedAt(Instant.parse("2025-01-15T10:30:00Z"));
  }

  static Email gtube() {
    return question().emailId("gtube@spam.example").subject("Cheap offer").body("Buy now!\n" + GTUBE + "\n").build();
  }
}
