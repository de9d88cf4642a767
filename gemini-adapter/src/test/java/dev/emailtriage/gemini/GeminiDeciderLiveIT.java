package dev.emailtriage.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.DefaultPrompt;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Triages three emails with the real Gemini API; runs only when GEMINI_API_KEY is set (failsafe, {@code verify}). */
@EnabledIfEnvironmentVariable(named = "GEMINI_API_KEY", matches = ".+")
class GeminiDeciderLiveIT {

  @Test
  void triagesAQuestionANewsletterAndAnAutoReplyForReal() {
    Prompt prompt = DefaultPrompt.create();
    try (GeminiDecider decider = GeminiDecider.fromEnvironment().timeout(Duration.ofSeconds(60)).build()) {
      Decision question = decider.decide(email("live-1", "cliente@example.com", "Quanto custa o produto X?",
          "Olá, gostaria de saber o preço do produto X e se há desconto para compra em quantidade."), prompt);
      Decision newsletter = decider.decide(email("live-2", "news@lojax.com.br", "Ofertas da semana",
          "Confira as promoções desta semana! Para deixar de receber, clique aqui."), prompt);
      Decision autoReply = decider.decide(email("live-3", "joao@example.com", "Resposta automática: Fora do escritório",
          "Estou fora do escritório até segunda-feira, com acesso limitado ao e-mail."), prompt);

      assertThat(question.action()).isEqualTo(Action.RESPOND);
      assertThat(question.suggestedResponse()).isNotNull();
      assertThat(newsletter.action()).isEqualTo(Action.IGNORE);
      assertThat(autoReply.action()).isEqualTo(Action.IGNORE);
      for (Decision d : new Decision[] {question, newsletter, autoReply}) {
        assertThat(d.source()).isEqualTo(DecisionSource.MODEL);
        assertThat(d.modelVersion()).startsWith("gemini");
        assertThat(d.tokenUsage().total()).isPositive();
        assertThat(d.reason()).isNotBlank();
      }
    }
  }

  private static Email email(String id, String from, String subject, String body) {
    return Email.builder().emailId(id).from(from).to("support@biofraga.com").subject(subject).body(body)
        .receivedAt(Instant.now()).build();
  }
}
