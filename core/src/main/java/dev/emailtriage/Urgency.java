package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.internal.WireNames;

/** How soon an email needs attention: {@code high|medium|low}. */
public enum Urgency {
  /** {@code high}. */
  @JsonProperty("high")
  HIGH,
  /** {@code medium}. */
  @JsonProperty("medium")
  MEDIUM,
  /** {@code low}. */
  @JsonProperty("low")
  LOW;

  /** The lowercase name used on the wire, in the database and in configuration. */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * The constant whose wire name (or Java name), ignoring case, is {@code value}.
   *
   * @throws IllegalArgumentException naming the accepted values when there is none
   */
  public static Urgency fromWire(String value) {
    return WireNames.parse(Urgency.class, value);
  }
}
