package dev.emailtriage.mime.internal;

import dev.emailtriage.Email;
import dev.emailtriage.mime.UnparseableMailException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * Reads one RFC 5322 message with Apache James mime4j into an {@link Email}: every top-level header (unfolded,
 * encoded words decoded), the text of the body (multipart walked, quoted-printable and base64 decoded, the declared
 * charset honoured, HTML-only bodies turned into text with jsoup) and the names of the attachments. Thread-safe.
 *
 * <p>The email id is the Message-ID without its angle brackets, or {@code sha256:} and the SHA-256 of the message's
 * bytes when there is none; the received time is the Date header, else the time given by the caller (the file's
 * modification time). Metadata stays empty.
 *
 * <p>Internal: use {@link dev.emailtriage.mime.MimeParser}.
 */
public final class MessageReader {

  /** Headers of which at least one must be present for the bytes to count as a mail message. */
  private static final Set<String> MAIL_HEADERS = Set.of("from", "to", "cc", "subject", "date", "message-id",
      "received", "return-path", "sender", "delivered-to", "mime-version", "content-type", "reply-to", "in-reply-to");
  private static final Set<String> TEXTUAL_MESSAGE_TYPES = Set.of("message/delivery-status",
      "message/disposition-notification", "message/feedback-report", "text/rfc822-headers");
  private static final int MAX_ID = 255;
  private static final int MAX_LINE_FIELD = 998;
  private static final int MAX_TO = 10_000;
  private static final int MAX_ATTACHMENTS = 1000;
  private static final int MAX_ATTACHMENT_NAME = 500;

  private static final MimeConfig CONFIG = MimeConfig.custom()
      .setMaxLineLen(-1)
      .setMaxHeaderCount(-1)
      .setMaxHeaderLen(-1)
      .setMaxContentLen(-1)
      .setMalformedHeaderStartsBody(true)
      .setStrictParsing(false)
      .build();

  private MessageReader() {}

