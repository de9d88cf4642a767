package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises automatic mail by the headers auto-responders write: RFC 3834 {@code Auto-Submitted} with any value but
 * {@code no} ({@code auto-replied} is an auto-reply, {@code auto-generated} and the rest are notifications),
 * {@code X-Autoreply}, {@code X-Autorespond}, {@code X-Apple-Action: vacation} and {@code Precedence: auto_reply}.
 *
 * <p>{@code X-Auto-Response-Suppress} is deliberately never read: it is Microsoft's request (MS-OXCMAIL 2.1.3.2.20)
 * that <em>recipients</em> send no delivery reports, read receipts or out-of-office replies to the message; it does
 * not say the message itself is automatic. Exchange stamps it on mail a person sends to a distribution list, and bulk
 * senders add it to their campaigns, so it cannot tell an auto-reply from a customer. Immutable and thread-safe.
 */
public final class AutoReplyHeadersRule implements Rule {

  /** Values of {@code X-Autoreply} that say the message is not one. */
  private static final Set<String> NEGATIVE = Set.of("no", "false", "0", "off");

  @Override
  public String name() {
    return "auto-reply-headers";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    Optional<String> autoSubmitted = MailHeaders.autoSubmitted(email);
    if (autoSubmitted.isPresent()) {
      String keyword = autoSubmitted.get();
      EmailType type = keyword.equals("auto-replied") ? EmailType.AUTO_REPLY : EmailType.NOTIFICATION;
      return Outcomes.ignore(type, 0.99, "RFC 3834 Auto-Submitted: " + keyword);
    }
    for (String header : new String[] {"X-Autoreply", "X-Autorespond"}) {
      String value = MailHeaders.lowercase(email, header);
      if (email.header(header).isPresent() && !NEGATIVE.contains(value)) {
        return Outcomes.ignore(EmailType.AUTO_REPLY, 0.97, "auto-responder header " + header + ": " + value);
      }
    }
    if (MailHeaders.lowercase(email, "X-Apple-Action").contains("vacation")) {
      return Outcomes.ignore(EmailType.AUTO_REPLY, 0.98, "Apple Mail vacation reply (X-Apple-Action: vacation)");
    }
    if (MailHeaders.lowercase(email, "Precedence").equals("auto_reply")) {
      return Outcomes.ignore(EmailType.AUTO_REPLY, 0.97, "auto-responder header Precedence: auto_reply");
    }
    return RuleOutcome.abstain();
  }
}
