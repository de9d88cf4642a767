package dev.emailtriage;

import java.util.Objects;

/**
 * One earlier email that a person corrected, shown to the model as a labelled example next to a similar email it is
 * asked to decide ("this email → the person said ignore, type newsletter"). Immutable and thread-safe.
 *
 * <p>Built by the pipeline when {@link EmailTriage.Builder#correctionExamples(int) correction examples} are on, and
 * rendered by {@link dev.emailtriage.spi.model.PromptRenderer} inside the same injection guard as the email. It never
 * carries another sender's mail in full: the subject and a short excerpt of the cleaned body, both capped
 * ({@link #MAX_SUBJECT}, {@link #MAX_EXCERPT}), on one line each; the sender is shown as an address only when it is
 * the very sender of the email being decided, otherwise only as its domain.
 *
 * @param match why this example was chosen
 * @param sender the sender as shown: the address for {@link Match#SAME_SENDER}, {@code @domain} otherwise
 * @param subject the subject, one line, at most {@link #MAX_SUBJECT} characters
 * @param excerpt the start of the cleaned body, one line, at most {@link #MAX_EXCERPT} characters
 * @param decided what was decided for it (the decision the person corrected)
 * @param correctDecision what the person said the decision should be
 * @param correctType the email type the person gave (or the decided one when the person gave none)
 */
public record CorrectionExample(Match match, String sender, String subject, String excerpt, Action decided,
    Action correctDecision, EmailType correctType) {

  /** The longest subject shown. */
  public static final int MAX_SUBJECT = 120;
  /** The longest body excerpt shown. */
  public static final int MAX_EXCERPT = 200;

  /** Why an example was chosen, most similar first. */
  public enum Match {
    /** The same normalised content (its exact fingerprint): a duplicate of the email being decided. */
    SAME_CONTENT,
    /** The same sender address. */
    SAME_SENDER,
    /** Another address at the same sender domain. */
    SAME_DOMAIN
  }

  /** Checks the values, flattens the texts to one line and caps them. */
  public CorrectionExample {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(decided, "decided");
    Objects.requireNonNull(correctDecision, "correctDecision");
    Objects.requireNonNull(correctType, "correctType");
    sender = cap(sender, 320);
    subject = cap(subject, MAX_SUBJECT);
    excerpt = cap(excerpt, MAX_EXCERPT);
  }

  private static String cap(String text, int max) {
    String line = text == null ? "" : text.replaceAll("[\\s\\p{Z}\\u0085]+", " ").strip();
    if (line.length() <= max) {
      return line;
    }
    int cut = Character.isHighSurrogate(line.charAt(max - 1)) ? max - 1 : max;
    return line.substring(0, cut) + "…";
  }
}
