package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.internal.WireNames;

/**
 * Who made a decision: a rule, a sender rule the library learned ({@link SenderMemory}), the similar-email cache,
 * the model, or the offline fallback.
 */
public enum DecisionSource {
  /** {@code rule}. */
  @JsonProperty("rule")
  RULE,
  /** {@code learned}: a sender rule learned from earlier decisions and feedback (see {@link SenderMemory}). */
  @JsonProperty("learned")
  LEARNED,
  /** {@code cache}. */
  @JsonProperty("cache")
  CACHE,
  /** {@code model}. */
  @JsonProperty("model")
  MODEL,
  /** {@code fallback}. */
  @JsonProperty("fallback")
  FALLBACK;

  /** The lowercase name used on the wire, in the database and in configuration. */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * The constant whose wire name (or Java name), ignoring case, is {@code value}.
   *
   * @throws IllegalArgumentException naming the accepted values when there is none
   */
  public static DecisionSource fromWire(String value) {
    return WireNames.parse(DecisionSource.class, value);
  }
}
