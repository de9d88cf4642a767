package dev.emailtriage.mime;

import dev.emailtriage.Email;
import dev.emailtriage.mime.internal.MessageReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entry point of the {@code mime} module: reads raw RFC 5322 bytes (a {@code .eml} file, one message of an mbox,
 * an IMAP {@code BODY[]}, a Gmail {@code format=raw} message) into an {@link Email}. Stateless and thread-safe.
 *
 * <p>What the email holds: every top-level header by lowercase name (unfolded, encoded words decoded, so
 * {@code Message-ID}, {@code In-Reply-To}, {@code References}, {@code Auto-Submitted}, {@code List-Id}... are all
 * there for the rules and the mailbox connectors); the text of the body (multipart walked, quoted-printable and
 * base64 decoded, the declared charset widened to what mail really uses, HTML-only bodies turned into text with
 * jsoup); the names of the attachments. The email id is the Message-ID without angle brackets, or {@code sha256:}
 * and the SHA-256 of the bytes when there is none (mailbox connectors usually replace it with the message's own id
 * in that mailbox). The thread id is the first id of {@code References} (the thread's root), else
 * {@code In-Reply-To}, else {@code null} for a message that starts a conversation. Metadata stays empty.
 *
 * <pre>{@code
 * Email email = MimeParser.parse(Files.readAllBytes(Path.of("question.eml")), Instant.now());
 * }</pre>
 */
public final class MimeParser {

  private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

  private MimeParser() {}

  /**
   * Parses {@code raw} as one message.
   *
   * @param raw the message's bytes, headers first
   * @param fallbackReceivedAt the received time when the message has no readable {@code Date} header
   * @return the email, not yet validated (the pipeline validates it)
   * @throws UnparseableMailException when the bytes are empty, binary, or carry no mail header at all
   */
  public static Email parse(byte[] raw, Instant fallbackReceivedAt) throws UnparseableMailException {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(fallbackReceivedAt, "fallbackReceivedAt");
    return MessageReader.parse(raw, fallbackReceivedAt);
  }

  /**
   * The email id {@link #parse} gives a message: the Message-ID without angle brackets, else {@code sha256:} and
   * the hex SHA-256 of {@code raw}.
   *
   * @param messageIdHeader the value of the {@code Message-ID} header, or {@code null}
   */
  public static String emailId(String messageIdHeader, byte[] raw) {
    return MessageReader.emailId(messageIdHeader, raw);
  }

  /**
   * The first message id in a header value ({@code Message-ID}, {@code In-Reply-To}), without angle brackets;
   * empty when there is none or it is not a plausible id (blank, over 255 characters, with white space).
   */
  public static Optional<String> messageId(String headerValue) {
    return Optional.ofNullable(MessageReader.messageIdOf(headerValue));
  }

  /**
   * Every bracketed message id of a {@code References} header, in order, without angle brackets; a value with no
   * brackets at all gives its single id when it is plausible.
   */
  public static List<String> messageIds(String headerValue) {
    List<String> ids = new ArrayList<>();
    if (headerValue == null) {
      return ids;
    }
    Matcher m = MESSAGE_ID.matcher(headerValue);
    while (m.find()) {
      ids.add(m.group(1));
    }
    if (ids.isEmpty()) {
      messageId(headerValue).ifPresent(ids::add);
    }
    return List.copyOf(ids);
  }
}
