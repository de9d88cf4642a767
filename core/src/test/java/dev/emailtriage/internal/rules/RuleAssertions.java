package dev.emailtriage.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.RuleOutcome;

/** Assertions on what a rule concluded. */
public final class RuleAssertions {

  private RuleAssertions() {}

  /** The rule ignored the email as {@code type}, sure (0.95 to 0.99) and with low urgency; returns the reason. */
  public static String assertIgnoredAs(RuleOutcome outcome, EmailType type) {
    assertThat(outcome.verdict()).as("verdict").isEqualTo(RuleOutcome.Verdict.DECIDE);
    assertThat(outcome.action()).as("action").isEqualTo(Action.IGNORE);
    assertThat(outcome.emailType()).as("type").isEqualTo(type);
    assertThat(outcome.urgency()).as("urgency").isEqualTo(Urgency.LOW);
    assertThat(outcome.confidence()).as("confidence").isBetween(0.95, 0.99);
    return outcome.reason();
  }

  /** The rule had nothing to say. */
  public static void assertAbstains(RuleOutcome outcome) {
    assertThat(outcome.verdict()).as("verdict (reason: %s)", outcome.reason()).isEqualTo(RuleOutcome.Verdict.ABSTAIN);
  }
}
