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
 * Honours the verdict SpamAssassin stamped on the message ({@code X-Spam-Flag: YES}, {@code X-Spam-Status: Yes,
 * score=...}) when, and only when, the SpamAssassin that stamped it ran on one of the user's own receiving servers.
 *
 * <p><b>Why the host check.</b> Any sender can write any header, and other organisations' filters (the sender's
 * outgoing filter, a list server) stamp the same names. SpamAssassin writes {@code X-Spam-Checker-Version:
 * SpamAssassin 4.0.1 (2022-12-20) on HOST} by default and removes the {@code X-Spam-*} headers of earlier runs when it
 * adds its own, so the topmost {@code X-Spam-Checker-Version} names the last SpamAssassin that judged the message: the
 * rule reads the verdict only when that host is a {@link TrustedReceivers trusted receiver}. A forged set of headers
 * naming our host can only get the forger's own mail ignored. {@code X-Spam-Status: No}, a flag and a status that
 * disagree, or no {@code X-Spam-Checker-Version} at all make the rule abstain. Immutable and thread-safe.
 */
public final class SpamAssassinHeadersRule implements Rule {

  /** {@code SpamAssassin 4.0.1 (2022-12-20) on mx.example.com}: the host after the last {@code on}. */
  private static final Pattern CHECKER_HOST = Pattern.compile("\\bon\\s+(\\S+)\\s*$", Pattern.CASE_INSENSITIVE);

  /** {@code Yes, score=12.3 required=5.0 ...}: the verdict word and the score. */
  private static final Pattern STATUS = Pattern.compile(
      "^\\s*(yes|no)\\b(?:.*?\\b(?:score|hits)=(-?[0-9]+(?:\\.[0-9]+)?))?", Pattern.CASE_INSENSITIVE);

  private final TrustedReceivers receivers;

  /** A rule that trusts the SpamAssassin of {@code receivers}. */
  public SpamAssassinHeadersRule(TrustedReceivers receivers) {
    this.receivers = Objects.requireNonNull(receivers, "receivers");
  }

  @Override
  public String name() {
    return "spamassassin-headers";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    Optional<String> host = email.header("X-Spam-Checker-Version").flatMap(SpamAssassinHeadersRule::checkerHost);
    if (host.isEmpty() || !receivers.trusts(host.get())) {
      return RuleOutcome.abstain();
    }
    Optional<String> flag = email.header("X-Spam-Flag").map(v -> v.strip().toLowerCase(Locale.ROOT));
    Matcher status = email.header("X-Spam-Status").map(STATUS::matcher).filter(Matcher::find).orElse(null);
    Boolean flagSpam = flag.map(f -> f.equals("yes") || f.equals("true") ? Boolean.TRUE
        : f.equals("no") || f.equals("false") ? Boolean.FALSE : null).orElse(null);
    Boolean statusSpam = status == null ? null : status.group(1).equalsIgnoreCase("yes");
    if (flagSpam == null && statusSpam == null
        || Boolean.FALSE.equals(flagSpam) || Boolean.FALSE.equals(statusSpam)) {
      return RuleOutcome.abstain(); // no verdict, "No", or a flag and a status that disagree
    }
    String score = status != null && status.group(2) != null ? ", score " + status.group(2) : "";
    return Outcomes.ignore(EmailType.SPAM, 0.97, "SpamAssassin on " + host.get().toLowerCase(Locale.ROOT)
        + " flagged it as spam" + score);
  }

  private static Optional<String> checkerHost(String value) {
    if (!value.toLowerCase(Locale.ROOT).contains("spamassassin")) {
      return Optional.empty();
    }
    Matcher m = CHECKER_HOST.matcher(value.strip());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
