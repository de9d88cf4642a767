package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.internal.WireNames;

/** What to do with an email: answer it or leave it. Wire values {@code respond|ignore}. */
public enum Action {
  /** {@code respond}. */
  @JsonProperty("respond")
  RESPOND,
  /** {@code ignore}. */
  @JsonProperty("ignore")
  IGNORE;

  /** The lowercase name used on the wire, in the database and in configuration. */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * The constant whose wire name (or Java name), ignoring case, is {@code value}.
   *
   * @throws IllegalArgumentException naming the accepted values when there is none
   */
  public static Action fromWire(String value) {
    return WireNames.parse(Action.class, value);
  }
}
