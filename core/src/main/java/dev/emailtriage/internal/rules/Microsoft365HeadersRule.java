package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Honours the spam verdict of Microsoft 365 / Exchange Online Protection when the mailbox is hosted there (an opt-in,
 * {@code BuiltInRules.Builder.trustMicrosoft365Verdicts(true)}): {@code X-MS-Exchange-Organization-SCL} of 5 to 9, or
 * {@code X-Forefront-Antispam-Report} with {@code SFV:SPM} (spam), {@code SFV:SKS} (marked as spam by a mail-flow
 * rule), {@code SFV:SKB} (blocked sender) or an {@code SCL} of 5 or more.
 *
 * <p><b>Why only as an opt-in.</b> Exchange's header firewall removes {@code X-MS-Exchange-Organization-*} headers
 * from mail entering the organisation, and a message crossing from another tenant keeps that tenant's report only
 * as {@code X-Forefront-Antispam-Report-Untrusted} (never read here): in a mailbox on Microsoft 365 these headers are
 * the receiving tenant's own. Outside Microsoft 365 (a Gmail or IMAP mailbox receiving mail a Microsoft 365 sender
 * sent) they are the <em>sender's</em> outgoing filter's opinion, so they are not trusted by default. An allow-list
 * verdict ({@code SFV:SKN}, {@code SKA}, {@code SKI}) or {@code SFV:NSPM} next to a high SCL makes the rule abstain.
 * Immutable and thread-safe.
 */
public final class Microsoft365HeadersRule implements Rule {

  private static final Set<String> SPAM_VERDICTS = Set.of("spm", "sks", "skb");
  private static final Set<String> NOT_SPAM_VERDICTS = Set.of("nspm", "skn", "ska", "ski", "skq");

  @Override
  public String name() {
    return "microsoft365-headers";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    Map<String, String> report = email.header("X-Forefront-Antispam-Report")
        .map(Microsoft365HeadersRule::parseReport).orElse(Map.of());
    String sfv = report.getOrDefault("sfv", "");
    if (NOT_SPAM_VERDICTS.contains(sfv)) {
      return RuleOutcome.abstain();
    }
    if (SPAM_VERDICTS.contains(sfv)) {
      return spam("X-Forefront-Antispam-Report SFV:" + sfv.toUpperCase(Locale.ROOT));
    }
    Optional<Integer> orgScl = email.header("X-MS-Exchange-Organization-SCL").flatMap(Microsoft365HeadersRule::scl);
    if (orgScl.isPresent() && orgScl.get() >= 5) {
      return spam("X-MS-Exchange-Organization-SCL " + orgScl.get());
    }
    Optional<Integer> reportScl = Optional.ofNullable(report.get("scl")).flatMap(Microsoft365HeadersRule::scl);
    if (orgScl.isEmpty() && reportScl.isPresent() && reportScl.get() >= 5) {
      return spam("X-Forefront-Antispam-Report SCL:" + reportScl.get());
    }
    return RuleOutcome.abstain();
  }

  private static RuleOutcome spam(String evidence) {
    return Outcomes.ignore(EmailType.SPAM, 0.97, "Microsoft 365 filed it as spam (" + evidence + ")");
  }

  /** {@code CIP:1.2.3.4;CTRY:;LANG:en;SCL:5;SRV:;IPV:NLI;SFV:SPM;...} as lowercase keys and values. */
  private static Map<String, String> parseReport(String value) {
    Map<String, String> fields = new HashMap<>();
    for (String part : value.split(";")) {
      int colon = part.indexOf(':');
      if (colon > 0) {
        fields.putIfAbsent(part.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            part.substring(colon + 1).strip().toLowerCase(Locale.ROOT));
      }
    }
    return fields;
  }

  private static Optional<Integer> scl(String value) {
    try {
      int scl = Integer.parseInt(value.strip());
      return scl >= -1 && scl <= 9 ? Optional.of(scl) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
