package dev.emailtriage.spi;

import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import dev.emailtriage.Urgency;
import java.util.Objects;

/**
 * What a {@link Rule} concluded about an email: nothing ({@link #abstain()}), a decision it is sure of
 * ({@link #decide}), or that the email must reach the model whatever later rules say ({@link #consultModel}, for
 * an allow-listed sender). Immutable.
 *
 * @param verdict which of the three
 * @param action for {@code DECIDE}, the action
 * @param emailType for {@code DECIDE}, the type
 * @param urgency for {@code DECIDE}, the urgency
 * @param confidence for {@code DECIDE}, how sure (rules decide only when sure: usually 0.95 or more)
 * @param reason why, for every verdict but {@code ABSTAIN}
 */
public record RuleOutcome(
    Verdict verdict, Action action, EmailType emailType, Urgency urgency, double confidence, String reason) {

  private static final RuleOutcome ABSTAIN = new RuleOutcome(Verdict.ABSTAIN, null, null, null, 0, null);

  /** The three verdicts. */
  public enum Verdict {
    /** The rule has nothing to say; later rules and the model decide. */
    ABSTAIN,
    /** The rule decides. */
    DECIDE,
    /** The email goes to the model; later rules are skipped. */
    CONSULT_MODEL
  }

  /** Checks that a decision has what it needs. */
  public RuleOutcome {
    Objects.requireNonNull(verdict, "verdict");
    if (verdict == Verdict.DECIDE) {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(emailType, "emailType");
      Objects.requireNonNull(urgency, "urgency");
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
      }
    }
    if (verdict != Verdict.ABSTAIN && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a rule that decides must say why");
    }
  }

  /** Nothing to say. */
  public static RuleOutcome abstain() {
    return ABSTAIN;
  }

  /** Ignore this email, with high confidence and low urgency. */
  public static RuleOutcome ignore(EmailType type, String reason) {
    return new RuleOutcome(Verdict.DECIDE, Action.IGNORE, type, Urgency.LOW, 0.99, reason);
  }

  /** Decide this email. */
  public static RuleOutcome decide(Action action, EmailType type, Urgency urgency, double confidence, String reason) {
    return new RuleOutcome(Verdict.DECIDE, action, type, urgency, confidence, reason);
  }

  /** Send this email to the model whatever later rules say. */
  public static RuleOutcome consultModel(String reason) {
    return new RuleOutcome(Verdict.CONSULT_MODEL, null, null, null, 0, reason);
  }
}
