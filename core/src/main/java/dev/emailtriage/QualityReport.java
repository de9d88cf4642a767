package dev.emailtriage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.AnalyticsSummary.Period;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * How well the decisions of a period agree with people's feedback: overall, per prompt version and per decision
 * source — emails with feedback, agreement on the decision and on the type, the confusion table, and the
 * calibration (confidence in ten bins → share agreed), with model calls and tokens so that two prompt versions of an
 * A/B test can be compared. Immutable and thread-safe.
 *
 * <p>A decision <em>agrees</em> with its feedback when the feedback's {@code correct_decision} is absent (the
 * decision was right) or equal to the decision; likewise for the type. The period covers emails processed from
 * {@code start} to {@code end}, inclusive, UTC days.
 *
 * <p><b>Suggested review threshold.</b> From the overall calibration: going down from the top bin (0.9–1.0), every
 * bin with at least {@value #MIN_BIN_FEEDBACK} emails with feedback must agree at least {@value #TARGET_AGREEMENT}
 * of the time; the suggestion is the lower edge of the lowest bin reached before one fails (so decisions below it
 * go to review). Bins with fewer emails are passed over. {@code null} when no bin has enough feedback; 1.0 when
 * even the top bin fails (review everything).
 *
 * @param period the period
 * @param overall every decision of the period
 * @param byPromptVersion one group per prompt id and version (decisions made with a prompt), by id then version
 * @param bySource one group per decision source, in {@link DecisionSource} order, all present
 * @param suggestedReviewThreshold see above, or {@code null}
 */
public record QualityReport(
    @JsonProperty("period") Period period,
    @JsonProperty("overall") Group overall,
    @JsonProperty("by_prompt_version") List<Group> byPromptVersion,
    @JsonProperty("by_source") List<Group> bySource,
    @JsonProperty("suggested_review_threshold") Double suggestedReviewThreshold) {

  /** Bins need at least this many emails with feedback to count for the suggested threshold. */
  public static final int MIN_BIN_FEEDBACK = 5;
  /** The share agreed a bin needs above the suggested threshold. */
  public static final double TARGET_AGREEMENT = 0.9;
  /** The calibration's number of bins. */
  public static final int BINS = 10;

  /** Copies the lists. */
  public QualityReport {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(overall, "overall");
    byPromptVersion = List.copyOf(byPromptVersion);
    bySource = List.copyOf(bySource);
  }

  /** A report over these groups, with the threshold suggested from {@code overall}'s calibration. */
  public static QualityReport of(Period period, Group overall, List<Group> byPromptVersion, List<Group> bySource) {
    return new QualityReport(period, overall, byPromptVersion, bySource, suggestThreshold(overall.calibration()));
  }

  /** The suggested review threshold of a calibration (see the class description), or {@code null}. */
  public static Double suggestThreshold(List<Bin> calibration) {
    Double threshold = null;
    for (int i = calibration.size() - 1; i >= 0; i--) {
      Bin b = calibration.get(i);
      if (b.withFeedback() < MIN_BIN_FEEDBACK) {
        continue;
      }
      if ((double) b.agreed() / b.withFeedback() < TARGET_AGREEMENT) {
        return threshold == null ? 1.0 : threshold;
      }
      threshold = b.lower();
    }
    return threshold;
  }

  /** The group of this prompt version, if the period has one. */
  public java.util.Optional<Group> promptVersion(String promptId, int version) {
    return byPromptVersion.stream()
        .filter(g -> promptId.equals(g.promptId()) && g.promptVersion() != null && g.promptVersion() == version)
        .findFirst();
  }

  /**
   * One group's figures.
   *
   * @param promptId the prompt id of a prompt-version group, else {@code null}
   * @param promptVersion the prompt version of a prompt-version group, else {@code null}
   * @param source the source of a source group (wire name), else {@code null}
   * @param decided emails decided in the period
   * @param modelCalls of those, decided by the model
   * @param totalTokens tokens the model used for them
   * @param withFeedback emails with a person's feedback
   * @param decisionAgreed of those, where the feedback agrees with the decision
   * @param decisionAgreement {@code decisionAgreed / withFeedback}, three decimals, {@code null} without feedback
   * @param typeAgreed of those, where the feedback agrees with the type
   * @param typeAgreement {@code typeAgreed / withFeedback}, three decimals, {@code null} without feedback
   * @param confusion the four cells decided × correct (respond/ignore), always all four
   * @param calibration ten bins of confidence, always all ten
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Group(
      @JsonProperty("prompt_id") String promptId,
      @JsonProperty("prompt_version") Integer promptVersion,
      @JsonProperty("source") String source,
      @JsonProperty("decided") long decided,
      @JsonProperty("model_calls") long modelCalls,
      @JsonProperty("total_tokens") long totalTokens,
      @JsonProperty("with_feedback") long withFeedback,
      @JsonProperty("decision_agreed") long decisionAgreed,
      @JsonProperty("decision_agreement") Double decisionAgreement,
      @JsonProperty("type_agreed") long typeAgreed,
      @JsonProperty("type_agreement") Double typeAgreement,
      @JsonProperty("confusion") List<Cell> confusion,
      @JsonProperty("calibration") List<Bin> calibration) {

    /** Copies the lists. */
    public Group {
      confusion = List.copyOf(confusion);
      calibration = List.copyOf(calibration);
    }
  }

  /**
   * One cell of the confusion table.
   *
   * @param decided what was decided
   * @param correct what the feedback says was right
   * @param count how many emails
   */
  public record Cell(@JsonProperty("decided") Action decided, @JsonProperty("correct") Action correct,
      @JsonProperty("count") long count) {}

  /**
   * One calibration bin: decisions with a confidence in {@code [lower, upper)} (the last bin includes 1.0).
   *
   * @param lower the bin's lower edge
   * @param upper the bin's upper edge
   * @param withFeedback emails with feedback in the bin
   * @param agreed of those, where the feedback agrees with the decision
   * @param agreement {@code agreed / withFeedback}, three decimals, {@code null} without feedback
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Bin(@JsonProperty("lower") double lower, @JsonProperty("upper") double upper,
      @JsonProperty("with_feedback") long withFeedback, @JsonProperty("agreed") long agreed,
      @JsonProperty("agreement") Double agreement) {}

  /** {@code part / whole} rounded half-up to three decimals, or {@code null} when {@code whole} is zero. */
  public static Double rate(long part, long whole) {
    return whole == 0 ? null
        : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 3, RoundingMode.HALF_UP).doubleValue();
  }

  /** The calibration bin (0–9) of a confidence: its first decimal, 1.0 in the last bin. */
  public static int bin(double confidence) {
    return Math.min(BINS - 1, Math.max(0, BigDecimal.valueOf(confidence).movePointRight(1).intValue()));
  }
}
