package dev.emailtriage.server.web;

import dev.emailtriage.Action;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailQuery;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.Page;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/** The email endpoints of the origin plan under {@code /api/v1}. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "emails")
@SecurityRequirement(name = "bearer")
public class EmailController {

  private final EmailTriage triage;
  private final RequestValidator validator;
  private final Clock clock = Clock.systemUTC();

  /** The controller over the pipeline's facade (never the store's SPI). */
  public EmailController(EmailTriage triage, RequestValidator validator) {
    this.triage = triage;
    this.validator = validator;
  }

  /**
   * Decides an email: 200 with the decision; with {@code Prefer: respond-async} or {@code ?async=true}, 202 with a
   * job id. A model failure is not an error of the request: a retryable one is answered 202 with the stored failed
   * state (the worker decides it again later), a final one 503.
   */
  @PostMapping("/emails/process")
  @Operation(summary = "Decide whether an email deserves a reply",
      description = "200 with the decision (status processed); 202 with job_id and estimated_time when sent with "
          + "'Prefer: respond-async' or ?async=true; 202 with status failed and retryable true when the model call "
          + "failed and will be retried; 503 when it failed for good. Re-posting an email_id returns the stored "
          + "decision.")
  @ApiResponse(responseCode = "200", description = "decided: the flat result, status processed")
  @ApiResponse(responseCode = "202", description = "queued (job_id, estimated_time), or failed and retryable")
  @ApiResponse(responseCode = "400", description = "invalid body: problem details naming every bad field")
  @ApiResponse(responseCode = "401", description = "no or wrong API key")
  @ApiResponse(responseCode = "413", description = "body larger than 2 MB")
  @ApiResponse(responseCode = "429", description = "rate limit; see Retry-After")
  @ApiResponse(responseCode = "503", description = "the model failed for good; stored as failed")
  public ResponseEntity<?> process(@RequestBody(required = false) ProcessEmailRequest body,
      @Parameter(description = "true to queue the email and answer 202 at once")
      @RequestParam(name = "async", required = false) String async,
      @RequestHeader(name = "Prefer", required = false) String prefer) {
    boolean queue = wantsAsync(async, prefer);
    ProcessEmailRequest request = validator.check(body);
    if (queue) {
      TriageResult r = triage.submit(request.toEmail());
      if (r.status() == TriageStatus.QUEUED || r.status() == TriageStatus.PROCESSING) {
        long estimate = Math.max(1, (triage.queueDepth() + 1) * 2);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
            .location(statusUri(r.emailId()))
            .header("Preference-Applied", "respond-async")
            .body(new EmailViews.Queued(r.status().wireName(), r.emailId(), r.jobId(), estimate));
      }
      return answer(r);
    }
    return answer(triage.process(request.toEmail()));
  }

  private ResponseEntity<?> answer(TriageResult r) {
    if (r.status() != TriageStatus.FAILED) {
      HttpStatus status = r.status() == TriageStatus.PROCESSED ? HttpStatus.OK : HttpStatus.ACCEPTED;
      return ResponseEntity.status(status).body(r);
    }
    if (r.retryable()) {
      return ResponseEntity.status(HttpStatus.ACCEPTED).location(statusUri(r.emailId())).body(r);
    }
    ProblemDetail p = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "decision-failed", "Could not decide the email",
        "The model could not decide this email and it will not be retried; it is stored as failed.");
    p.setProperty("email_id", r.emailId());
    p.setProperty("email_status", "failed");
    p.setProperty("retryable", false);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(p);
  }

  private static boolean wantsAsync(String async, String prefer) {
    boolean byHeader = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async");
    if (async == null) {
      return byHeader;
    }
    if (async.equalsIgnoreCase("true")) {
      return true;
    }
    if (async.equalsIgnoreCase("false") || async.isEmpty()) {
      return byHeader;
    }
    throw InvalidRequestException.of("async", "must be true or false");
  }

  private static URI statusUri(String emailId) {
    return URI.create("/api/v1/emails/" + UriUtils.encodePathSegment(emailId, java.nio.charset.StandardCharsets.UTF_8)
        + "/status");
  }

  /** The state of an email: {@code queued|processing|completed|failed}, with its decision once completed. */
  @GetMapping("/emails/{email_id}/status")
  @Operation(summary = "The state of an email (completed once decided)")
  public EmailViews.Status status(@PathVariable("email_id") String emailId) {
    return EmailViews.Status.of(find(emailId));
  }

  /** Stored emails, newest first, filtered, paged by cursor. */
  @GetMapping("/emails")
  @Operation(summary = "List stored emails, newest first",
      description = "Filters are optional; dates are inclusive UTC days of received_at; limit 1..200 (default 50); "
          + "pass next_cursor as cursor for the next page.")
  public EmailViews.ItemPage list(
      @RequestParam(name = "decision", required = false) String decision,
      @RequestParam(name = "email_type", required = false) String emailType,
      @RequestParam(name = "source", required = false) String source,
      @RequestParam(name = "from", required = false) String from,
      @RequestParam(name = "needs_review", required = false) String needsReview,
      @RequestParam(name = "start_date", required = false) String startDate,
      @RequestParam(name = "end_date", required = false) String endDate,
      @RequestParam(name = "limit", required = false) String limit,
      @RequestParam(name = "cursor", required = false) String cursor) {
    List<Problems.FieldError> errors = new ArrayList<>();
    Action action = parse("decision", decision, v -> wire(Action.values(), v), errors);
    EmailType type = parse("email_type", emailType, v -> wire(EmailType.values(), v), errors);
    DecisionSource src = parse("source", source, v -> wire(DecisionSource.values(), v), errors);
    Boolean review = parse("needs_review", needsReview, EmailController::bool, errors);
    LocalDate start = parse("start_date", startDate, EmailController::date, errors);
    LocalDate end = parse("end_date", endDate, EmailController::date, errors);
    Integer size = parse("limit", limit, EmailController::limit, errors);
    if (start != null && end != null && end.isBefore(start)) {
      errors.add(new Problems.FieldError("end_date", "must not be before start_date"));
    }
    if (from != null && from.length() > 320) {
      errors.add(new Problems.FieldError("from", "must be at most 320 characters"));
    } else if (from != null && dev.emailtriage.Email.textProblem(from) != null) {
      errors.add(new Problems.FieldError("from", dev.emailtriage.Email.textProblem(from)));
    }
    cursor = blankToNull(cursor);
    if (cursor != null && !validCursor(cursor)) {
      errors.add(new Problems.FieldError("cursor", "is not a cursor from next_cursor"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    EmailQuery query = new EmailQuery(action, type, src, blankToNull(from), review, start, end,
        size == null ? EmailQuery.DEFAULT_LIMIT : size, cursor);
    Page<EmailRecord> page;
    try {
      page = triage.list(query);
    } catch (IllegalArgumentException e) {
      if (cursor != null) {
        throw InvalidRequestException.of("cursor", "is not a cursor from next_cursor");
      }
      throw e;
    }
    return new EmailViews.ItemPage(page.items().stream().map(EmailViews.Item::of).toList(), page.nextCursor());
  }

  /** Records a person's correction of the decision. */
  @PostMapping("/emails/{email_id}/feedback")
  @Operation(summary = "Record feedback on a decision (correct_decision, correct_type, comment)")
  public EmailViews.Status feedback(@PathVariable("email_id") String emailId,
      @RequestBody(required = false) FeedbackRequest body) {
    FeedbackRequest request = validator.check(body);
    if (request.correctDecision() == null && request.correctType() == null
        && (request.comment() == null || request.comment().isBlank())) {
      throw InvalidRequestException.of("(body)", "needs at least one of correct_decision, correct_type, comment");
    }
    Feedback feedback = new Feedback(request.correctDecision(), request.correctType(), request.comment(),
        clock.instant());
    checkId(emailId);
    if (!triage.feedback(emailId, feedback)) {
      throw unknown(emailId);
    }
    return EmailViews.Status.of(find(emailId));
  }

  /** Marks the reply to the email as sent: {@code response_sent} becomes true. */
  @PostMapping("/emails/{email_id}/sent")
  @Operation(summary = "Mark the reply as sent (response_sent becomes true)")
  public EmailViews.Status sent(@PathVariable("email_id") String emailId) {
    checkId(emailId);
    if (!triage.markResponseSent(emailId)) {
      throw unknown(emailId);
    }
    return EmailViews.Status.of(find(emailId));
  }

  private EmailRecord find(String emailId) {
    checkId(emailId);
    return triage.record(emailId).orElseThrow(() -> unknown(emailId));
  }

  /** An id in the path follows the text rule of every id: no NUL, no unpaired surrogate. */
  private static void checkId(String emailId) {
    String problem = dev.emailtriage.Email.textProblem(emailId);
    if (problem != null) {
      throw InvalidRequestException.of("email_id", problem);
    }
  }

  private static NotFoundException unknown(String emailId) {
    return new NotFoundException("No email with email_id '" + Problems.printable(emailId) + "'.");
  }

  /** The wire name (lowercase) of one of {@code values}, or an error listing them, naming no Java type. */
  private static <E extends Enum<E>> E wire(E[] values, String text) {
    List<String> names = new ArrayList<>();
    for (E e : values) {
      String name = e.name().toLowerCase(Locale.ROOT);
      if (name.equals(text.toLowerCase(Locale.ROOT))) {
        return e;
      }
      names.add(name);
    }
    throw new IllegalArgumentException("must be one of " + names);
  }

  /**
   * True when {@code cursor} is what {@code next_cursor} gives: base64url of {@code seconds.nanos|email_id}, with a
   * time a store can keep and an id under the text rule.
   */
  static boolean validCursor(String cursor) {
    if (cursor.length() > 1000 || !cursor.matches("[A-Za-z0-9_-]+")) {
      return false;
    }
    try {
      String raw = new String(java.util.Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      int dot = raw.indexOf('.');
      if (bar < 0 || dot < 0 || dot > bar) {
        return false;
      }
      java.time.Instant at = java.time.Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)),
          Long.parseLong(raw.substring(dot + 1, bar)));
      String id = raw.substring(bar + 1);
      return dev.emailtriage.Email.instantProblem(at) == null && dev.emailtriage.Email.textProblem(id) == null
          && id.length() <= 255;
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return false;
    }
  }

  private static <T> T parse(String field, String value, Function<String, T> parser,
      List<Problems.FieldError> errors) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return parser.apply(value.trim());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      String message = e instanceof DateTimeParseException ? "must be a date such as 2025-01-31" : e.getMessage();
      errors.add(new Problems.FieldError(field, message));
      return null;
    }
  }

  /** An ISO date between the years 1 and 9999 (what PostgreSQL and every store keep). */
  static LocalDate date(String s) {
    LocalDate d = LocalDate.parse(s);
    if (d.getYear() < 1 || d.getYear() > 9999) {
      throw new IllegalArgumentException("must be a date between 0001-01-01 and 9999-12-31");
    }
    return d;
  }

  private static Boolean bool(String s) {
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("must be true or false");
  }

  private static Integer limit(String s) {
    int n;
    try {
      n = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a whole number from 1 to " + EmailQuery.MAX_LIMIT);
    }
    if (n < 1 || n > EmailQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("must be from 1 to " + EmailQuery.MAX_LIMIT);
    }
    return n;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
