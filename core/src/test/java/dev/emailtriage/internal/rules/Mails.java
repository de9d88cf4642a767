package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import java.time.Instant;

/** Small email fixtures for rule tests; all addresses are reserved example domains. */
public final class Mails {

  private Mails() {}

  /** A customer's plain question with no raw headers; tests add what they need. */
  public static Email.Builder customer() {
    return Email.builder()
        .emailId("msg-1")
        .from("Maria Souza <maria@example.com>")
        .to("support@shop.example")
        .subject("Dúvida sobre o pedido 123")
        .body("Olá, meu pedido ainda não chegou. Podem verificar?")
        .receivedAt(Instant.parse("2025-01-15T10:30:00Z"));
  }

  /** A person asking a Mailman discussion list for help, with every header the list stamps. */
  public static Email.Builder mailmanListQuestion() {
    return customer()
        .from("Ken <ken@example.net>")
        .to("users@lists.example.org")
        .subject("[users] Having a problem with the install")
        .body("How do I delete spam instead of forwarding it? Any help appreciated.")
        .header("Precedence", "bulk")
        .header("List-Id", "Users of Example <users.lists.example.org>")
        .header("List-Unsubscribe", "<https://lists.example.org/mailman/listinfo/users>,"
            + " <mailto:users-request@lists.example.org?subject=unsubscribe>")
        .header("List-Post", "<mailto:users@lists.example.org>")
        .header("List-Help", "<mailto:users-request@lists.example.org?subject=help>")
        .header("X-Mailman-Version", "2.1.39")
        .header("X-BeenThere", "users@lists.example.org")
        .header("Sender", "users-bounces@lists.example.org");
  }

  /** A customer's question to a support address run as a group list, which stamps list headers on it. */
  public static Email.Builder groupListSupportQuestion() {
    return customer()
        .header("List-Id", "<support.shop.example>")
        .header("Precedence", "list")
        .header("Mailing-list", "list support@shop.example; contact support+owners@shop.example")
        .header("List-Post", "<mailto:support@shop.example>")
        .header("List-Unsubscribe", "<mailto:support+unsubscribe@shop.example>")
        .header("X-Loop", "support@shop.example");
  }
}
