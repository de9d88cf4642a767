package dev.emailtriage.internal.mailbox;

import dev.emailtriage.Email;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.spi.Reply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the {@link Reply} to a message: address, threading headers, subject and marker. Stateless, thread-safe. */
public final class Replies {

  private static final Pattern ID = Pattern.compile("<[^<>\\s]+>");
  private static final Pattern RE = Pattern.compile("(?i)^\\s*(re|res|aw|sv|antw)(\\[\\d+])?\\s*:.*");

  private Replies() {}

  /** The deterministic marker of the reply to {@code emailId} in {@code mailboxId}. */
  public static String marker(String mailboxId, String emailId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((mailboxId + "\n" + emailId).getBytes(StandardCharsets.UTF_8));
      return "et-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** {@code Re: } and the subject, unless it already starts with a reply prefix. */
  public static String subject(String original) {
    String s = original == null ? "" : original.strip();
    return RE.matcher(s).matches() ? s : ("Re: " + s).strip();
  }

  /**
   * The thread key of the one-reply-per-window rule: the thread id, else the Message-ID (without angle brackets, as
   * thread ids are), else the email id.
   */
  public static String threadKey(Email email) {
    if (email.threadId() != null && !email.threadId().isBlank()) {
      return email.threadId().strip();
    }
    return firstId(email.header("Message-ID").orElse(""))
        .map(id -> id.substring(1, id.length() - 1))
        .orElse(email.emailId());
  }

  /** The reply to {@code email} with {@code response}'s body. */
  public static Reply reply(Email email, SuggestedResponse response, String originalRef, String marker,
      boolean autoSubmitted) {
    String to = MailFacts.replyTo(email).orElseThrow(() -> new IllegalArgumentException("no address to reply to"));
    Optional<String> messageId = firstId(email.header("Message-ID").orElse(""));
    List<String> references = new ArrayList<>(ids(email.header("References").orElse("")));
    if (references.isEmpty()) {
      references.addAll(ids(email.header("In-Reply-To").orElse("")).stream().limit(1).toList());
    }
    messageId.ifPresent(id -> {
      references.remove(id);
      references.add(id);
    });
    return new Reply(to, subject(email.subject()), response.body(), messageId.orElse(null), references,
        email.threadId(), originalRef, marker, autoSubmitted);
  }

  private static Optional<String> firstId(String value) {
    Matcher m = ID.matcher(value);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }

  private static List<String> ids(String value) {
    List<String> ids = new ArrayList<>();
    Matcher m = ID.matcher(value);
    while (m.find()) {
      ids.add(m.group());
    }
    return ids;
  }
}
