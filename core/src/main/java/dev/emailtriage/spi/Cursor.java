package dev.emailtriage.spi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The opaque keyset-paging cursor of {@link DecisionStore#list}: the position after the last item of a page in the
 * listing's order, {@code (received_at, email_id)} descending. Immutable and thread-safe.
 *
 * <p>Every store writes and reads the same cursor text, so a client may page through one store's listing with the
 * cursors another gave (say, after moving from memory to PostgreSQL). A store writer returns
 * {@code new Cursor(last.email().receivedAt(), last.emailId()).encode()} as a page's next cursor, and continues a
 * listing with the items strictly after {@link #decode(String) decode(query.cursor())} in that order.
 *
 * <pre>{@code
 * Cursor after = query.cursor() == null ? null : Cursor.decode(query.cursor());
 * // SQL: WHERE (received_at, email_id) < (:after_received_at, :after_email_id)
 * }</pre>
 *
 * @param receivedAt the last item's received time
 * @param emailId the last item's id
 */
public record Cursor(Instant receivedAt, String emailId) {

  /** Checks the parts. */
  public Cursor {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(emailId, "emailId");
  }

  /** The cursor as an opaque URL-safe string. */
  public String encode() {
    String raw = receivedAt.getEpochSecond() + "." + receivedAt.getNano() + "|" + emailId;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor written by {@link #encode()}.
   *
   * @throws IllegalArgumentException when {@code text} is not such a cursor
   */
  public static Cursor decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      int dot = raw.indexOf('.');
      if (bar < 0 || dot < 0 || dot > bar) {
        throw new IllegalArgumentException("malformed cursor");
      }
      Instant at = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)),
          Long.parseLong(raw.substring(dot + 1, bar)));
      return new Cursor(at, raw.substring(bar + 1));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new IllegalArgumentException("invalid cursor '" + text + "'", e);
    }
  }
}
