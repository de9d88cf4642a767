package dev.emailtriage.spi;

import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import java.util.List;
import java.util.Optional;

/**
 * Versioned, named prompts with exactly one active, and optionally an A/B challenger. Thread-safe.
 *
 * <p>A prompt is found by its id or by its name. {@link #update} records a new version under the same id;
 * {@link #activate} makes one prompt the active one (the database enforces that there is only one).
 */
public interface PromptRepository extends PromptSource {

  /** Every prompt, its latest version, by name. */
  List<Prompt> list();

  /** The latest version of the prompt with this id or name. */
  Optional<Prompt> find(String idOrName);

  /** The active prompt's latest version. */
  Prompt active();

  /**
   * Creates a prompt at version 1, inactive.
   *
   * @throws PromptConflictException when the name is taken
   */
  Prompt create(String name, String systemPrompt, DecisionCriteria criteria, String createdBy);

  /**
   * Records a new version of the prompt with this id or name.
   *
   * @throws java.util.NoSuchElementException when there is none
   */
  Prompt update(String idOrName, String systemPrompt, DecisionCriteria criteria, String createdBy);

  /**
   * Makes the prompt with this id or name the only active one.
   *
   * @throws java.util.NoSuchElementException when there is none
   */
  Prompt activate(String idOrName);

  /**
   * Sets (or, with {@code null}, clears) an A/B challenger: that share of emails, chosen by a stable hash of
   * {@code email_id}, is decided with the challenger's latest version instead of the active prompt.
   *
   * @param idOrName the challenger, or {@code null} to stop the test
   * @param share the challenger's share of traffic, in (0, 1)
   */
  void setChallenger(String idOrName, double share);

  /**
   * The A/B challenger (its latest version) and its share of traffic, if a test runs; a challenger that is the
   * active prompt itself decides nothing and is not reported. The default reports none.
   */
  default Optional<Challenger> challenger() {
    return Optional.empty();
  }

  /**
   * An A/B test's challenger. Immutable.
   *
   * @param prompt the challenger's latest version
   * @param share its share of traffic, in (0, 1)
   */
  record Challenger(Prompt prompt, double share) {}

  /** The active prompt, or the challenger for the emails in its share. */
  @Override
  Prompt promptFor(Email email);

  /** Thrown when a prompt name is taken. */
  final class PromptConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A conflict on this name. */
    public PromptConflictException(String name) {
      super("a prompt named '" + name + "' already exists");
    }
  }
}
