package dev.emailtriage.spi;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import java.time.Duration;

/**
 * Decides an email that no rule and no cached decision could: usually a language model. Implementations must be
 * thread-safe; the pipeline calls them concurrently, up to its configured model concurrency.
 *
 * <p>A decider owns its transient retries (rate limits, overload) within its own deadline and validates the
 * model's answer; the pipeline does not retry a call itself but cuts it at its deadline and, when it fails, stores
 * the email as failed and retryable (or hands it to the fallback). A decider signals failure with
 * {@link DeciderException}; any other exception is treated as a retryable failure too.
 */
public interface Decider {

  /**
   * Decides {@code email} under {@code prompt}. The prompt may carry correction examples ({@link Prompt#examples()},
   * when the pipeline's {@code correctionExamples} setting is on) to be sent with the email inside the same injection
   * guard: {@link dev.emailtriage.spi.model.ModelRequest#of} renders them; a decider that builds its own request
   * should render them too, or ignore them.
   *
   * @return a decision whose {@link Decision#source()} is {@code MODEL} (or {@code FALLBACK} for a fallback)
   * @throws DeciderException when no valid decision could be obtained
   */
  Decision decide(Email email, Prompt prompt);

  /**
   * Decides {@code email} under {@code prompt} within {@code timeLimit}, its retries included. The pipeline owns
   * the deadline and calls this method with the time left; a decider that retries should override it and stop
   * retrying when the time is up. A decider that overrides it is called on the pipeline's calling thread, with no
   * hand-off to another thread, and must return or throw within the limit: if it is still running at the deadline,
   * the pipeline interrupts that thread and discards a later answer. The default ignores the limit: such a decider
   * runs on the pipeline's own threads, and the pipeline stops waiting for it at the deadline.
   *
   * @param timeLimit the time left for this call, positive
   * @return a decision whose {@link Decision#source()} is {@code MODEL} (or {@code FALLBACK} for a fallback)
   * @throws DeciderException when no valid decision could be obtained in time
   */
  default Decision decide(Email email, Prompt prompt, Duration timeLimit) {
    return decide(email, prompt);
  }

  /** A short name for logs and metrics ({@code gemini}, {@code offline-fallback}). */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * What this decider would answer with, for the similar-email cache: a decision is reused only for an email
   * decided under the same scope (and prompt version). A model adapter returns its name and model
   * ({@code gemini:gemini-2.5-flash}), so that a change of model never reuses the old model's decisions. The
   * default is {@link #name()}.
   */
  default String cacheScope() {
    return name();
  }
}
