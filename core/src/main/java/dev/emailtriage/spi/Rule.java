package dev.emailtriage.spi;

import dev.emailtriage.Email;

/**
 * A check that decides an email without the model when it is sure, and otherwise abstains. Rules run in order;
 * the first that does not abstain wins. Implementations must be thread-safe and fast (no I/O).
 *
 * <p>A rule must never ignore mail a person wrote and expects an answer to: {@code List-Id} or
 * {@code Precedence: list} alone, for instance, mark a discussion list or a support group address, not a campaign.
 *
 * <pre>{@code
 * Rule vip = new Rule() {
 *   public String name() { return "vip"; }
 *   public RuleOutcome evaluate(Email email) {
 *     return email.from().endsWith("@bigclient.com")
 *         ? RuleOutcome.consultModel("VIP customer")
 *         : RuleOutcome.abstain();
 *   }
 * };
 * }</pre>
 */
public interface Rule {

  /** A short, stable name for logs and metrics ({@code auto-reply-headers}). */
  String name();

  /** What this rule concludes about {@code email}; never {@code null}. */
  RuleOutcome evaluate(Email email);
}
