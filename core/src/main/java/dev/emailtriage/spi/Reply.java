package dev.emailtriage.spi;

import java.util.List;
import java.util.Objects;

/**
 * A reply to one message, ready for a {@link Mailbox} to draft or send: addressed, threaded and marked. Immutable.
 * {@link dev.emailtriage.MailboxTriage} builds it; a connector writes it as a message with exactly these headers.
 *
 * @param to the address to answer ({@code Reply-To}, else {@code From} of the original)
 * @param subject the subject: {@code Re: } and the original subject (once)
 * @param body the plain-text body
 * @param inReplyTo the original's {@code Message-ID} with angle brackets, or {@code null} when it had none
 * @param references the {@code References} of the reply: the original's references, then its Message-ID, each with
 *     angle brackets
 * @param threadId the original's thread in that mailbox (a Gmail thread id) or {@code null}
 * @param originalRef the original's {@link MailboxMessage#ref()}
 * @param marker a deterministic id of this reply, written as the {@value #MARKER_HEADER} header, so that a connector
 *     can find a draft or sent copy made before a crash instead of making a second one
 * @param autoSubmitted true when the reply is sent without a person: it carries {@code Auto-Submitted: auto-replied}
 *     (RFC 3834); drafts never do
 */
public record Reply(String to, String subject, String body, String inReplyTo, List<String> references,
    String threadId, String originalRef, String marker, boolean autoSubmitted) {

  /** The header that carries {@link #marker()}. */
  public static final String MARKER_HEADER = "X-EmailTriage-Id";

  /** Checks the parts and copies the references. */
  public Reply {
    if (to == null || to.isBlank()) {
      throw new IllegalArgumentException("to must not be blank");
    }
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    references = List.copyOf(Objects.requireNonNull(references, "references"));
    if (originalRef == null || originalRef.isBlank()) {
      throw new IllegalArgumentException("originalRef must not be blank");
    }
    if (marker == null || !marker.matches("[A-Za-z0-9._-]{8,100}")) {
      throw new IllegalArgumentException("marker must be 8 to 100 letters, digits, '.', '_' or '-': " + marker);
    }
  }
}
