package dev.emailtriage.internal.mailbox;

import dev.emailtriage.Email;
import dev.emailtriage.internal.rules.Addresses;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the reply policy needs to know about a message from its headers: the address to answer, whether it is
 * automatic, bulk, list mail or ours. Stateless and thread-safe.
 */
public final class MailFacts {

  private static final Pattern SYSTEM_LOCAL = Pattern.compile(
      "(no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|mailer[-_.]?daemon|postmaster|bounces?|bounce[-+].*"
          + "|noreply[-+].*|no-reply[-+].*|notifications?|notify|alerts?|daemon|automailer|auto[-_.]?reply)");

  private MailFacts() {}

  /** The bare address in a header value, lowercase; empty for none or the null sender {@code <>}. */
  public static Optional<String> address(String raw) {
    return Addresses.extract(raw).filter(a -> a.contains("@"));
  }

  /** The sender's address ({@code From}), lowercase, if any. */
  public static Optional<String> sender(Email email) {
    return address(email.from()).or(() -> email.header("From").flatMap(MailFacts::address));
  }

  /** Where a reply goes: the {@code Reply-To} value when it has an address, else {@code From}; raw, stripped. */
  public static Optional<String> replyTo(Email email) {
    Optional<String> replyTo = email.header("Reply-To").filter(v -> address(v).isPresent());
    if (replyTo.isPresent()) {
      return Optional.of(replyTo.get().strip());
    }
    String from = email.from().isBlank() ? email.header("From").orElse("") : email.from();
    return address(from).isPresent() ? Optional.of(from.strip()) : Optional.empty();
  }

  /** Why this message must never be answered, drafts included; empty when it may be. */
  public static Optional<String> neverAnswer(Email email, Set<String> ownAddresses, Optional<String> mailboxAddress) {
    String autoSubmitted = email.header("Auto-Submitted").orElse("").strip().toLowerCase(Locale.ROOT);
    if (!autoSubmitted.isEmpty() && !autoSubmitted.startsWith("no")) {
      return Optional.of("Auto-Submitted: " + autoSubmitted);
    }
    for (String h : List.of("X-Autoreply", "X-Autorespond")) {
      if (email.header(h).isPresent()) {
        return Optional.of(h + " header");
      }
    }
    if (email.header("Return-Path").map(v -> v.strip().equals("<>")).orElse(false)) {
      return Optional.of("null sender (a bounce or report)");
    }
    String precedence = email.header("Precedence").orElse("").strip().toLowerCase(Locale.ROOT);
    if (precedence.equals("bulk") || precedence.equals("junk")) {
      return Optional.of("Precedence: " + precedence);
    }
    Optional<String> sender = sender(email);
    if (sender.isEmpty()) {
      return Optional.of("no sender address");
    }
    String local = sender.get().substring(0, sender.get().lastIndexOf('@'));
    if (SYSTEM_LOCAL.matcher(local).matches()) {
      return Optional.of("system sender " + sender.get());
    }
    Optional<String> to = replyTo(email).flatMap(MailFacts::address);
    for (String candidate : new String[] {sender.get(), to.orElse("")}) {
      if (ownAddresses.contains(candidate)
          || mailboxAddress.map(a -> a.equalsIgnoreCase(candidate)).orElse(false)) {
        return Optional.of("our own address " + candidate);
      }
    }
    if (to.isEmpty()) {
      return Optional.of("no address to reply to");
    }
    return Optional.empty();
  }

  /** Why this is list mail (never sent to automatically); empty when it is not. */
  public static Optional<String> listMail(Email email) {
    for (String h : List.of("List-Id", "List-Unsubscribe", "List-Post")) {
      if (email.header(h).isPresent()) {
        return Optional.of("list mail (" + h + ")");
      }
    }
    String precedence = email.header("Precedence").orElse("").strip().toLowerCase(Locale.ROOT);
    if (precedence.equals("list")) {
      return Optional.of("list mail (Precedence: list)");
    }
    return Optional.empty();
  }
}
