package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.internal.WireNames;

/** The kind of an email, as the origin plan's seven types plus {@code notification} (system notices, bounces). */
public enum EmailType {
  /** {@code question}. */
  @JsonProperty("question")
  QUESTION,
  /** {@code complaint}. */
  @JsonProperty("complaint")
  COMPLAINT,
  /** {@code request}. */
  @JsonProperty("request")
  REQUEST,
  /** {@code spam}. */
  @JsonProperty("spam")
  SPAM,
  /** {@code newsletter}. */
  @JsonProperty("newsletter")
  NEWSLETTER,
  /** {@code auto_reply}. */
  @JsonProperty("auto_reply")
  AUTO_REPLY,
  /** {@code other}. */
  @JsonProperty("other")
  OTHER,
  /** {@code notification}. */
  @JsonProperty("notification")
  NOTIFICATION;

  /** The lowercase name used on the wire, in the database and in configuration. */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * The constant whose wire name (or Java name), ignoring case, is {@code value}.
   *
   * @throws IllegalArgumentException naming the accepted values when there is none
   */
  public static EmailType fromWire(String value) {
    return WireNames.parse(EmailType.class, value);
  }
}
