package dev.emailtriage.internal.rules;

import dev.emailtriage.EmailType;
import dev.emailtriage.spi.RuleOutcome;

/**
 * Ignores mail whose {@code From} is one of our own addresses: our own replies coming back, copies we sent, mail
 * loops. Only the sender counts; {@code To}, {@code X-Loop} or {@code List-Id} naming our address prove nothing (a
 * support address run as a group list stamps them on every customer's mail). Immutable and thread-safe.
 */
public final class OwnAddressRule extends SenderListRule {

  /** A rule that ignores mail sent from {@code own}. */
  public OwnAddressRule(SenderList own) {
    super("own-address", own);
  }

  @Override
  RuleOutcome onMatch(String entry) {
    return Outcomes.ignore(EmailType.OTHER, 0.97, "sent from our own address (" + entry + "): mail loop or our copy");
  }
}
