package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.Objects;

/** A rule that speaks when the sender is on a {@link SenderList} and abstains otherwise. */
abstract class SenderListRule implements Rule {

  private final String name;
  private final SenderList senders;

  SenderListRule(String name, SenderList senders) {
    this.name = name;
    this.senders = Objects.requireNonNull(senders, "senders");
  }

  /** What to conclude about a sender that matches {@code entry} of the list. */
  abstract RuleOutcome onMatch(String entry);

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final RuleOutcome evaluate(Email email) {
    return senders.match(email.from()).map(this::onMatch).orElse(RuleOutcome.abstain());
  }
}
