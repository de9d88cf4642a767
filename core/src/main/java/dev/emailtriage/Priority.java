package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.internal.WireNames;

/** The priority a mail client gave an email: {@code high|medium|low|normal}. */
public enum Priority {
  /** {@code high}. */
  @JsonProperty("high")
  HIGH,
  /** {@code medium}. */
  @JsonProperty("medium")
  MEDIUM,
  /** {@code low}. */
  @JsonProperty("low")
  LOW,
  /** {@code normal}. */
  @JsonProperty("normal")
  NORMAL;

  /** The lowercase name used on the wire, in the database and in configuration. */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * The constant whose wire name (or Java name), ignoring case, is {@code value}.
   *
   * @throws IllegalArgumentException naming the accepted values when there is none
   */
  public static Priority fromWire(String value) {
    return WireNames.parse(Priority.class, value);
  }
}
