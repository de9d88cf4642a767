package dev.emailtriage.internal.rules;

import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.RuleOutcome;

/** The one kind of decision the built-in rules make: ignore, with low urgency and a given confidence. */
final class Outcomes {

  private Outcomes() {}

  /** Ignore the email as {@code type}, {@code confidence} sure, because of {@code reason}. */
  static RuleOutcome ignore(EmailType type, double confidence, String reason) {
    return RuleOutcome.decide(Action.IGNORE, type, Urgency.LOW, confidence, reason);
  }
}
