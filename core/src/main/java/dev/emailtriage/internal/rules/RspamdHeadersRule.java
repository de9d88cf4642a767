package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Honours the action Rspamd chose for the message when the Rspamd that chose it is one of the user's own receiving
 * servers: {@code X-Rspamd-Server} (written by Rspamd's milter headers with {@code extended_spam_headers}) must name
 * a {@link TrustedReceivers trusted receiver}; then {@code X-Rspamd-Action} or {@code X-Spam-Action} of
 * {@code reject}, {@code add header} or {@code rewrite subject}, or {@code X-Spamd-Result: default: True [...]},
 * ignore the message as spam. {@code no action}, {@code greylist} and {@code soft reject} (a temporary refusal, not a
 * spam verdict) abstain, as does any message whose Rspamd host is unknown or not ours: a sender or another
 * organisation's Rspamd can write the same headers. Immutable and thread-safe.
 */
public final class RspamdHeadersRule implements Rule {

  private static final Set<String> SPAM_ACTIONS = Set.of("reject", "add header", "add_header", "rewrite subject",
      "rewrite_subject");

  /** {@code default: True [15.30 / 15.00];} */
  private static final Pattern RESULT = Pattern.compile(
      "^\\s*default\\s*:\\s*(true|false)\\s*\\[\\s*(-?[0-9.]+)\\s*/\\s*(-?[0-9.]+)", Pattern.CASE_INSENSITIVE);

  private final TrustedReceivers receivers;

  /** A rule that trusts the Rspamd of {@code receivers}. */
  public RspamdHeadersRule(TrustedReceivers receivers) {
    this.receivers = Objects.requireNonNull(receivers, "receivers");
  }

  @Override
  public String name() {
    return "rspamd-headers";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    Optional<String> server = email.header("X-Rspamd-Server").map(String::strip);
    if (server.isEmpty() || !receivers.trusts(server.get())) {
      return RuleOutcome.abstain();
    }
    String host = server.get().toLowerCase(Locale.ROOT);
    Optional<String> action = email.header("X-Rspamd-Action").or(() -> email.header("X-Spam-Action"))
        .map(v -> v.strip().toLowerCase(Locale.ROOT));
    Optional<Matcher> result = email.header("X-Spamd-Result").map(RESULT::matcher).filter(Matcher::find);
    boolean resultSays = result.map(m -> m.group(1).equalsIgnoreCase("true")).orElse(false);
    if (action.isPresent()) {
      if (!SPAM_ACTIONS.contains(action.get())) {
        return RuleOutcome.abstain(); // no action, greylist, soft reject: not a spam verdict
      }
      String score = result.map(m -> ", score " + m.group(2) + " / " + m.group(3)).orElse("");
      return Outcomes.ignore(EmailType.SPAM, 0.97,
          "Rspamd on " + host + " chose '" + action.get() + "'" + score);
    }
    if (resultSays) {
      Matcher m = result.get();
      return Outcomes.ignore(EmailType.SPAM, 0.97,
          "Rspamd on " + host + " judged it spam (score " + m.group(2) + " / " + m.group(3) + ")");
    }
    return RuleOutcome.abstain();
  }
}
