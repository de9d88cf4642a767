package dev.emailtriage;

import dev.emailtriage.internal.rules.AllowListRule;
import dev.emailtriage.internal.rules.AutoReplyHeadersRule;
import dev.emailtriage.internal.rules.BulkCampaignRule;
import dev.emailtriage.internal.rules.DeliveryReportRule;
import dev.emailtriage.internal.rules.DenyListRule;
import dev.emailtriage.internal.rules.GmailCategoryRule;
import dev.emailtriage.internal.rules.NoReplySenderRule;
import dev.emailtriage.internal.rules.OutOfOfficeSubjectRule;
import dev.emailtriage.internal.rules.OwnAddressRule;
import dev.emailtriage.internal.rules.SenderList;
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
 * {@code gmail-category}, {@code bulk-campaign} and {@code no-reply-sender}. The three list rules are present only
 * when their list has entries. A denied sender is always ignored; an allowed sender always reaches the model.
 *
 * <pre>{@code
 * List<Rule> rules = BuiltInRules.builder()
 *     .ownAddresses(List.of("support@biofraga.com"))
 *     .allow(List.of("bigclient.com"))
 *     .deny(List.of("Spammer <offers@spam.example>", "@ads.example"))
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
      rules.add(new BulkCampaignRule());
      rules.add(new NoReplySenderRule());
      return List.copyOf(rules);
    }

    private static void requireUnset(SenderList current, String setting) {
      if (current != null) {
        throw new IllegalStateException(setting + " was already set");
      }
    }
  }
}
