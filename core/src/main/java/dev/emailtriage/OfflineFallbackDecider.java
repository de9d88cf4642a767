package dev.emailtriage;

import dev.emailtriage.spi.Decider;

/**
 * The decider used when no model is configured: it decides nothing on its own. Every email that the rules and the
 * cache could not decide is stored as {@code respond}, with low confidence, {@code needs_review} true, a reason
 * saying that no model was consulted, no drafted reply, and source {@link DecisionSource#FALLBACK} — so a person
 * reads it and nothing is silently ignored. Re-triage these decisions once a model is configured
 * ({@link EmailTriage#retriage(DecisionSource, int)}). Stateless and thread-safe.
 */
public final class OfflineFallbackDecider implements Decider {

  /** The reason every fallback decision gives. */
  public static final String REASON = "No model configured: not analysed by a model; a person should read it";

  /** The confidence every fallback decision carries. */
  public static final double CONFIDENCE = 0.1;

  @Override
  public Decision decide(Email email, Prompt prompt) {
    return Decision.builder()
        .action(Action.RESPOND)
        .confidence(CONFIDENCE)
        .emailType(EmailType.OTHER)
        .urgency(Urgency.MEDIUM)
        .reason(REASON)
        .source(DecisionSource.FALLBACK)
        .needsReview(true)
        .prompt(prompt.id(), prompt.version())
        .build();
  }

  @Override
  public String name() {
    return "offline-fallback";
  }
}
