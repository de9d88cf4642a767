package dev.emailtriage;

import java.time.LocalDate;

/**
 * Filters and paging for listing stored emails, newest first. Every filter is optional ({@code null}). Immutable.
 *
 * @param action only this decision
 * @param emailType only this type
 * @param source only this source
 * @param from only senders whose address contains this text (case-insensitive)
 * @param needsReview only flagged (true) or unflagged (false) decisions
 * @param startDate received on or after this UTC day
 * @param endDate received on or before this UTC day
 * @param limit page size, 1 to {@link #MAX_LIMIT}
 * @param cursor the {@link Page#nextCursor()} of the previous page, or {@code null} for the first page
 */
public record EmailQuery(
    Action action,
    EmailType emailType,
    DecisionSource source,
    String from,
    Boolean needsReview,
    LocalDate startDate,
    LocalDate endDate,
    int limit,
    String cursor) {

  /** The largest page. */
  public static final int MAX_LIMIT = 200;

  /** The page size when none is given. */
  public static final int DEFAULT_LIMIT = 50;

  /** Checks the limit and the date range. */
  public EmailQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    if (startDate != null && endDate != null && endDate.isBefore(startDate)) {
      throw new IllegalArgumentException("end_date " + endDate + " is before start_date " + startDate);
    }
  }

  /** The first page of everything. */
  public static EmailQuery all() {
    return new EmailQuery(null, null, null, null, null, null, null, DEFAULT_LIMIT, null);
  }

  /** This query for the page after {@code nextCursor}. */
  public EmailQuery after(String nextCursor) {
    return new EmailQuery(action, emailType, source, from, needsReview, startDate, endDate, limit, nextCursor);
  }

  /** This query with another page size. */
  public EmailQuery withLimit(int newLimit) {
    return new EmailQuery(action, emailType, source, from, needsReview, startDate, endDate, newLimit, cursor);
  }
}
