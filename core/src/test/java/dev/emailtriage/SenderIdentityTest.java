package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SenderIdentityTest {

  private static Email.Builder from(String from) {
    return Email.builder().emailId("i").from(from).to("a@b.example").subject("s").body("b")
        .receivedAt(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void isTheLowercaseAddressWithoutDisplayName() {
    assertThat(SenderMemory.identityOf(from("Loja Exemplo <News@Shop.Example>").build())).contains("news@shop.example");
  }

  @Test
  void isNarrowedByListIdAndSendingService() {
    Email e = from("news@shop.example").header("List-Id", "Ofertas <ofertas.shop.example>")
        .header("Feedback-ID", "c123:cust9:newsletter:esp42").build();
    assertThat(SenderMemory.identityOf(e)).contains("news@shop.example list=ofertas.shop.example via=fbl:esp42");
    Email mc = from("news@shop.example").header("X-MC-User", "abc123").build();
    assertThat(SenderMemory.identityOf(mc)).contains("news@shop.example via=mailchimp:abc123");
  }

  @Test
  void aNullSenderHasNone() {
    assertThat(SenderMemory.identityOf(from("<>").build())).isEmpty();
  }

  @Test
  void aReplyHasItsSendersIdentityMarkedReply() {
    assertThat(SenderMemory.identityOf(from("news@shop.example").subject("Re: pedido").build()))
        .contains("news@shop.example reply");
    assertThat(SenderMemory.identityOf(from("news@shop.example").header("In-Reply-To", "<a@b>")
        .header("List-Id", "<l.shop.example>").build())).contains("news@shop.example list=l.shop.example reply");
    assertThat(SenderMemory.identityOf(from("news@shop.example").header("References", "<a@b>").build()))
        .contains("news@shop.example reply");
  }
}
