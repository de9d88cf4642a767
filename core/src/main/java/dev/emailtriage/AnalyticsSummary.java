package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Totals and averages of the decisions taken in a period, in the origin plan's shape ({@code period},
 * {@code totals}, {@code average_metrics}, {@code top_reasons}) plus counts by source and by prompt version.
 * Immutable.
 *
 * @param period the inclusive period (UTC dates)
 * @param totals counts and the response rate
 * @param averageMetrics average processing time and confidence
 * @param topReasons the most frequent reasons, per decision ({@code respond}, {@code ignore})
 * @param bySource how many decisions each source made, by wire name
 * @param byPromptVersion counts per prompt version
 */
public record AnalyticsSummary(
    @JsonProperty("period") Period period,
    @JsonProperty("totals") Totals totals,
    @JsonProperty("average_metrics") AverageMetrics averageMetrics,
    @JsonProperty("top_reasons") Map<String, List<ReasonCount>> topReasons,
    @JsonProperty("by_source") Map<String, Long> bySource,
    @JsonProperty("by_prompt_version") List<PromptVersionCount> byPromptVersion) {

  /** How many top reasons are listed per decision. */
  public static final int TOP_REASONS = 5;

  /** Copies the collections. */
  public AnalyticsSummary {
    topReasons = Map.copyOf(topReasons);
    bySource = Map.copyOf(bySource);
    byPromptVersion = List.copyOf(byPromptVersion);
  }

  /**
   * An inclusive period.
   *
   * @param start first day
   * @param end last day
   */
  public record Period(@JsonProperty("start") LocalDate start, @JsonProperty("end") LocalDate end) {}

  /**
   * Counts of processed emails.
   *
   * @param emailsProcessed all decided
   * @param emailsResponded decided respond
   * @param emailsIgnored decided ignore
   * @param responseRate responded / processed, three decimals, 0 when none
   */
  public record Totals(
      @JsonProperty("emails_processed") long emailsProcessed,
      @JsonProperty("emails_responded") long emailsResponded,
      @JsonProperty("emails_ignored") long emailsIgnored,
      @JsonProperty("response_rate") double responseRate) {}

  /**
   * Averages over processed emails.
   *
   * @param processingTimeSeconds mean processing time, seconds
   * @param confidenceScore mean confidence
   */
  public record AverageMetrics(
      @JsonProperty("processing_time_seconds") double processingTimeSeconds,
      @JsonProperty("confidence_score") double confidenceScore) {}

  /**
   * A reason and how often it was given.
   *
   * @param reason the reason text
   * @param count how many decisions gave it
   */
  public record ReasonCount(@JsonProperty("reason") String reason, @JsonProperty("count") long count) {}

  /**
   * Decisions made with one prompt version.
   *
   * @param promptId the prompt id
   * @param promptVersion its version
   * @param emailsProcessed decisions made with it
   * @param emailsResponded of which respond
   */
  public record PromptVersionCount(
      @JsonProperty("prompt_id") String promptId,
      @JsonProperty("prompt_version") int promptVersion,
      @JsonProperty("emails_processed") long emailsProcessed,
      @JsonProperty("emails_responded") long emailsResponded) {}
}
