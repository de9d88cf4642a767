package dev.emailtriage.test;

import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.Prompt;
import java.time.Instant;

/**
 * Prompts for tests of a {@code Decider}: a user's prompt with an id and version other than the default prompt's, so
 * a test can check the decider stamps or sends the one it was given. Stateless.
 */
public final class TestPrompts {

  private TestPrompts() {}

  /**
   * The active prompt {@code prompt_001}, name {@code default}, version 3, Biofraga's assistant, the default criteria.
   *
   * @return a new prompt
   */
  public static Prompt prompt() {
    return new Prompt("prompt_001", "default", 3,
        "Você é um assistente inteligente de e-mail para a empresa Biofraga.", DecisionCriteria.DEFAULT, true,
        Instant.parse("2025-01-01T00:00:00Z"));
  }
}
