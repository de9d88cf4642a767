package dev.emailtriage.internal.rules;

import dev.emailtriage.EmailType;
import dev.emailtriage.spi.RuleOutcome;

/** Ignores mail from a sender or domain on the user's deny list. Immutable and thread-safe. */
public final class DenyListRule extends SenderListRule {

  /** A rule that ignores mail from {@code denied}. */
  public DenyListRule(SenderList denied) {
    super("deny-list", denied);
  }

  @Override
  RuleOutcome onMatch(String entry) {
    return Outcomes.ignore(EmailType.OTHER, 0.99, "sender on the deny list (" + entry + ")");
  }
}
