package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises system senders that cannot take a reply: {@code no-reply@}, {@code noreply@}, {@code do-not-reply@},
 * {@code donotreply@}, {@code naoresponda@}, {@code nao-responda@}, {@code no-responder@}, also as a part of the
 * local part ({@code dmarc-noreply@}, {@code noreply+alerts@}), and daemons ({@code bugzilla-daemon@}; bounces from
 * {@code MAILER-DAEMON} are {@link DeliveryReportRule}'s).
 *
 * <p>Website contact forms send the visitor's question from a no-reply address and put the visitor in
 * {@code Reply-To}; so when {@code Reply-To} names an address of another domain that is not itself a no-reply
 * address, the rule abstains. Immutable and thread-safe.
 */
public final class NoReplySenderRule implements Rule {

  private static final Pattern NO_REPLY = Pattern.compile(
      "(?:^|[-._+])(?:no-?reply|do-?not-?reply|n[aã]o-?responda|no-?responder|no-?responda)(?:$|[-._+])"
          + "|(?:^|[-._])daemon$");

  @Override
  public String name() {
    return "no-reply-sender";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    Optional<String> from = Addresses.extract(email.from());
    if (from.isEmpty() || !isNoReply(from.get())) {
      return RuleOutcome.abstain();
    }
    Optional<String> replyTo = email.header("Reply-To").flatMap(Addresses::extract);
    if (replyTo.isPresent() && !isNoReply(replyTo.get()) && !sameDomain(from.get(), replyTo.get())) {
      return RuleOutcome.abstain(); // a contact form relaying a person
    }
    return Outcomes.ignore(EmailType.NOTIFICATION, 0.95, "system sender that takes no reply (" + from.get() + ")");
  }

  private static boolean isNoReply(String address) {
    return NO_REPLY.matcher(Addresses.localPart(address)).find();
  }

  private static boolean sameDomain(String a, String b) {
    String da = Addresses.domain(a);
    String db = Addresses.domain(b);
    return da.equals(db) || da.endsWith("." + db) || db.endsWith("." + da);
  }
}
