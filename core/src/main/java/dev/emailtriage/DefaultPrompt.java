package dev.emailtriage;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The origin plan's default system prompt, verbatim, with the company details and reply language configurable.
 * Immutable builder output; the builder itself is not thread-safe.
 *
 * <pre>{@code
 * Prompt prompt = DefaultPrompt.builder()
 *     .companyName("Acme")
 *     .sector("Software")
 *     .supportAddress("help@acme.com")
 *     .signature("Equipe Acme")
 *     .build();
 * }</pre>
 */
public final class DefaultPrompt {

  /** The id of the default prompt. */
  public static final String ID = "prompt_default";

  /** The name of the default prompt. */
  public static final String NAME = "default";

  private static final Map<String, String> LANGUAGE_NAMES = Map.of(
      "pt-br", "português brasileiro", "pt", "português", "en", "inglês", "es", "espanhol");

  private static final String TEMPLATE = """
      Você é um assistente inteligente de e-mail para a empresa {company}.
      Sua função é analisar e-mails recebidos e decidir se devem ser respondidos.

      CONTEXTO DA EMPRESA:
      - Nome: {company}
      - Setor: {sector}
      - E-mail de suporte: {support}

      CRITÉRIOS PARA RESPONDER:
      1. Perguntas diretas sobre produtos ou serviços
      2. Solicitações de suporte ou ajuda
      3. Reclamações ou feedbacks negativos
      4. E-mails marcados como urgentes ou importantes
      5. Solicitações de orçamento ou informações comerciais
      6. Confirmações necessárias (agendamentos, pedidos, etc)

      CRITÉRIOS PARA IGNORAR:
      1. Spam ou e-mails promocionais não solicitados
      2. Newsletters e e-mails informativos
      3. Respostas automáticas (out of office, etc)
      4. E-mails já respondidos na mesma thread
      5. Notificações de sistemas
      6. E-mails sem conteúdo relevante

      ANÁLISE NECESSÁRIA:
      1. Identifique o tipo de e-mail
      2. Avalie a urgência (alta/média/baixa)
      3. Determine se requer resposta
      4. Se sim, sugira uma resposta apropriada

      FORMATO DE RESPOSTA (JSON):
      {
        "decision": "respond" ou "ignore",
        "confidence": 0.0 a 1.0,
        "email_type": "question|complaint|request|spam|newsletter|auto_reply|other",
        "urgency": "high|medium|low",
        "reason": "Explicação clara da decisão",
        "suggested_response": {
          "subject": "Assunto da resposta",
          "body": "Corpo da resposta em {language}",
          "tone": "formal|informal|friendly|professional"
        } // apenas se decision="respond"
      }

      DIRETRIZES PARA RESPOSTAS:
      - Use {language} correto
      - Mantenha tom profissional mas amigável
      - Seja claro e objetivo
      - Inclua próximos passos quando aplicável
      - Sempre assine como "{signature}"
      """;

  private DefaultPrompt() {}

  /** The default prompt with the origin's company details (Biofraga, pt-BR). */
  public static Prompt create() {
    return builder().build();
  }

  /** A builder with the origin's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds the default prompt with other company details; each setter rejects blank values at once. */
  public static final class Builder {
    private String companyName = "Biofraga";
    private String sector = "[Definir setor]";
    private String supportAddress = "support@biofraga.com";
    private String signature;
    private String language = "pt-BR";
    private Instant createdAt = Instant.EPOCH;

    private Builder() {}

    /** The company's name; default {@code Biofraga}. */
    public Builder companyName(String companyName) {
      this.companyName = requireText(companyName, "companyName");
      return this;
    }

    /** The company's sector; default {@code [Definir setor]}, as the origin leaves it. */
    public Builder sector(String sector) {
      this.sector = requireText(sector, "sector");
      return this;
    }

    /** The support address; default {@code support@biofraga.com}. */
    public Builder supportAddress(String supportAddress) {
      this.supportAddress = requireText(supportAddress, "supportAddress");
      return this;
    }

    /** How replies are signed; default {@code Equipe <company>}. */
    public Builder signature(String signature) {
      this.signature = requireText(signature, "signature");
      return this;
    }

    /** The reply language, a tag ({@code pt-BR}, {@code en}, {@code es}) or its name in Portuguese. */
    public Builder language(String language) {
      this.language = requireText(language, "language");
      return this;
    }

    /** When this prompt version counts as created; default the epoch, so the default prompt is reproducible. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
      return this;
    }

    /** The prompt: id {@value DefaultPrompt#ID}, name {@value DefaultPrompt#NAME}, version 1, active. */
    public Prompt build() {
      String text = TEMPLATE
          .replace("{company}", companyName)
          .replace("{sector}", sector)
          .replace("{support}", supportAddress)
          .replace("{signature}", signature == null ? "Equipe " + companyName : signature)
          .replace("{language}", LANGUAGE_NAMES.getOrDefault(language.toLowerCase(Locale.ROOT), language));
      return new Prompt(ID, NAME, 1, text.strip(), DecisionCriteria.DEFAULT, true, createdAt);
    }

    private static String requireText(String value, String setting) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(setting + " must not be blank");
      }
      return value.strip();
    }
  }
}
