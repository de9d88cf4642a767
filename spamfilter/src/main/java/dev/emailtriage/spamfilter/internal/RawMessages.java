package dev.emailtriage.spamfilter.internal;

import dev.emailtriage.Email;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds an RFC 5322 message from an {@link Email} for a spam filter, which wants the message, not our fields.
 *
 * <p>Header section: {@code Return-Path} and every {@code Received} first (trace fields open a message), then every
 * other header the email carries, by name in alphabetical order (an {@code Email} keeps each header's values in order
 * but not the order between different names), each value on one line, folded at spaces when longer than 78
 * characters, with any CR or LF in it turned into a space. {@code From}, {@code To}, {@code Subject}, {@code Date}
 * ({@code receivedAt}) and {@code Message-ID} ({@code emailId}) are written from the email's fields when the headers
 * lack them. The original MIME headers ({@code Content-Type}, {@code Content-Transfer-Encoding},
 * {@code MIME-Version}...) are dropped, because the body is now the decoded plain text: the message is
 * {@code text/plain; charset=UTF-8}, {@code 8bit}, with CRLF line ends. Non-ASCII header text is written as UTF-8
 * (RFC 6532), which SpamAssassin and Rspamd read.
 *
 * <p>What a filter loses: the HTML of HTML mail (the body is its text), attachments (only their names are known),
 * encodings and the original header order. Filters therefore score a rebuilt message somewhat lower than the
 * original; give {@code SpamFilterRule} a {@code RawMessageSource} when the raw bytes are at hand. Stateless and
 * thread-safe.
 */
public final class RawMessages {

  private static final Set<String> DROPPED = Set.of("content-type", "content-transfer-encoding", "mime-version",
      "content-length", "content-disposition", "lines");
  private static final Map<String, String> SPELLING = Map.of("message-id", "Message-ID", "mime-version",
      "MIME-Version", "x-ms-exchange-organization-scl", "X-MS-Exchange-Organization-SCL");
  private static final DateTimeFormatter RFC_5322 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

  private RawMessages() {}

  /** The message of {@code email}, at most {@code maxBytes} long (the body is cut to fit). */
  public static byte[] build(Email email, int maxBytes) {
    StringBuilder head = new StringBuilder();
    Map<String, List<String>> headers = email.headers();
    for (String name : List.of("return-path", "received")) {
      headers.getOrDefault(name, List.of()).forEach(v -> field(head, name, v));
    }
    headers.forEach((name, values) -> {
      if (!name.equals("return-path") && !name.equals("received") && !DROPPED.contains(name)) {
        values.forEach(v -> field(head, name, v));
      }
    });
    addIfAbsent(head, headers, "from", email.from());
    addIfAbsent(head, headers, "to", email.to());
    addIfAbsent(head, headers, "subject", email.subject());
    if (email.receivedAt() != null) {
      addIfAbsent(head, headers, "date", RFC_5322.format(email.receivedAt().atOffset(ZoneOffset.UTC)));
    }
    if (email.emailId() != null && !email.emailId().isBlank()) {
      String id = email.emailId().strip();
      addIfAbsent(head, headers, "message-id", id.startsWith("<") ? id : "<" + id + ">");
    }
    field(head, "mime-version", "1.0");
    field(head, "content-type", "text/plain; charset=UTF-8");
    field(head, "content-transfer-encoding", "8bit");
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] body = crlf(email.body()).getBytes(StandardCharsets.UTF_8);
    int bodyLength = Math.max(0, Math.min(body.length, maxBytes - headBytes.length));
    byte[] message = new byte[headBytes.length + bodyLength];
    System.arraycopy(headBytes, 0, message, 0, headBytes.length);
    System.arraycopy(body, 0, message, headBytes.length, bodyLength);
    return message;
  }

  private static void addIfAbsent(StringBuilder head, Map<String, List<String>> headers, String name, String value) {
    if (!headers.containsKey(name) && value != null && !value.isBlank()) {
      field(head, name, value);
    }
  }

  private static void field(StringBuilder head, String name, String value) {
    String line = spell(name) + ": " + value.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ').strip();
    int lineStart = head.length();
    head.append(line);
    fold(head, lineStart);
    head.append("\r\n");
  }

  /** Folds the line that starts at {@code start} at spaces so that its parts stay near 78 characters. */
  private static void fold(StringBuilder head, int start) {
    int lineBegin = start;
    while (head.length() - lineBegin > 78) {
      int cut = -1;
      for (int i = lineBegin + 78; i > lineBegin + 1; i--) {
        if (head.charAt(i) == ' ' || head.charAt(i) == '\t') {
          cut = i;
          break;
        }
      }
      if (cut < 0) { // no space before 78: the next space, if any
        for (int i = lineBegin + 79; i < head.length(); i++) {
          if (head.charAt(i) == ' ' || head.charAt(i) == '\t') {
            cut = i;
            break;
          }
        }
      }
      if (cut < 0) {
        return;
      }
      head.insert(cut, "\r\n");
      lineBegin = cut + 2;
    }
  }

  private static String spell(String name) {
    String known = SPELLING.get(name);
    if (known != null) {
      return known;
    }
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(c) : c);
      upper = c == '-';
    }
    return sb.toString();
  }

  private static String crlf(String body) {
    List<String> lines = new ArrayList<>(List.of(body.split("\r\n|\r|\n", -1)));
    return String.join("\r\n", lines);
  }
}
