package dev.emailtriage;

import java.time.Instant;

/** Small emails for tests. */
final class TestEmails {
  static final Instant RECEIVED = Instant.parse("2025-01-15T10:30:00Z");

  private TestEmails() {}

  static Email question(String id) {
    return question(id, "cliente@example.com");
  }

  static Email question(String id, String from) {
    return Email.builder().emailId(id).from(from).to("support@biofraga.com")
        .subject("Quanto custa o produto X?")
        .body("Olá, gostaria de saber o preço do produto X e se há desconto para compra em quantidade. "
            + "Somos uma cooperativa de produtores e precisamos de uma proposta até sexta-feira, "
            + "com prazo de entrega para o interior de São Paulo e condições de pagamento.")
        .receivedAt(RECEIVED).build();
  }
}
