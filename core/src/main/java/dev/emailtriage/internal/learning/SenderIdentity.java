package dev.emailtriage.internal.learning;

import dev.emailtriage.Email;
import dev.emailtriage.internal.rules.Addresses;
import java.util.Locale;
import java.util.Optional;

/**
 * The sender identity of the sender memory: the sender's address, narrowed by the mailing list and the sending
 * service when the email names them, and by whether the email is a reply. Stateless and thread-safe. Not API.
 *
 * <p>{@code address [" list=" list-id] [" via=" service-sender] [" reply"]}: the {@code From} address in lowercase
 * (display name dropped); the {@code List-Id} (the part in angle brackets), when present; the sending service's stable
 * sender id, when present: the last field of {@code Feedback-ID} ({@code campaign:customer:type:sender}, the format
 * Gmail's feedback loop asks of bulk senders) or Mailchimp's {@code X-MC-User}. Each narrowing makes an identity more
 * specific, never broader: a person's own mail and their posts to a list are different identities, and so are a
 * company address's newsletters (sent through a service) and its people's replies (sent directly).
 */
public final class SenderIdentity {

  private SenderIdentity() {}

  /** The suffix of a reply's identity. */
  public static final String REPLY = " reply";

  /**
   * The identity of {@code email}'s sender: {@link #base} with {@link #REPLY} appended when the email is a
   * {@linkplain #isReply reply}, so a sender's replies are learned from its replies only (threaded notifications,
   * "Re:" spam), never from its other mail. Empty when the sender has no address (a null sender).
   */
  public static Optional<String> of(Email email) {
    return isReply(email) ? base(email).map(b -> b + REPLY) : base(email);
  }

  /** The identity of {@code email}'s sender without the reply suffix; empty for a null sender. */
  public static Optional<String> base(Email email) {
    Optional<String> address = Addresses.extract(email.from()).map(a -> a.toLowerCase(Locale.ROOT));
    if (address.isEmpty() || address.get().isBlank()) {
      return Optional.empty();
    }
    StringBuilder id = new StringBuilder(address.get());
    email.header("List-Id").map(SenderIdentity::listId).filter(s -> !s.isEmpty())
        .ifPresent(list -> id.append(" list=").append(list));
    service(email).ifPresent(via -> id.append(" via=").append(via));
    return Optional.of(id.toString());
  }

  /**
   * Whether {@code email} answers earlier mail ({@code In-Reply-To} or {@code References}, or a reply prefix in the
   * subject): its identity is then its sender's reply identity.
   */
  public static boolean isReply(Email email) {
    if (email.header("In-Reply-To").isPresent() || email.header("References").isPresent()) {
      return true;
    }
    String subject = email.subject() == null ? "" : email.subject().strip().toLowerCase(Locale.ROOT);
    return subject.startsWith("re:") || subject.startsWith("res:") || subject.startsWith("aw:")
        || subject.startsWith("sv:");
  }

  private static String listId(String value) {
    String v = value.strip();
    int open = v.lastIndexOf('<');
    int close = v.lastIndexOf('>');
    if (open >= 0 && close > open) {
      v = v.substring(open + 1, close);
    }
    return v.strip().toLowerCase(Locale.ROOT).replace(' ', '_');
  }

  private static Optional<String> service(Email email) {
    Optional<String> feedbackId = email.header("Feedback-ID").map(v -> {
      String[] parts = v.strip().split(":");
      for (int i = parts.length - 1; i >= 0; i--) {
        if (!parts[i].isBlank()) {
          return "fbl:" + parts[i].strip().toLowerCase(Locale.ROOT).replace(' ', '_');
        }
      }
      return "";
    }).filter(s -> !s.isEmpty());
    if (feedbackId.isPresent()) {
      return feedbackId;
    }
    return email.header("X-MC-User").map(v -> v.strip().toLowerCase(Locale.ROOT).replace(' ', '_'))
        .filter(s -> !s.isEmpty()).map(v -> "mailchimp:" + v);
  }
}
