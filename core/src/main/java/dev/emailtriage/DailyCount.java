package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The decisions of one UTC day: how many emails were processed that day, and how many of them were to be answered
 * or ignored. One point of {@link EmailTriage#dailySeries}. Immutable.
 *
 * @param date the UTC day
 * @param emailsProcessed emails decided that day
 * @param emailsResponded of which respond
 * @param emailsIgnored of which ignore
 */
public record DailyCount(
    @JsonProperty("date") LocalDate date,
    @JsonProperty("emails_processed") long emailsProcessed,
    @JsonProperty("emails_responded") long emailsResponded,
    @JsonProperty("emails_ignored") long emailsIgnored) {

  /** Checks the parts. */
  public DailyCount {
    Objects.requireNonNull(date, "date");
    if (emailsProcessed < 0 || emailsResponded < 0 || emailsIgnored < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
