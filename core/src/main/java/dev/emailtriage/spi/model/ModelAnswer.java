package dev.emailtriage.spi.model;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailType;
import dev.emailtriage.Prompt;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Urgency;
import java.util.Objects;

/**
 * A model's answer after {@link AnswerParser} checked it: every field within the limits core's validation accepts,
 * a draft present exactly when the action is respond. Immutable and thread-safe.
 *
 * @param action respond or ignore
 * @param confidence in [0, 1]
 * @param emailType the kind of email
 * @param urgency how urgent
 * @param reason non-blank, stripped
 * @param suggestedResponse present exactly when the action is respond
 */
public record ModelAnswer(Action action, double confidence, EmailType emailType, Urgency urgency, String reason,
    SuggestedResponse suggestedResponse) {

  /** The longest model version a decision stores (the database column's size). */
  public static final int MODEL_VERSION_MAX = 100;

  /** Checks that nothing required is missing. */
  public ModelAnswer {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(emailType, "emailType");
    Objects.requireNonNull(urgency, "urgency");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The decision of this answer, with source {@code MODEL}.
   *
   * @param prompt the prompt whose id and version are recorded, or {@code null} when the caller records it (a batch
   *     result read back after a restart: the pipeline stamps the prompt it submitted)
   * @param modelVersion the model that answered (cut at {@value #MODEL_VERSION_MAX} characters)
   * @param tokenUsage the tokens of every call that led to this answer, or {@code null}
   * @param finishReason the model's finish reason, or {@code null}
   * @param bodyTruncated whether the body was cut before it was sent
   * @return the decision
   */
  public Decision toDecision(Prompt prompt, String modelVersion, TokenUsage tokenUsage, String finishReason,
      boolean bodyTruncated) {
    String version = modelVersion != null && modelVersion.length() > MODEL_VERSION_MAX
        ? modelVersion.substring(0, MODEL_VERSION_MAX) : modelVersion;
    return Decision.builder()
        .action(action)
        .confidence(confidence)
        .emailType(emailType)
        .urgency(urgency)
        .reason(reason)
        .suggestedResponse(suggestedResponse)
        .source(DecisionSource.MODEL)
        .needsReview(false)
        .prompt(prompt == null ? null : prompt.id(), prompt == null ? 0 : prompt.version())
        .modelVersion(version)
        .tokenUsage(tokenUsage)
        .finishReason(finishReason)
        .bodyTruncated(bodyTruncated)
        .build();
  }
}
