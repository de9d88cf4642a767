package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises bulk campaigns (newsletters, promotions): mail marked as bulk ({@code Precedence: bulk} or
 * {@code junk}, or a {@code List-Unsubscribe}) <em>and</em> carrying a campaign signal: RFC 8058
 * {@code List-Unsubscribe-Post}, an announcement-only list ({@code List-Post: NO}), a sending-service header
 * (Mailgun, Amazon SES, SendGrid, Mailchimp, Mailjet, Brevo, SparkPost...), {@code Feedback-ID}, or an
 * {@code X-Mailer} of bulk-mail software.
 *
 * <p>The bulk markers alone decide nothing, and {@code List-Id} or {@code Precedence: list} are not even bulk
 * markers: a discussion list (Mailman, Google Groups, a support address run as a group) stamps
 * {@code Precedence: bulk|list}, {@code List-Id} and {@code List-Unsubscribe} on every post a person writes. When
 * the message shows such a discussion list ({@code List-Post} with a {@code mailto:}, {@code X-Mailman-Version},
 * {@code X-BeenThere}, {@code Mailing-List}), the rule abstains even if a campaign signal is present. Immutable and
 * thread-safe.
 */
public final class BulkCampaignRule implements Rule {

  /** Headers that only bulk or sending services write. */
  private static final List<String> SERVICE_HEADERS = List.of(
      "X-Campaign", "X-CampaignID", "X-Campaign-Id", "X-Mailchimp-Campaign", "X-MC-User", "X-SES-Outgoing",
      "X-SES-Configuration-Set", "X-SG-EID", "X-SG-ID", "X-Mailgun-Sid", "X-Mailgun-Tag", "X-Mailgun-Variables",
      "X-Mailjet-Campaign", "X-MJ-Mid", "X-Mailin-Campaign", "X-Mailin-Client", "X-Mandrill-User", "X-MSys-API",
      "X-MSFBL", "X-SFMC-Stack", "X-MarketoID", "X-CSA-Complaints", "X-Bulkmail", "X-rpcampaign",
      "X-Listmonk-Campaign", "Feedback-ID");

  /** {@code X-Mailer} values of bulk-mail software. */
  private static final Pattern BULK_MAILER = Pattern.compile(
      "bulk ?mail|mass ?mail|mailchimp|mailbeamer|(lyris|listmanager).*web interface|constant ?contact|sendblaster"
          + "|phplist|interspire|mailerlite|acymailing|sendy|newsletter|campaign",
      Pattern.CASE_INSENSITIVE);

  @Override
  public String name() {
    return "bulk-campaign";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    String precedence = MailHeaders.lowercase(email, "Precedence");
    boolean bulk = precedence.equals("bulk") || precedence.equals("junk")
        || email.header("List-Unsubscribe").isPresent();
    if (!bulk || isDiscussionList(email)) {
      return RuleOutcome.abstain();
    }
    return campaignSignal(email)
        .map(signal -> Outcomes.ignore(EmailType.NEWSLETTER, 0.95, "bulk campaign: " + signal))
        .orElse(RuleOutcome.abstain());
  }

  private static boolean isDiscussionList(Email email) {
    return email.headerValues("List-Post").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("mailto:"))
        || email.header("X-Mailman-Version").isPresent()
        || email.header("X-BeenThere").isPresent()
        || email.header("Mailing-List").isPresent();
  }

  private static Optional<String> campaignSignal(Email email) {
    if (email.header("List-Unsubscribe-Post").isPresent()) {
      return Optional.of("RFC 8058 List-Unsubscribe-Post");
    }
    if (MailHeaders.lowercase(email, "List-Post").startsWith("no")) {
      return Optional.of("announcement-only list (List-Post: NO)");
    }
    for (String header : SERVICE_HEADERS) {
      if (email.header(header).isPresent()) {
        return Optional.of("sending-service header " + header);
      }
    }
    return email.header("X-Mailer")
        .filter(mailer -> BULK_MAILER.matcher(mailer).find())
        .map(mailer -> "bulk-mail software (X-Mailer: " + mailer.strip() + ")");
  }
}