  /**
   * Parses {@code bytes} as one message.
   *
   * @param fallbackTime the received time when the message has no usable Date header
   * @throws UnparseableMailException when the bytes are empty, binary, or carry no mail header at all
   */
  public static Email parse(byte[] bytes, Instant fallbackTime) throws UnparseableMailException {
    if (isBlank(bytes)) {
      throw new UnparseableMailException("empty file");
    }
    if (hasNulInHeader(bytes)) {
      throw new UnparseableMailException("binary data (NUL bytes in the header section), not a mail message");
    }
    Message message;
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      DefaultMessageBuilder builder = new DefaultMessageBuilder();
      builder.setMimeEntityConfig(CONFIG);
      builder.setDecodeMonitor(DecodeMonitor.SILENT);
      builder.setFieldParser(LenientFieldParser.getParser());
      message = builder.parseMessage(in);
    } catch (IOException | RuntimeException e) {
      throw new UnparseableMailException("MIME parser failed: " + e, e);
    }
    try {
      return toEmail(message, bytes, fallbackTime);
    } catch (IOException | RuntimeException e) {
      throw new UnparseableMailException("could not read the message: " + e, e);
    } finally {
      message.dispose();
    }
  }

  private static Email toEmail(Message message, byte[] bytes, Instant fallbackTime)
      throws IOException, UnparseableMailException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Field field : message.getHeader().getFields()) {
      headers.computeIfAbsent(field.getName().strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(headerValue(field));
    }
    if (headers.keySet().stream().noneMatch(MAIL_HEADERS::contains)) {
      throw new UnparseableMailException("no mail headers found (From, Date, Message-ID, Subject...)");
    }

    List<String> attachments = new ArrayList<>();
    String body = textOf(message, attachments, true).strip();
    if (body.length() > Email.MAX_BODY_CHARS) {
      body = body.substring(0, Email.MAX_BODY_CHARS);
    }
    List<String> names = attachments.stream().limit(MAX_ATTACHMENTS).map(n -> limit(n, MAX_ATTACHMENT_NAME)).toList();

    return Email.builder()
        .emailId(emailId(first(headers, "message-id"), bytes))
        .from(limit(first(headers, "from"), MAX_LINE_FIELD))
        .to(limit(first(headers, "to"), MAX_TO))
        .subject(limit(first(headers, "subject"), MAX_LINE_FIELD))
        .body(body)
        .threadId(threadId(headers))
        .receivedAt(receivedAt(message, fallbackTime))
        .attachments(names)
        .headers(headers)
        .build();
  }

  /** The id: Message-ID without angle brackets, else {@code sha256:<hex>} of the bytes. */
  public static String emailId(String messageId, byte[] bytes) {
    String id = messageIdOf(messageId);
    return id != null ? id : "sha256:" + sha256(bytes);
  }

  /** The first message id in a header value, without angle brackets; {@code null} when there is none. */
  public static String messageIdOf(String headerValue) {
    if (headerValue == null) {
      return null;
    }
    String v = headerValue.strip();
    int open = v.indexOf('<');
    int close = open < 0 ? -1 : v.indexOf('>', open + 1);
    if (open >= 0 && close > open) {
      v = v.substring(open + 1, close).strip();
    } else {
      v = v.replace("<", "").replace(">", "").strip();
    }
    if (v.isEmpty() || v.length() > MAX_ID || v.chars().anyMatch(c -> c <= ' ')) {
      return null;
    }
    return v;
  }

  private static String threadId(Map<String, List<String>> headers) {
    String references = first(headers, "references");
    if (!references.isEmpty()) {
      String root = messageIdOf(references);
      if (root != null) {
        return root;
      }
    }
    return messageIdOf(first(headers, "in-reply-to"));
  }

  private static Instant receivedAt(Message message, Instant fallbackTime) {
    try {
      java.util.Date date = message.getDate();
      if (date != null) {
        return date.toInstant();
      }
    } catch (RuntimeException e) {
      // an unreadable Date header: use the fallback
    }
    return fallbackTime;
  }

  /** The text of an entity; names of attachments found on the way are added to {@code attachments}. */
  private static String textOf(Entity entity, List<String> attachments, boolean top) throws IOException {
    Body body = entity.getBody();
    String mimeType = entity.getMimeType() == null ? "text/plain" : entity.getMimeType().toLowerCase(Locale.ROOT);
    String name = top ? null : attachmentName(entity);
    String disposition = entity.getDispositionType() == null
        ? "" : entity.getDispositionType().toLowerCase(Locale.ROOT);

    if (body instanceof Message inner) {
      if (!top) {
        attachments.add(name != null ? name : messageAttachmentName(inner));
      }
      return "";
    }
    if (!top && (disposition.equals("attachment") || (name != null && !disposition.equals("inline"))
        || (name != null && !mimeType.startsWith("text/")))) {
      attachments.add(name != null ? name : "unnamed attachment (" + mimeType + ")");
      return "";
    }
    if (body instanceof Multipart multipart) {
      List<Entity> parts = multipart.getBodyParts();
      if ("alternative".equalsIgnoreCase(multipart.getSubType())) {
        return alternative(parts, attachments);
      }
      StringBuilder text = new StringBuilder();
      for (Entity part : parts) {
        String t = textOf(part, attachments, false).strip();
        if (!t.isEmpty()) {
          if (text.length() > 0) {
            text.append("\n\n");
          }
          text.append(t);
        }
      }
      return text.toString();
    }
    if (body instanceof SingleBody single) {
      boolean textual = mimeType.startsWith("text/") || TEXTUAL_MESSAGE_TYPES.contains(mimeType);
      if (!textual) {
        return "";
      }
      byte[] raw;
      try (InputStream in = single.getInputStream()) {
        raw = in.readAllBytes();
      }
      String text = MimeCharsets.decode(raw, declaredCharset(entity));
      if (mimeType.equals("text/html")) {
        return HtmlText.toText(text);
      }
      return text.replace("\r\n", "\n");
    }
    return "";
  }

  /** multipart/alternative: the plain-text version when it has text, else the richest version that has some. */
  private static String alternative(List<Entity> parts, List<String> attachments) throws IOException {
    for (Entity part : parts) {
      if ("text/plain".equalsIgnoreCase(part.getMimeType())) {
        String t = textOf(part, new ArrayList<>(), false).strip();
        if (!t.isEmpty()) {
          return t;
        }
      }
    }
    for (int i = parts.size() - 1; i >= 0; i--) {
      List<String> found = new ArrayList<>();
      String t = textOf(parts.get(i), found, false).strip();
      if (!t.isEmpty()) {
        attachments.addAll(found);
        return t;
      }
    }
    return "";
  }

  private static String attachmentName(Entity entity) {
    String name = entity.getFilename();
    if (name == null && entity.getHeader().getField("Content-Type") instanceof ContentTypeField ct) {
      name = ct.getParameter("name");
    }
    if (name == null || name.isBlank()) {
      return null;
    }
    return decodeWords(name.strip());
  }

  private static String messageAttachmentName(Message inner) {
    String subject = null;
    Field field = inner.getHeader().getField("Subject");
    if (field != null) {
      subject = headerValue(field);
    }
    return (subject == null || subject.isBlank() ? "attached message" : subject) + ".eml";
  }

  private static String declaredCharset(Entity entity) {
    if (entity.getHeader() != null && entity.getHeader().getField("Content-Type") instanceof ContentTypeField ct) {
      return ct.getParameter("charset");
    }
    return null;
  }

  /** A header's value: raw bytes decoded (UTF-8 when valid, else Windows-1252), unfolded, encoded words decoded. */
  static String headerValue(Field field) {
    String text = null;
    ByteSequence raw = field.getRaw();
    if (raw != null) {
      String whole = MimeCharsets.decodeUndeclared(raw.toByteArray());
      int colon = whole.indexOf(':');
      if (colon >= 0) {
        text = whole.substring(colon + 1);
      }
    }
    if (text == null) {
      text = field.getBody() == null ? "" : field.getBody();
    }
    text = text.replaceAll("\\r?\\n(?=[ \\t])", "").replace("\r", "").replace("\n", "").strip();
    return decodeWords(text);
  }

  private static String decodeWords(String text) {
    if (!text.contains("=?")) {
      return text;
    }
    try {
      return DecoderUtil.decodeEncodedWords(text, DecodeMonitor.SILENT);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  private static String limit(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static boolean hasNulInHeader(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 65_536), StandardCharsets.ISO_8859_1);
    int end = head.indexOf("\n\n");
    int crlf = head.indexOf("\r\n\r\n");
    if (end < 0 || (crlf >= 0 && crlf < end)) {
      end = crlf;
    }
    return (end < 0 ? head : head.substring(0, end)).indexOf('\0') >= 0;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
