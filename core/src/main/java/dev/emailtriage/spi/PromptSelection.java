package dev.emailtriage.spi;

import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import java.util.Objects;

/**
 * How a {@link PromptSource} picks the prompt of every email at one moment: the active prompt, and optionally an
 * A/B challenger that decides its share of emails ({@link AbSplit} by {@code email_id}). Immutable and
 * thread-safe: the pipeline keeps one and picks from it without asking the source for each email.
 *
 * @param active the active prompt's latest version
 * @param challenger the challenger's latest version, or {@code null}
 * @param share the challenger's share of emails, in [0, 1); 0 without a challenger
 */
public record PromptSelection(Prompt active, Prompt challenger, double share) {

  /** Checks the parts. */
  public PromptSelection {
    Objects.requireNonNull(active, "active");
    if (!(share >= 0 && share < 1)) {
      throw new IllegalArgumentException("share must be in [0, 1), was " + share);
    }
    if (challenger == null || challenger.id().equals(active.id())) {
      challenger = null;
      share = 0;
    }
  }

  /** A selection with only an active prompt. */
  public static PromptSelection of(Prompt active) {
    return new PromptSelection(active, null, 0);
  }

  /** The prompt for {@code email}: the challenger for the emails in its share, the active prompt for the rest. */
  public Prompt promptFor(Email email) {
    return challenger != null && AbSplit.inShare(email.emailId(), share) ? challenger : active;
  }
}
