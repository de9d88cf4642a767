package dev.emailtriage.internal.rules;

import dev.emailtriage.spi.RuleOutcome;

/**
 * Sends mail from a sender or domain on the user's allow list to the model, whatever later rules would say.
 * Immutable and thread-safe.
 */
public final class AllowListRule extends SenderListRule {

  /** A rule that sends mail from {@code allowed} to the model. */
  public AllowListRule(SenderList allowed) {
    super("allow-list", allowed);
  }

  @Override
  RuleOutcome onMatch(String entry) {
    return RuleOutcome.consultModel("sender on the allow list (" + entry + ")");
  }
}
