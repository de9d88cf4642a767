package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.Email;
import java.time.Instant;

/** Small emails for tests. */
final class TestEmails {
  private TestEmails() {}

  static Email question(String id) {
    return question(id, "cliente@example.com");
  }

  static Email question(String id, String from) {
    return Email.builder().emailId(id).from(from).to("support@biofraga.com")
        .subject("Quanto custa o produto X?")
        .body("Olá, gostaria de saber o preço do produto X e se há desconto para compra em quantidade. "
            + "Somos uma cooperativa de produtores e precisamos de uma proposta até sexta-feira.")
        .receivedAt(Instant.parse("2025-01-15T10:30:00Z")).build();
  }

  static Email bounce(String id) {
    return Email.builder().emailId(id).from("MAILER-DAEMON@mail.example.com").to("support@biofraga.com")
        .subject("Undelivered Mail Returned to Sender").body("This is the mail system. Delivery failed.")
        .receivedAt(Instant.parse("2025-01-15T10:30:00Z")).build();
  }
}
