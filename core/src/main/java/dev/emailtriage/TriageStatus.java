package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.internal.WireNames;

/** The stored state of an email: queued, being processed, processed (decided), or failed. */
public enum TriageStatus {
  /** {@code queued}. */
  @JsonProperty("queued")
  QUEUED,
  /** {@code processing}. */
  @JsonProperty("processing")
  PROCESSING,
  /** {@code processed}. */
  @JsonProperty("processed")
  PROCESSED,
  /** {@code failed}. */
  @JsonProperty("failed")
  FAILED;

  /** The lowercase name used on the wire, in the database and in configuration. */
  public String wireName() {
    return WireNames.of(this);
  }

  /**
   * The constant whose wire name (or Java name), ignoring case, is {@code value}.
   *
   * @throws IllegalArgumentException naming the accepted values when there is none
   */
  public static TriageStatus fromWire(String value) {
    return WireNames.parse(TriageStatus.class, value);
  }
}
