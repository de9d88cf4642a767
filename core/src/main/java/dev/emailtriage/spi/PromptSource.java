package dev.emailtriage.spi;

import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import java.util.Optional;

/**
 * Gives the prompt to decide an email with. Thread-safe. An A/B source may give different emails different prompt
 * versions, always the same one for the same {@code email_id}.
 *
 * <p><b>Caching.</b> A source that reads a database should not be asked once per email. A source that can state its
 * whole rule at once returns it from {@link #selection()}; the pipeline then keeps that selection and picks each
 * email's prompt from it, and fetches it again when {@link #changeCount()} moves (a change made through this
 * object, seen at once) or when its cache time is up (a change made by another process, seen within that time;
 * {@code EmailTriage.Builder.promptCacheTtl}). A source that returns no selection is asked for every email.
 */
@FunctionalInterface
public interface PromptSource {

  /** The prompt for {@code email}. */
  Prompt promptFor(Email email);

  /**
   * The whole selection rule as it stands, for the pipeline to cache; empty (the default) when the source picks
   * prompts some other way and must be asked for every email.
   */
  default Optional<PromptSelection> selection() {
    return Optional.empty();
  }

  /**
   * A number that changes whenever a change made through this object may have changed {@link #selection()}: a cheap
   * check (no I/O) that the pipeline makes for every email. Default 0 (never changes; the cache time alone applies).
   */
  default long changeCount() {
    return 0;
  }
}
