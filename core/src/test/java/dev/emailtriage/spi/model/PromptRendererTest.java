package dev.emailtriage.spi.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PromptRendererTest {

  private static final Prompt PROMPT = new Prompt("p", "default", 1, "Você é um assistente.",
      DecisionCriteria.DEFAULT, true, Instant.EPOCH);

  @Test
  void systemInstructionIsThePromptFollowedByTheInjectionGuard() {
    assertThat(PromptRenderer.systemInstruction(PROMPT))
        .startsWith("Você é um assistente.")
        .endsWith(PromptRenderer.INJECTION_GUARD);
  }

  @Test
  void eachRenderingUsesAFreshRandomToken() {
    Email email = Email.builder().emailId("1").receivedAt(Instant.EPOCH).body("oi").build();

    String a = PromptRenderer.render(email, "oi", PROMPT).token();
    String b = PromptRenderer.render(email, "oi", PROMPT).token();

    assertThat(a).hasSize(24).isNotEqualTo(b);
  }

  @Test
  void userMessageHasTheOriginFieldsInsideTheMarkers() {
    Email email = Email.builder().emailId("1").from("a@b.com").to("c@d.com").subject("Oi")
        .receivedAt(Instant.parse("2025-01-15T10:30:00Z")).build();

    String user = PromptRenderer.render(email, "Corpo", PROMPT, "t0k3n").userMessage();

    assertThat(user).contains(PromptRenderer.beginMarker("t0k3n") + "\nFrom: a@b.com\nTo: c@d.com\nSubject: Oi\n"
        + "Received at: 2025-01-15T10:30:00Z\nThread ID: Nova conversa\nPriority: normal\nBody:\nCorpo\n"
        + PromptRenderer.endMarker("t0k3n"));
  }
}
