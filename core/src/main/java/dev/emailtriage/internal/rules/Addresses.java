package dev.emailtriage.internal.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * Extracts the bare address from a header value as mail writes it ({@code "Ana <ana@example.com>"},
 * {@code ana@example.com (Ana)}, {@code <ana@example.com>}) and splits it into local part and domain. Stateless and
 * thread-safe; every result is lowercase.
 *
 * <p>It runs on every email (the rules and the similar-email cache read the sender), so it is a hand-written scan
 * rather than regular expressions; it finds exactly what these expressions found (AddressesTest checks it against
 * them on generated header values): the last {@code <\s*([^<>\s]*)\s*>}, else, in the value with its comments
 * {@code \([^()]*\)} blanked, the first {@code [^\s<>()",;:]+@[^\s<>()",;:]+} ({@code \s} is ASCII whitespace).
 */
public final class Addresses {

  private Addresses() {}

  /**
   * The address in {@code raw}, lowercase; empty when there is none (a blank header, a display name alone). The null
   * sender {@code <>} gives an empty string inside the optional, so callers can tell it from a missing address.
   */
  public static Optional<String> extract(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String candidate = lastAngle(raw); // the last <...> is the address; earlier ones may sit in a quoted name
    if (candidate == null) {
      candidate = firstBare(raw.indexOf('(') < 0 ? raw : stripComments(raw));
      if (candidate == null) {
        return Optional.empty();
      }
    }
    return Optional.of(stripMailto(candidate.strip()).toLowerCase(Locale.ROOT));
  }

  /** The token of the last {@code <\s*([^<>\s]*)\s*>} in {@code raw}, or {@code null}. */
  private static String lastAngle(String raw) {
    String found = null;
    int n = raw.length();
    int open = raw.indexOf('<');
    while (open >= 0) {
      int i = skipSpace(raw, open + 1);
      int start = i;
      while (i < n && !isSpace(raw.charAt(i)) && raw.charAt(i) != '<' && raw.charAt(i) != '>') {
        i++;
      }
      int end = i;
      i = skipSpace(raw, i);
      if (i < n && raw.charAt(i) == '>') {
        found = raw.substring(start, end);
        open = raw.indexOf('<', i + 1);
      } else {
        open = raw.indexOf('<', open + 1);
      }
    }
    return found;
  }

  /**
   * The first {@code [^\s<>()",;:]+@[^\s<>()",;:]+} in {@code s}, or {@code null}: the first run of address
   * characters with an {@code @} neither first nor last (a run matches whole: its characters include {@code @}).
   */
  private static String firstBare(String s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!isAddressChar(s.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      boolean at = false;
      for (; i < n && isAddressChar(s.charAt(i)); i++) {
        at |= s.charAt(i) == '@' && i > start && i + 1 < n && isAddressChar(s.charAt(i + 1));
      }
      if (at) {
        return s.substring(start, i);
      }
    }
    return null;
  }

  private static boolean isAddressChar(char c) {
    return !isSpace(c) && c != '<' && c != '>' && c != '(' && c != ')' && c != '"' && c != ',' && c != ';'
        && c != ':';
  }

  /** Whitespace as {@code \s} of {@code java.util.regex} means it: ASCII only. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
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

  /** {@code raw} with every {@code \([^()]*\)} (a comment with no parenthesis inside) replaced by a space. */
  private static String stripComments(String raw) {
    StringBuilder out = null;
    int copied = 0;
    int open = raw.indexOf('(');
    while (open >= 0) {
      int i = open + 1;
      while (i < raw.length() && raw.charAt(i) != '(' && raw.charAt(i) != ')') {
        i++;
      }
      if (i < raw.length() && raw.charAt(i) == ')') {
        out = out == null ? new StringBuilder(raw.length()) : out;
        out.append(raw, copied, open).append(' ');
        copied = i + 1;
        open = raw.indexOf('(', copied);
      } else {
        open = raw.indexOf('(', open + 1);
      }
    }
    return out == null ? raw : out.append(raw, copied, raw.length()).toString();
  }

  private static String stripMailto(String address) {
    return address.regionMatches(true, 0, "mailto:", 0, 7) ? address.substring(7) : address;
  }
}
