package dev.emailtriage.test;

import dev.emailtriage.Email;
import java.time.Instant;

/**
 * Small, valid emails for tests: a customer's question (which a model should answer) and a bounce (which the
 * built-in rules ignore). Stateless; every method returns a new immutable {@link Email}.
 */
public final class TestEmails {

  /** When every fixture was received: {@code 2025-01-15T10:30:00Z}. */
  public static final Instant RECEIVED = Instant.parse("2025-01-15T10:30:00Z");

  private TestEmails() {}

  /** A customer's question in Portuguese from {@code cliente@example.com}, with id {@code id}. */
  public static Email question(String id) {
    return question(id, "cliente@example.com");
  }

  /** A customer's question in Portuguese from {@code from}, with id {@code id}. */
  public static Email question(String id, String from) {
    return question(id, from, "Olá, gostaria de saber o preço do produto X e se há desconto para compra em quantidade. "
        + "Somos uma cooperativa de produtores e precisamos de uma proposta até sexta-feira, "
        + "com prazo de entrega para o interior de São Paulo e condições de pagamento.");
  }

  /**
   * The question of {@link #question(String)} with another body: for a model adapter's tests of what it sends
   * (cleaning, truncation, the injection guard).
   */
  public static Email questionWithBody(String id, String body) {
    return question(id, "cliente@example.com", body);
  }

  private static Email question(String id, String from, String body) {
    return Email.builder().emailId(id).from(from).to("support@biofraga.com")
        .subject("Quanto custa o produto X?").body(body).receivedAt(RECEIVED).build();
  }

  /** A delivery failure report from {@code MAILER-DAEMON}, with id {@code id}. */
  public static Email bounce(String id) {
    return Email.builder().emailId(id).from("MAILER-DAEMON@mail.example.com").to("support@biofraga.com")
        .subject("Undelivered Mail Returned to Sender").body("This is the mail system. Delivery failed.")
        .receivedAt(RECEIVED).build();
  }
}
