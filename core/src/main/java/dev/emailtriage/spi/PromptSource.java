package dev.emailtriage.spi;

import dev.emailtriage.Email;
import dev.emailtriage.Prompt;

/**
 * Gives the prompt to decide an email with. Thread-safe. An A/B source may give different emails different prompt
 * versions, always the same one for the same {@code email_id}.
 */
@FunctionalInterface
public interface PromptSource {

  /** The prompt for {@code email}. */
  Prompt promptFor(Email email);
}
