package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.AnalyticsSummary.Period;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.Prompt;
import dev.emailtriage.QualityReport;
import dev.emailtriage.spi.PromptRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * How well decisions agree with people's feedback: per prompt version and per source, confusion, calibration, the
 * suggested review threshold, and — while an A/B test runs — the active prompt and the challenger side by side.
 */
@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "analytics")
@SecurityRequirement(name = "bearer")
public class QualityController {

  private final EmailTriage triage;
  private final PromptRepository prompts;

  /** The controller over this pipeline and prompt repository. */
  public QualityController(EmailTriage triage, PromptRepository prompts) {
    this.triage = triage;
    this.prompts = prompts;
  }

  /**
   * The quality report, plus the A/B comparison while a challenger is set.
   *
   * @param period the period
   * @param overall every decision of the period
   * @param byPromptVersion per prompt version
   * @param bySource per source
   * @param suggestedReviewThreshold from the calibration, or {@code null} without enough feedback
   * @param abTest the active prompt against the challenger, or {@code null} when no test runs
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record QualityView(
      @JsonProperty("period") Period period,
      @JsonProperty("overall") QualityReport.Group overall,
      @JsonProperty("by_prompt_version") List<QualityReport.Group> byPromptVersion,
      @JsonProperty("by_source") List<QualityReport.Group> bySource,
      @JsonProperty("suggested_review_threshold") Double suggestedReviewThreshold,
      @JsonProperty("ab_test") AbTest abTest) {}

  /**
   * An A/B test's two prompt versions over the period.
   *
   * @param share the challenger's share of traffic
   * @param active the active prompt's latest version
   * @param challenger the challenger's latest version
   */
  public record AbTest(@JsonProperty("share") double share, @JsonProperty("active") Arm active,
      @JsonProperty("challenger") Arm challenger) {}

  /**
   * One side of an A/B test.
   *
   * @param promptId the prompt
   * @param promptVersion its version
   * @param figures its figures over the period (decided, model calls, tokens, agreement, with the counts)
   */
  public record Arm(@JsonProperty("prompt_id") String promptId, @JsonProperty("prompt_version") int promptVersion,
      @JsonProperty("figures") QualityReport.Group figures) {}

  /** The quality report between two inclusive UTC dates (default the last 30 days). */
  @GetMapping("/quality")
  @Operation(summary = "Agreement with feedback per prompt version and source, confusion, calibration, A/B test",
      description = "start_date and end_date are ISO dates (2025-01-31); default the last 30 days up to today (UTC).")
  public QualityView quality(@RequestParam(name = "start_date", required = false) String startDate,
      @RequestParam(name = "end_date", required = false) String endDate) {
    List<Problems.FieldError> errors = new ArrayList<>();
    LocalDate end = parse("end_date", endDate, errors);
    LocalDate start = parse("start_date", startDate, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    if (end == null) {
      end = start != null && start.isAfter(today) ? start : today;
    }
    if (start == null) {
      start = end.minusDays(29);
    }
    if (end.isBefore(start)) {
      throw InvalidRequestException.of("end_date", "must not be before start_date");
    }
    QualityReport r = triage.quality(start, end);
    AbTest ab = prompts.challenger().map(c -> {
      Prompt active = prompts.active();
      return new AbTest(c.share(), arm(r, active), arm(r, c.prompt()));
    }).orElse(null);
    return new QualityView(r.period(), r.overall(), r.byPromptVersion(), r.bySource(), r.suggestedReviewThreshold(),
        ab);
  }

  private static Arm arm(QualityReport r, Prompt p) {
    return new Arm(p.id(), p.version(), r.promptVersion(p.id(), p.version()).orElse(null));
  }

  private static LocalDate parse(String field, String value, List<Problems.FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      errors.add(new Problems.FieldError(field, "must be a date such as 2025-01-31"));
      return null;
    }
  }
}
