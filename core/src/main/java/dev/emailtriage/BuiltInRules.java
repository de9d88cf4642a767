package dev.emailtriage;

import dev.emailtriage.internal.rules.AllowListRule;
import dev.emailtriage.internal.rules.AutoReplyContentRule;
import dev.emailtriage.internal.rules.AutoReplyHeadersRule;
import dev.emailtriage.internal.rules.BulkCampaignRule;
import dev.emailtriage.internal.rules.BulkContentRule;
import dev.emailtriage.internal.rules.DeliveryReportRule;
import dev.emailtriage.internal.rules.DenyListRule;
import dev.emailtriage.internal.rules.DmarcPolicyRule;
import dev.emailtriage.internal.rules.GmailCategoryRule;
import dev.emailtriage.internal.rules.Microsoft365HeadersRule;
import dev.emailtriage.internal.rules.NoReplySenderRule;
import dev.emailtriage.internal.rules.OutOfOfficeSubjectRule;
import dev.emailtriage.internal.rules.OwnAddressRule;
import dev.emailtriage.internal.rules.RspamdHeadersRule;
import dev.emailtriage.internal.rules.SenderList;
import dev.emailtriage.internal.rules.SpamAssassinHeadersRule;
import dev.emailtriage.internal.rules.SystemNotificationRule;
import dev.emailtriage.internal.rules.TrustedReceivers;
import dev.emailtriage.spi.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The rules that ship with email-triage, as an ordered list to give the pipeline. Each rule decides only when it is
 * sure (a bounce, an auto-reply, a campaign, a system sender) and abstains otherwise; none ignores mail because of
 * {@code List-Id} or {@code Precedence: list} alone. This class and its lists are immutable and thread-safe.
 *
 * <p>The order is: the deny list ({@code deny-list}), the allow list ({@code allow-list}), our own addresses
 * ({@code own-address}), then {@code delivery-report}, {@code auto-reply-headers}, {@code out-of-office-subject},
 * {@code gmail-category}, the spam verdicts of the receiving servers ({@code spamassassin-headers},
 * {@code rspamd-headers}, {@code dmarc-policy}, {@code microsoft365-headers}), {@code bulk-campaign},
 * {@code no-reply-sender}, then the content rules that combine weak signals of wording ({@code auto-reply-content},
 * {@code system-notification}, {@code bulk-content}), and last the {@linkplain Builder#spamFilter spam filter} when
 * one is given. The three list rules are present only when their list has entries. A denied sender is always
 * ignored; an allowed sender always reaches the model.
 *
 * <p><b>Spam verdicts already in the mail.</b> A sender can forge any header, and other organisations' filters (the
 * sender's outgoing filter, a list server) write the same {@code X-Spam-*} names as ours. {@link Email} keeps each
 * header's values in order but not the order <em>between</em> different headers, so "above the topmost
 * {@code Received}" cannot be checked. The verdict rules therefore trust only what names its stamper: SpamAssassin
 * verdicts whose {@code X-Spam-Checker-Version} says {@code on HOST}, Rspamd verdicts whose {@code X-Rspamd-Server}
 * is {@code HOST}, and {@code Authentication-Results} whose authserv-id is {@code HOST}, for a {@code HOST} given to
 * {@link Builder#trustSpamHeadersFrom}; and Microsoft 365's headers only after
 * {@link Builder#trustMicrosoft365Verdicts}. <b>By default none is trusted and those rules are not in the list</b>:
 * we cannot know which server received the mail, and a rule must never ignore a person because somebody else's
 * filter disliked their mail. Gmail's {@code SPAM} label ({@code gmail-category}) is metadata from the mailbox
 * provider, not a header, and is always honoured.
 *
 * <pre>{@code
 * List<Rule> rules = BuiltInRules.builder()
 *     .ownAddresses(List.of("support@biofraga.com"))
 *     .allow(List.of("bigclient.com"))
 *     .deny(List.of("Spammer <offers@spam.example>", "@ads.example"))
 *     .trustSpamHeadersFrom(List.of("mx.biofraga.com"))
 *     .build();
 * }</pre>
 */
public final class BuiltInRules {

  private BuiltInRules() {}

  /** The header, subject and label rules, with no own addresses and empty allow and deny lists. */
  public static List<Rule> defaults() {
    return builder().build();
  }

  /** A builder for the built-in rules with the user's own addresses and allow and deny lists. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds the list of built-in rules; not thread-safe. Every entry is a full address ({@code ana@example.com} or
   * {@code "Ana <ana@example.com>"}) or a domain ({@code example.com} or {@code @example.com}, subdomains included),
   * compared without regard to case. Each setting may be made once and is checked at once.
   */
  public static final class Builder {
    private SenderList ownAddresses;
    private SenderList allow;
    private SenderList deny;
    private TrustedReceivers trustedReceivers;
    private Boolean trustMicrosoft365;
    private Rule spamFilter;
    private Boolean contentRules;

    private Builder() {}

    /**
     * Our own addresses: mail from them is ignored (our own copies, mail loops).
     *
     * @throws IllegalArgumentException naming {@code ownAddresses} if the collection or an entry is null, blank or
     *     not an address or domain
     * @throws IllegalStateException if already set
     */
    public Builder ownAddresses(Collection<String> ownAddresses) {
      requireUnset(this.ownAddresses, "ownAddresses");
      this.ownAddresses = SenderList.of("ownAddresses", ownAddresses);
      return this;
    }

    /**
     * Senders whose mail always reaches the model, whatever the later rules say.
     *
     * @throws IllegalArgumentException naming {@code allow} if the collection or an entry is null, blank or not an
     *     address or domain
     * @throws IllegalStateException if already set
     */
    public Builder allow(Collection<String> allow) {
      requireUnset(this.allow, "allow");
      this.allow = SenderList.of("allow", allow);
      return this;
    }

    /**
     * Senders whose mail is always ignored; the deny list wins over the allow list.
     *
     * @throws IllegalArgumentException naming {@code deny} if the collection or an entry is null, blank or not an
     *     address or domain
     * @throws IllegalStateException if already set
     */
    public Builder deny(Collection<String> deny) {
      requireUnset(this.deny, "deny");
      this.deny = SenderList.of("deny", deny);
      return this;
    }

    /**
     * The host names of the user's own receiving mail servers, whose spam verdicts and authentication results the
     * rules honour: SpamAssassin's {@code X-Spam-Flag}/{@code X-Spam-Status} when {@code X-Spam-Checker-Version}
     * names one of them, Rspamd's action when {@code X-Rspamd-Server} names one, and a failed DMARC with a
     * reject/quarantine policy in an {@code Authentication-Results} whose authserv-id is one of them. Exact,
     * case-insensitive match (a subdomain is another host). Not set: none of those headers is trusted.
     *
     * @throws IllegalArgumentException naming {@code trustSpamHeadersFrom} if the collection is null or empty, or an
     *     entry is null, blank or not a host name
     * @throws IllegalStateException if already set
     */
    public Builder trustSpamHeadersFrom(Collection<String> receivingHosts) {
      if (this.trustedReceivers != null) {
        throw new IllegalStateException("trustSpamHeadersFrom was already set");
      }
      this.trustedReceivers = TrustedReceivers.of("trustSpamHeadersFrom", receivingHosts);
      return this;
    }

    /**
     * Whether to honour Microsoft 365's spam verdict ({@code X-MS-Exchange-Organization-SCL} of 5 or more,
     * {@code X-Forefront-Antispam-Report} with {@code SFV:SPM}); turn it on only when the mailbox is hosted on
     * Microsoft 365 / Exchange Online, whose header firewall makes these headers the receiving tenant's own.
     * Default {@code false}: elsewhere they are the sender's outgoing filter's opinion.
     *
     * @throws IllegalStateException if already set
     */
    public Builder trustMicrosoft365Verdicts(boolean trust) {
      if (this.trustMicrosoft365 != null) {
        throw new IllegalStateException("trustMicrosoft365Verdicts was already set");
      }
      this.trustMicrosoft365 = trust;
      return this;
    }

    /**
     * A rule that asks an external spam filter (such as {@code SpamFilterRule} of {@code email-triage-spamfilter}),
     * run after every built-in rule: it costs a network round trip, and the deny and allow lists and the cheap
     * header rules must speak first.
     *
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public Builder spamFilter(Rule spamFilter) {
      if (this.spamFilter != null) {
        throw new IllegalStateException("spamFilter was already set");
      }
      if (spamFilter == null) {
        throw new IllegalArgumentException("spamFilter must not be null");
      }
      this.spamFilter = spamFilter;
      return this;
    }

    /**
     * Whether the content rules run ({@code auto-reply-content}, {@code system-notification},
     * {@code bulk-content}: wording of subject and body combined with weak header signals); default {@code true}.
     *
     * @throws IllegalStateException if already set
     */
    public Builder contentRules(boolean enabled) {
      if (this.contentRules != null) {
        throw new IllegalStateException("contentRules was already set");
      }
      this.contentRules = enabled;
      return this;
    }

    /** The rules in their order, as an immutable list. */
    public List<Rule> build() {
      List<Rule> rules = new ArrayList<>();
      if (deny != null && !deny.isEmpty()) {
        rules.add(new DenyListRule(deny));
      }
      if (allow != null && !allow.isEmpty()) {
        rules.add(new AllowListRule(allow));
      }
      if (ownAddresses != null && !ownAddresses.isEmpty()) {
        rules.add(new OwnAddressRule(ownAddresses));
      }
      rules.add(new DeliveryReportRule());
      rules.add(new AutoReplyHeadersRule());
      rules.add(new OutOfOfficeSubjectRule());
      rules.add(new GmailCategoryRule());
      if (trustedReceivers != null) {
        rules.add(new SpamAssassinHeadersRule(trustedReceivers));
        rules.add(new RspamdHeadersRule(trustedReceivers));
        rules.add(new DmarcPolicyRule(trustedReceivers));
      }
      if (Boolean.TRUE.equals(trustMicrosoft365)) {
        rules.add(new Microsoft365HeadersRule());
      }
      rules.add(new BulkCampaignRule());
      rules.add(new NoReplySenderRule());
      if (!Boolean.FALSE.equals(contentRules)) {
        rules.add(new AutoReplyContentRule());
        rules.add(new SystemNotificationRule());
        rules.add(new BulkContentRule());
      }
      if (spamFilter != null) {
        rules.add(spamFilter);
      }
      return List.copyOf(rules);
    }

    private static void requireUnset(SenderList current, String setting) {
      if (current != null) {
        throw new IllegalStateException(setting + " was already set");
      }
    }
  }
}
