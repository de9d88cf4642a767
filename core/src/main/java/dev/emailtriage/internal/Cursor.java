package dev.emailtriage.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque keyset-paging cursor of a listing sorted by (received_at, email_id) descending. Not API.
 *
 * @param receivedAt the last item's received time
 * @param emailId the last item's id
 */
public record Cursor(Instant receivedAt, String emailId) {

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
