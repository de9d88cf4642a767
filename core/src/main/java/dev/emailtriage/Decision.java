package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The triage decision for one email: respond or ignore, how sure, what kind of email, how urgent, why, and a draft
 * reply when it is worth answering. Immutable and thread-safe.
 *
 * <p>Every decision records its {@link #source() source}, so a rule's, the cache's, the model's and the offline
 * fallback's decisions can never be mistaken for one another, and the prompt and model versions that produced it.
 * Confidence is rounded to two decimals, as the database stores it. Build one with {@link #builder()}.
 *
 * @param action respond or ignore (JSON {@code decision})
 * @param confidence how sure, in [0, 1], two decimals
 * @param emailType the kind of email
 * @param urgency how soon it needs attention
 * @param reason a short human explanation
 * @param suggestedResponse a draft reply, or {@code null}
 * @param source who decided
 * @param needsReview true when a person should look at it (low confidence, no model)
 * @param rule the name of the rule that decided, for {@link DecisionSource#RULE}; else {@code null}
 * @param promptId the id of the prompt used, or {@code null} when no prompt was used
 * @param promptVersion the version of that prompt, 0 when none
 * @param modelVersion the model that answered, or {@code null}
 * @param tokenUsage tokens the model call used, or {@code null} when no model was called
 * @param finishReason the model's finish reason ({@code STOP}...), or {@code null}
 * @param bodyTruncated true when the body was cut before it was sent to the model
 * @param examplesUsed how many corrected earlier emails were sent to the model with this email as examples
 *     ({@link EmailTriage.Builder#correctionExamples(int)}); 0 when none (then omitted from the JSON)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(
    @JsonProperty("decision") @NotNull Action action,
    @JsonProperty("confidence") @DecimalMin(value = "0.0", message = "must be between 0 and 1")
        @DecimalMax(value = "1.0", message = "must be between 0 and 1") double confidence,
    @JsonProperty("email_type") @NotNull EmailType emailType,
    @JsonProperty("urgency") @NotNull Urgency urgency,
    @JsonProperty("reason") @NotBlank @Size(max = 2000) String reason,
    @JsonProperty("suggested_response") @Valid SuggestedResponse suggestedResponse,
    @JsonProperty("source") @NotNull DecisionSource source,
    @JsonProperty("needs_review") boolean needsReview,
    @JsonProperty("rule") String rule,
    @JsonProperty("prompt_id") String promptId,
    @JsonProperty("prompt_version") @PositiveOrZero int promptVersion,
    @JsonProperty("model_version") @Size(max = 100) String modelVersion,
    @JsonProperty("token_usage") @Valid TokenUsage tokenUsage,
    @JsonProperty("finish_reason") String finishReason,
    @JsonProperty("body_truncated") boolean bodyTruncated,
    @JsonProperty("examples_used") @JsonInclude(JsonInclude.Include.NON_DEFAULT) @PositiveOrZero int examplesUsed) {

  /** Rounds the confidence to two decimals (half up); NaN stays NaN so that validation rejects it. */
  public Decision {
    if (!Double.isNaN(confidence) && !Double.isInfinite(confidence) && !hasTwoDecimals(confidence)) {
      confidence = BigDecimal.valueOf(confidence).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
  }

  /**
   * Whether {@code c} is already the double nearest to a number of two decimals (as every decision built from
   * another one is), which the rounding would give back unchanged: so it is skipped (it allocates).
   */
  private static boolean hasTwoDecimals(double c) {
    return Math.abs(c) < 1e6
        && Double.doubleToRawLongBits(Math.round(c * 100) / 100.0) == Double.doubleToRawLongBits(c);
  }

  /** A decision made without correction examples ({@link #examplesUsed()} 0). */
  public Decision(Action action, double confidence, EmailType emailType, Urgency urgency, String reason,
      SuggestedResponse suggestedResponse, DecisionSource source, boolean needsReview, String rule, String promptId,
      int promptVersion, String modelVersion, TokenUsage tokenUsage, String finishReason, boolean bodyTruncated) {
    this(action, confidence, emailType, urgency, reason, suggestedResponse, source, needsReview, rule, promptId,
        promptVersion, modelVersion, tokenUsage, finishReason, bodyTruncated, 0);
  }

  /** A builder; action, confidence, type, urgency, reason and source must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder seeded with this decision's values. */
  public Builder toBuilder() {
    return new Builder().action(action).confidence(confidence).emailType(emailType).urgency(urgency).reason(reason)
        .suggestedResponse(suggestedResponse).source(source).needsReview(needsReview).rule(rule)
        .prompt(promptId, promptVersion).modelVersion(modelVersion).tokenUsage(tokenUsage)
        .finishReason(finishReason).bodyTruncated(bodyTruncated).examplesUsed(examplesUsed);
  }

  /** This decision flagged (or not) for a person's review. */
  public Decision withNeedsReview(boolean review) {
    return review == needsReview ? this : toBuilder().needsReview(review).build();
  }

  /** Builds a {@link Decision}; not thread-safe. */
  public static final class Builder {
    private Action action;
    private double confidence = Double.NaN;
    private EmailType emailType;
    private Urgency urgency = Urgency.LOW;
    private String reason;
    private SuggestedResponse suggestedResponse;
    private DecisionSource source;
    private boolean needsReview;
    private String rule;
    private String promptId;
    private int promptVersion;
    private String modelVersion;
    private TokenUsage tokenUsage;
    private String finishReason;
    private boolean bodyTruncated;
    private int examplesUsed;

    private Builder() {}

    /** Respond or ignore. */
    public Builder action(Action action) {
      this.action = action;
      return this;
    }

    /** Confidence in [0, 1]. */
    public Builder confidence(double confidence) {
      this.confidence = confidence;
      return this;
    }

    /** The kind of email. */
    public Builder emailType(EmailType emailType) {
      this.emailType = emailType;
      return this;
    }

    /** How urgent; default low. */
    public Builder urgency(Urgency urgency) {
      this.urgency = urgency;
      return this;
    }

    /** Why. */
    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /** A draft reply, or {@code null}. */
    public Builder suggestedResponse(SuggestedResponse suggestedResponse) {
      this.suggestedResponse = suggestedResponse;
      return this;
    }

    /** Who decided. */
    public Builder source(DecisionSource source) {
      this.source = source;
      return this;
    }

    /** Whether a person should review it. */
    public Builder needsReview(boolean needsReview) {
      this.needsReview = needsReview;
      return this;
    }

    /** The deciding rule's name. */
    public Builder rule(String rule) {
      this.rule = rule;
      return this;
    }

    /** The prompt id and version used. */
    public Builder prompt(String promptId, int promptVersion) {
      this.promptId = promptId;
      this.promptVersion = promptVersion;
      return this;
    }

    /** The model that answered. */
    public Builder modelVersion(String modelVersion) {
      this.modelVersion = modelVersion;
      return this;
    }

    /** Tokens the call used. */
    public Builder tokenUsage(TokenUsage tokenUsage) {
      this.tokenUsage = tokenUsage;
      return this;
    }

    /** The model's finish reason. */
    public Builder finishReason(String finishReason) {
      this.finishReason = finishReason;
      return this;
    }

    /** Whether the body was cut before the model saw it. */
    public Builder bodyTruncated(boolean bodyTruncated) {
      this.bodyTruncated = bodyTruncated;
      return this;
    }

    /** How many correction examples the model was sent with the email. */
    public Builder examplesUsed(int examplesUsed) {
      this.examplesUsed = examplesUsed;
      return this;
    }

    /** The decision (checked by the pipeline's validation, not here). */
    public Decision build() {
      return new Decision(action, confidence, emailType, urgency, reason, suggestedResponse, source, needsReview, rule,
          promptId, promptVersion, modelVersion, tokenUsage, finishReason, bodyTruncated, examplesUsed);
    }
  }
}
