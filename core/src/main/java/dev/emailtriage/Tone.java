package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.internal.WireNames;

/** The tone of a drafted reply: {@code formal|informal|friendly|professional}. */
public enum Tone {
  /** {@code formal}. */
  @JsonProperty("formal")
  FORMAL,
  /** {@code informal}. */
  @JsonProperty("informal")
  INFORMAL,
  /** {@code friendly}. */
  @JsonProperty("friendly")
  FRIENDLY,
  /** {@code professional}. */
  @JsonProperty("professional")
  PROFESSIONAL;

  /** The lowercase name used on the wire, in the database and in configuration. */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * The constant whose wire name (or Java name), ignoring case, is {@code value}.
   *
   * @throws IllegalArgumentException naming the accepted values when there is none
   */
  public static Tone fromWire(String value) {
    return WireNames.parse(Tone.class, value);
  }
}
