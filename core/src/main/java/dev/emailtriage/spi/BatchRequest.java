package dev.emailtriage.spi;

import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import java.util.Objects;

/**
 * One email of a batch job and the prompt to decide it with. Immutable.
 *
 * @param email the email
 * @param prompt its prompt (the one the pipeline's prompt source gave this email)
 */
public record BatchRequest(Email email, Prompt prompt) {

  /** Checks that both are given. */
  public BatchRequest {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(prompt, "prompt");
  }
}
