package dev.emailtriage.server.web;

import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.DailyCount;
import dev.emailtriage.EmailTriage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Analytics of the decisions taken in a period (inclusive UTC days). */
@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "analytics")
@SecurityRequirement(name = "bearer")
public class AnalyticsController {

  /** The longest period of {@code /analytics/daily}, in days. */
  static final int MAX_DAILY_DAYS = 366;

  private final EmailTriage triage;

  /** The controller over the pipeline's facade. */
  public AnalyticsController(EmailTriage triage) {
    this.triage = triage;
  }

  /** Totals, averages, top reasons and counts by source between two UTC dates, inclusive. */
  @GetMapping("/summary")
  @Operation(summary = "Totals, averages and top reasons between two inclusive UTC dates",
      description = "start_date and end_date are ISO dates (2025-01-31); default the last 30 days up to today (UTC).")
  public AnalyticsSummary summary(@RequestParam(name = "start_date", required = false) String startDate,
      @RequestParam(name = "end_date", required = false) String endDate) {
    LocalDate[] range = range(startDate, endDate, Integer.MAX_VALUE);
    return triage.summary(range[0], range[1]);
  }

  /** Decisions per UTC day (for the dashboard's chart over time); at most 366 days. */
  @GetMapping("/daily")
  @Operation(summary = "Decisions per UTC day between two inclusive dates (at most 366 days)")
  public List<DailyCount> daily(@RequestParam(name = "start_date", required = false) String startDate,
      @RequestParam(name = "end_date", required = false) String endDate) {
    LocalDate[] range = range(startDate, endDate, MAX_DAILY_DAYS);
    return triage.dailySeries(range[0], range[1]);
  }

  private static LocalDate[] range(String startDate, String endDate, int maxDays) {
    List<Problems.FieldError> errors = new ArrayList<>();
    LocalDate end = parse("end_date", endDate, errors);
    LocalDate start = parse("start_date", startDate, errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    if (end == null) {
      end = start != null && start.isAfter(today()) ? start : today();
    }
    if (start == null) {
      start = end.minusDays(29);
    }
    if (end.isBefore(start)) {
      throw InvalidRequestException.of("end_date", "must not be before start_date");
    }
    if (ChronoUnit.DAYS.between(start, end) + 1 > maxDays) {
      throw InvalidRequestException.of("end_date", "must be at most " + maxDays + " days after start_date");
    }
    return new LocalDate[] {start, end};
  }

  private static LocalDate today() {
    return LocalDate.now(ZoneOffset.UTC);
  }

  private static LocalDate parse(String field, String value, List<Problems.FieldError> errors) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return EmailController.date(value.trim());
    } catch (DateTimeParseException e) {
      errors.add(new Problems.FieldError(field, "must be a date such as 2025-01-31"));
      return null;
    } catch (IllegalArgumentException e) {
      errors.add(new Problems.FieldError(field, e.getMessage()));
      return null;
    }
  }
}
