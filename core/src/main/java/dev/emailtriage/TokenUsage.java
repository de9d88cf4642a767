package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Tokens one model call used. Immutable.
 *
 * @param prompt tokens of the request (system instruction and email)
 * @param candidates tokens of the answer
 * @param thoughts tokens the model spent thinking (billed as output)
 * @param total all tokens billed for the call
 */
public record TokenUsage(
    @JsonProperty("prompt") @PositiveOrZero int prompt,
    @JsonProperty("candidates") @PositiveOrZero int candidates,
    @JsonProperty("thoughts") @PositiveOrZero int thoughts,
    @JsonProperty("total") @PositiveOrZero int total) {

  /** No tokens. */
  public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);
}
