package dev.emailtriage.internal.rules;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts the bare address from a header value as mail writes it ({@code "Ana <ana@example.com>"},
 * {@code ana@example.com (Ana)}, {@code <ana@example.com>}) and splits it into local part and domain. Stateless and
 * thread-safe; every result is lowercase.
 */
public final class Addresses {

  /** The address inside angle brackets, as in {@code Name <a@b.com>}. */
  private static final Pattern ANGLE = Pattern.compile("<\\s*([^<>\\s]*)\\s*>");

  /** A bare {@code local@domain} token. */
  private static final Pattern BARE = Pattern.compile("([^\\s<>()\",;:]+@[^\\s<>()\",;:]+)");

  private Addresses() {}

  /**
   * The address in {@code raw}, lowercase; empty when there is none (a blank header, a display name alone). The null
   * sender {@code <>} gives an empty string inside the optional, so callers can tell it from a missing address.
   */
  public static Optional<String> extract(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    Matcher angle = ANGLE.matcher(raw);
    String candidate = null;
    while (angle.find()) {
      candidate = angle.group(1); // the last <...> is the address; earlier ones may sit in a quoted name
    }
    if (candidate == null) {
      Matcher bare = BARE.matcher(stripComments(raw));
      if (!bare.find()) {
        return Optional.empty();
      }
      candidate = bare.group(1);
    }
    return Optional.of(stripMailto(candidate.strip()).toLowerCase(Locale.ROOT));
  }

  /** The local part of {@code address} (before the last {@code @}); the whole string when it has no {@code @}. */
  public static String localPart(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? address : address.substring(0, at);
  }

  /** The domain of {@code address} (after the last {@code @}); empty when it has none. */
  public static String domain(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1);
  }

  /** The local part of the sender in {@code raw} (a {@code From} value), lowercase; empty when there is none. */
  public static String senderLocalPart(String raw) {
    return extract(raw).map(Addresses::localPart).orElse("");
  }

  /** True when {@code raw} (a {@code Return-Path} value) is the null sender {@code <>} of bounces. */
  public static boolean isNullSender(String raw) {
    return raw != null && raw.strip().equals("<>");
  }

  private static String stripComments(String raw) {
    return raw.replaceAll("\\([^()]*\\)", " ");
  }

  private static String stripMailto(String address) {
    return address.regionMatches(true, 0, "mailto:", 0, 7) ? address.substring(7) : address;
  }
}
