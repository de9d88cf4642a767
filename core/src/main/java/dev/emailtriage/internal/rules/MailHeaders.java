package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import java.util.Locale;
import java.util.Optional;

/** Reads the few raw headers that several built-in rules share. Stateless and thread-safe. */
final class MailHeaders {

  private MailHeaders() {}

  /**
   * The keyword of RFC 3834 {@code Auto-Submitted} ({@code auto-replied}, {@code auto-generated}...), lowercase and
   * without comments or parameters; empty when the header is absent, blank or {@code no}.
   */
  static Optional<String> autoSubmitted(Email email) {
    return email.header("Auto-Submitted")
        .map(MailHeaders::firstToken)
        .filter(keyword -> !keyword.isEmpty() && !keyword.equals("no"));
  }

  /** True when a {@code Return-Path} of the email is the null sender {@code <>} (bounces and other reports). */
  static boolean hasNullSender(Email email) {
    return email.headerValues("Return-Path").stream().anyMatch(Addresses::isNullSender);
  }

  /** The MIME type of the message ({@code multipart/report}), lowercase; empty when unknown. */
  static String mimeType(Email email) {
    return email.header("Content-Type").map(MailHeaders::firstToken).orElse("");
  }

  /** The value of a {@code name=value} parameter of a structured header value, lowercase and unquoted. */
  static Optional<String> parameter(String headerValue, String name) {
    for (String part : headerValue.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(name)) {
        return Optional.of(part.substring(eq + 1).strip().replace("\"", "").toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  /** The first value of header {@code name}, stripped and lowercase; empty string when absent. */
  static String lowercase(Email email, String name) {
    return email.header(name).map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("");
  }

  private static String firstToken(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    int end = v.length();
    for (char stop : new char[] {';', '(', ' ', '\t'}) {
      int i = v.indexOf(stop);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    return v.substring(0, end);
  }
}
