package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DefaultPromptTest {

  @Test
  void defaultPromptIsTheOriginPromptVerbatim() {
    String text = DefaultPrompt.create().systemPrompt();
    assertThat(text).startsWith("Você é um assistente inteligente de e-mail para a empresa Biofraga.")
        .contains("- Setor: [Definir setor]")
        .contains("- E-mail de suporte: support@biofraga.com")
        .contains("\"body\": \"Corpo da resposta em português brasileiro\"")
        .contains("  } // apenas se decision=\"respond\"")
        .endsWith("- Sempre assine como \"Equipe Biofraga\"");
  }

  @Test
  void companyDetailsAndLanguageAreConfigurable() {
    Prompt p = DefaultPrompt.builder().companyName("Acme").sector("Software").supportAddress("help@acme.com")
        .language("en").build();
    assertThat(p.systemPrompt()).contains("para a empresa Acme.").contains("- Setor: Software")
        .contains("help@acme.com").contains("Use inglês correto").contains("assine como \"Equipe Acme\"");
    assertThat(p.id()).isEqualTo(DefaultPrompt.ID);
    assertThat(p.active()).isTrue();
  }

  @Test
  void blankSettingIsRejectedNamingIt() {
    assertThatThrownBy(() -> DefaultPrompt.builder().companyName(" ")).hasMessageContaining("companyName");
  }

  @Test
  void offlineFallbackCannotBeMistakenForAModelDecision() {
    Decision d = new OfflineFallbackDecider().decide(TestEmails.question("m"), DefaultPrompt.create());
    assertThat(d.source()).isEqualTo(DecisionSource.FALLBACK);
    assertThat(d.action()).isEqualTo(Action.RESPOND);
    assertThat(d.needsReview()).isTrue();
    assertThat(d.suggestedResponse()).isNull();
    assertThat(d.confidence()).isLessThan(0.5);
    assertThat(d.reason()).contains("No model");
  }
}
