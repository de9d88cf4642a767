package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ignores mail whose {@code From} domain failed DMARC while that domain asks receivers to reject or quarantine what
 * fails ({@code p=reject} or {@code p=quarantine}), as an {@code Authentication-Results} header of one of the user's
 * own receiving servers reports it: {@code dmarc=fail (p=REJECT sp=REJECT dis=QUARANTINE)}, {@code dmarc=fail
 * action=quarantine}, {@code dmarc=fail policy.dmarc=reject}.
 *
 * <p><b>Which headers are trusted.</b> Only an {@code Authentication-Results} whose authserv-id (its first token) is a
 * {@link TrustedReceivers trusted receiver}: RFC 8601 section 5 requires a receiving server to delete headers that
 * claim its own authserv-id before it adds its own, so such a header was written by our server, whatever the sender
 * wrote. Results of other servers (the sender's, a forwarder's) are never read.
 *
 * <p><b>When it abstains even so.</b> Forwarding breaks DMARC for honest mail: a mailing list that rewrites the
 * subject or adds a footer, a forwarding service, a redirect. So the rule abstains on mail that went through a list
 * ({@code List-Id}, {@code List-Post}, {@code X-BeenThere}, {@code Mailing-List}, {@code X-Mailman-Version}), was
 * resent ({@code Resent-From}, {@code Resent-Sender}), whose trusted result also reports {@code arc=pass}, or whose
 * receiver itself chose no disposition ({@code dis=NONE}, {@code action=none}: the receiver overrode the policy,
 * usually because it knows the forwarder). {@code dmarc=pass}, {@code none}, {@code temperror}, {@code permerror}
 * and a failure under {@code p=none} abstain too. Immutable and thread-safe.
 */
public final class DmarcPolicyRule implements Rule {

  private static final Pattern DMARC = Pattern.compile("\\bdmarc\\s*=\\s*([a-z]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern POLICY = Pattern.compile(
      "(?:\\bp|\\bpolicy\\.dmarc|\\bpolicy\\.published-domain-policy)\\s*=\\s*([a-z]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ACTION = Pattern.compile("\\baction\\s*=\\s*([a-z.]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DISPOSITION = Pattern.compile("\\bdis\\s*=\\s*([a-z]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern ARC_PASS = Pattern.compile("\\barc\\s*=\\s*pass\\b", Pattern.CASE_INSENSITIVE);

  private static final String[] FORWARDING_HEADERS = {"List-Id", "List-Post", "X-BeenThere", "Mailing-List",
      "X-Mailman-Version", "Resent-From", "Resent-Sender"};

  private final TrustedReceivers receivers;

  /** A rule that reads the {@code Authentication-Results} of {@code receivers}. */
  public DmarcPolicyRule(TrustedReceivers receivers) {
    this.receivers = Objects.requireNonNull(receivers, "receivers");
  }

  @Override
  public String name() {
    return "dmarc-policy";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    for (String header : FORWARDING_HEADERS) {
      if (email.header(header).isPresent()) {
        return RuleOutcome.abstain();
      }
    }
    Optional<String> trusted = email.headerValues("Authentication-Results").stream()
        .filter(value -> receivers.trusts(authservId(value)))
        .findFirst(); // the topmost result of our own server
    if (trusted.isEmpty()) {
      return RuleOutcome.abstain();
    }
    String result = trusted.get();
    String dmarcPart = dmarcResinfo(result);
    Matcher dmarc = DMARC.matcher(dmarcPart);
    if (!dmarc.find() || !dmarc.group(1).equalsIgnoreCase("fail") || ARC_PASS.matcher(result).find()) {
      return RuleOutcome.abstain();
    }
    String policy = find(POLICY, dmarcPart).orElse("");
    String action = find(ACTION, dmarcPart).orElse("");
    String disposition = find(DISPOSITION, dmarcPart).orElse("");
    if (disposition.equals("none") || action.equals("none")) {
      return RuleOutcome.abstain(); // the receiver chose not to apply the policy
    }
    boolean enforced = policy.equals("reject") || policy.equals("quarantine")
        || action.equals("reject") || action.equals("quarantine") || action.equals("oreject")
        || action.equals("pct.quarantine");
    if (!enforced) {
      return RuleOutcome.abstain();
    }
    String domainPolicy = !policy.isEmpty() ? "p=" + policy : "action=" + action;
    return Outcomes.ignore(EmailType.SPAM, 0.95, "failed DMARC with " + domainPolicy + " (Authentication-Results of "
        + authservId(result) + ")");
  }

  /** The authserv-id: the first token of the value, before any version number and the first {@code ;}. */
  static String authservId(String value) {
    String head = value.strip();
    int semicolon = head.indexOf(';');
    if (semicolon >= 0) {
      head = head.substring(0, semicolon);
    }
    String[] tokens = head.strip().split("\\s+");
    return tokens.length == 0 ? "" : tokens[0];
  }

  /** The {@code dmarc=...} resinfo with its comment and properties, up to the next {@code ;}. */
  private static String dmarcResinfo(String value) {
    Matcher m = DMARC.matcher(value);
    if (!m.find()) {
      return "";
    }
    int end = value.indexOf(';', m.start());
    return value.substring(m.start(), end < 0 ? value.length() : end);
  }

  private static Optional<String> find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }
}
