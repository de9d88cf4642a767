package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises newsletters and other bulk mail that lacks the campaign headers {@link BulkCampaignRule} needs, by
 * combining weak signals; it decides only when two of different kinds agree:
 *
 * <ol>
 *   <li><b>bulk marker</b>: {@code Precedence: bulk|junk} or a {@code List-Unsubscribe};</li>
 *   <li><b>sending software</b>: a {@code Message-ID} of bulk-mail software (Lyris ListManager {@code <LYRIS-...>},
 *       {@code <LISTMANAGER...>}, Mailchimp, SendGrid, Amazon SES, Mailgun, Marketo, Salesforce Marketing Cloud...)
 *       or a recipient-specific {@code List-Unsubscribe} address ({@code leave-news-2534371U@...}: a number that
 *       identifies the subscriber, which a discussion list's {@code list-request@} never has);</li>
 *   <li><b>newsletter wording</b> in the body: "view this email in your browser", "you are receiving this email
 *       because you subscribed", "manage your subscription", "unsubscribe from this newsletter", and the same in
 *       Portuguese, Spanish, French, German, Italian and Dutch;</li>
 *   <li><b>newsletter subject</b>: {@code Newsletter}, {@code Issue #138}, {@code Headlines}, {@code Boletim},
 *       {@code Bulletin}...</li>
 * </ol>
 *
 * <p>Allowed pairs: 1+2, 1+3, 2+3, 2+4, 3+4 (a bulk marker and a subject alone are not enough: people write
 * "Weekly..." to lists that stamp {@code Precedence: bulk}). Never on a discussion list ({@code List-Post} with a
 * {@code mailto:}, {@code X-Mailman-Version}, {@code X-BeenThere}, {@code Mailing-List}): a person's question to a
 * list carries a bulk marker, an unsubscribe footer and sometimes "you received this message because you are
 * subscribed". Immutable and thread-safe.
 */
public final class BulkContentRule implements Rule {

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  private static final Pattern BULK_MESSAGE_ID = Pattern.compile(
      "^<?\\s*(?:lyris-|listmanager|listmanagersql-)|[.@](?:mcsv\\.net|mailchimpapp\\.net|rsgsv\\.net|mcdlv\\.net"
          + "|sendgrid\\.net|amazonses\\.com|mailgun\\.(?:org|net)|mktomail\\.com|exacttarget\\.com"
          + "|sparkpostmail\\.com|cmail\\d*\\.com|createsend\\.com|mailjet\\.com|sendinblue\\.com|brevo\\.com"
          + "|hubspotemail\\.net|constantcontact\\.com|ccsend\\.com)>?\\s*$", FLAGS);

  /** A subscriber token in an unsubscribe address: a run of 5+ digits next to letters or dashes. */
  private static final Pattern PERSONAL_UNSUBSCRIBE = Pattern.compile(
      "(?:leave|unsub(?:scribe)?|remove|optout|opt-out)[-_.+=][^@>\\s]*\\d{5,}|[?&](?:u|uid|id|e|m|email|token)=[0-9a-f]{8,}",
      FLAGS);

  private static final Pattern NEWSLETTER_WORDING = Pattern.compile("(?:"
      + "view (?:this|it|the) (?:e-?mail|message|newsletter|issue)? ?(?:in|on|with) (?:your|a) (?:web )?browser"
      + "|(?:can'?t|cannot|unable to) (?:see|view|read) (?:this|the) (?:e-?mail|message|newsletter)"
      + "|you(?:'re| are) receiving this (?:e-?mail|newsletter|message|bulletin)"
      + "|you (?:have )?(?:subscribed|signed up|opted in|registered) (?:to|for|at|on) (?:our|the|this) (?:newsletter|mailing|e-?mail"
      + "|updates|announcements)"
      + "|(?:manage|update|change|edit) your (?:e-?mail |subscription |mailing |newsletter |communication )?"
      + "(?:preferences|subscriptions?|settings)"
      + "|unsubscribe (?:from )?(?:this|our|the) (?:newsletter|mailing|e-?mails?|communications|bulletin)"
      + "|to (?:unsubscribe|stop receiving) (?:from )?(?:this|our|these|the) (?:newsletter|e-?mails|bulletins|offers)"
      + "|(?:para )?(?:se )?descadastr|cancelar (?:a |sua )?(?:inscri[cç][aã]o|assinatura)"
      + "|voc[eê] est[aá] recebendo (?:este|esse) (?:e-?mail|boletim|informativo)"
      + "|visualizar (?:este e-?mail |esta mensagem )?no (?:seu )?navegador"
      + "|dar(?:se|te) de baja|recibes este (?:correo|mensaje|bolet[ií]n)|ver (?:este correo|en tu navegador)"
      + "|(?:se )?d[ée]sabonner|d[ée]sinscri|vous recevez ce (?:message|courriel|mail|e-?mail)"
      + "|newsletter abbestellen|newsletter abmelden|vom newsletter abmelden|sie erhalten diese (?:e-?mail|nachricht)"
      + "|im browser (?:ansehen|anzeigen|öffnen)"
      + "|disiscriv|cancellarti dalla newsletter|ricevi questa (?:e-?mail|newsletter)"
      + "|uitschrijven|afmelden voor (?:de|deze) nieuwsbrief|je ontvangt deze (?:e-?mail|nieuwsbrief)"
      + ")", FLAGS);

  private static final Pattern NEWSLETTER_SUBJECT = Pattern.compile(
      "\\b(?:newsletter|nieuwsbrief|boletim|bolet[ií]n|bulletin|informativo|headlines"
          + "|issue\\s*(?:#|no\\.?|n[ºo°]\\.?)?\\s*\\d+|edi[cç][aã]o\\s*(?:#|n[ºo°]\\.?)?\\s*\\d+|ausgabe\\s*\\d+)\\b",
      FLAGS);

  @Override
  public String name() {
    return "bulk-content";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    if (isDiscussionList(email)) {
      return RuleOutcome.abstain();
    }
    List<String> signals = new ArrayList<>();
    String precedence = MailHeaders.lowercase(email, "Precedence");
    boolean marker = precedence.equals("bulk") || precedence.equals("junk")
        || email.header("List-Unsubscribe").isPresent();
    Optional<String> software = software(email);
    Matcher wording = NEWSLETTER_WORDING.matcher(email.body());
    boolean words = wording.find();
    Matcher subject = NEWSLETTER_SUBJECT.matcher(email.subject());
    boolean newsletterSubject = subject.find();
    if (marker) {
      signals.add(precedence.equals("bulk") || precedence.equals("junk") ? "Precedence: " + precedence
          : "List-Unsubscribe");
    }
    software.ifPresent(signals::add);
    if (words) {
      signals.add("newsletter wording '" + wording.group().strip() + "'");
    }
    if (newsletterSubject) {
      signals.add("newsletter subject '" + subject.group().strip() + "'");
    }
    boolean sure = software.isPresent() && (marker || words || newsletterSubject) || words && (marker
        || newsletterSubject);
    return sure
        ? Outcomes.ignore(EmailType.NEWSLETTER, 0.95, "bulk mail: " + String.join(", ", signals))
        : RuleOutcome.abstain();
  }

  private static Optional<String> software(Email email) {
    Optional<String> messageId = email.header("Message-ID").map(String::strip)
        .filter(id -> BULK_MESSAGE_ID.matcher(id).find());
    if (messageId.isPresent()) {
      return Optional.of("bulk-mail software Message-ID " + abbreviate(messageId.get()));
    }
    return email.headerValues("List-Unsubscribe").stream()
        .filter(v -> PERSONAL_UNSUBSCRIBE.matcher(v).find())
        .findFirst()
        .map(v -> "recipient-specific List-Unsubscribe");
  }

  static boolean isDiscussionList(Email email) {
    return email.headerValues("List-Post").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("mailto:"))
        || email.header("X-Mailman-Version").isPresent()
        || email.header("X-BeenThere").isPresent()
        || email.header("Mailing-List").isPresent();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
