package dev.emailtriage.mime;

import dev.emailtriage.spi.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Objects;
import org.apache.james.mime4j.codec.EncoderUtil;

/**
 * Writes a {@link Reply} as a complete RFC 5322 message (for APIs that take raw mail, such as Gmail's
 * {@code drafts.create} and {@code messages.send}): {@code From}, {@code To}, {@code Subject} (encoded words when not
 * ASCII), {@code Date}, {@code Message-ID}, {@code In-Reply-To}, {@code References}, the marker header, and
 * {@code Auto-Submitted: auto-replied} with {@code X-Auto-Response-Suppress: All} only when the reply is automatic;
 * the body as UTF-8 text in base64. Stateless and thread-safe.
 */
public final class MimeReplies {

  private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private MimeReplies() {}

  /**
   * The bytes of {@code reply} from {@code from}, written at {@code date}, as a draft or as a reply sent now: a draft
   * has the Message-ID {@code <marker.draft@domain>} and never {@code Auto-Submitted} (a person sends it); a reply
   * sent now has {@code <marker@domain>} and {@code Auto-Submitted} when it is automatic.
   *
   * @param from the sender's bare address
   * @param draft whether the message is a draft
   */
  public static byte[] toBytes(Reply reply, String from, boolean draft, Instant date) {
    Objects.requireNonNull(reply, "reply");
    Reply written = draft && reply.autoSubmitted()
        ? new Reply(reply.to(), reply.subject(), reply.body(), reply.inReplyTo(), reply.references(),
            reply.threadId(), reply.originalRef(), reply.marker(), false)
        : reply;
    return toBytes(written, from, messageId(reply, from, draft), date);
  }

  /**
   * The Message-ID {@link #toBytes(Reply, String, boolean, Instant)} gives {@code reply} from {@code from}.
   *
   * @param from the sender's bare address ({@code name@domain})
   * @param draft whether the message is a draft
   * @return {@code <marker.draft@domain>} or {@code <marker@domain>}
   */
  public static String messageId(Reply reply, String from, boolean draft) {
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(from, "from");
    return "<" + reply.marker() + (draft ? ".draft" : "") + "@" + from.substring(from.lastIndexOf('@') + 1) + ">";
  }

  /** The bytes of {@code reply} from {@code from}, written at {@code date}, with Message-ID {@code messageId}. */
  static byte[] toBytes(Reply reply, String from, String messageId, Instant date) {
    Objects.requireNonNull(reply, "reply");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(date, "date");
    StringBuilder h = new StringBuilder();
    header(h, "From", from);
    header(h, "To", address(reply.to()));
    header(h, "Subject", EncoderUtil.encodeIfNecessary(reply.subject(), EncoderUtil.Usage.TEXT_TOKEN, 9));
    header(h, "Date", DATE.format(date.atOffset(ZoneOffset.UTC)));
    header(h, "Message-ID", messageId);
    if (reply.inReplyTo() != null) {
      header(h, "In-Reply-To", reply.inReplyTo());
    }
    if (!reply.references().isEmpty()) {
      header(h, "References", String.join("\r\n ", reply.references()));
    }
    header(h, Reply.MARKER_HEADER, reply.marker());
    if (reply.autoSubmitted()) {
      header(h, "Auto-Submitted", "auto-replied");
      header(h, "X-Auto-Response-Suppress", "All");
    }
    header(h, "MIME-Version", "1.0");
    header(h, "Content-Type", "text/plain; charset=UTF-8");
    header(h, "Content-Transfer-Encoding", "base64");
    h.append("\r\n");
    String body = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'})
        .encodeToString(reply.body().replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    h.append(body).append("\r\n");
    return h.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A {@code Name <a@b>} value with its display name in encoded words when it is not ASCII. */
  static String address(String value) {
    String v = value.strip().replace("\r", "").replace("\n", "");
    if (v.chars().allMatch(c -> c < 128)) {
      return v;
    }
    int lt = v.lastIndexOf('<');
    if (lt <= 0) {
      return v.chars().allMatch(c -> c < 128) ? v : EncoderUtil.encodeEncodedWord(v, EncoderUtil.Usage.WORD_ENTITY);
    }
    String name = v.substring(0, lt).strip();
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      name = name.substring(1, name.length() - 1);
    }
    return EncoderUtil.encodeEncodedWord(name, EncoderUtil.Usage.WORD_ENTITY) + " " + v.substring(lt);
  }

  private static void header(StringBuilder out, String name, String value) {
    String clean = value.replace("\r\n ", "\u0000").replace("\r", " ").replace("\n", " ").replace("\u0000", "\r\n ");
    out.append(name).append(": ").append(clean).append("\r\n");
  }
}
