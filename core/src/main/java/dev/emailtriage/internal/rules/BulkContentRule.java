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
 * <p>Two weaker kinds count only beside a stronger one: <b>5. a bulk sender</b> ({@code newsletter@},
 * {@code news@}, {@code marketing@}, {@code promo@}, {@code ofertas@}...) and <b>6. an unsubscribe link</b>
 * ({@code https://.../unsubscribe...}). Pairs that decide: 2 with any other, 3 with 1, 4 or 5, 5 with 6, and a
 * newsletter subject with an issue number ({@code Linux Newsletter #92}) with 1. A bulk marker and an ordinary
 * subject are not enough (people write "Weekly..." to lists that stamp {@code Precedence: bulk}), nor is an
 * unsubscribe link with a bulk marker (a discussion list's footer). Never on a discussion list ({@code List-Post} with a
 * {@code mailto:}, {@code X-Mailman-Version}, {@code X-BeenThere}, {@code Mailing-List}): a person's question to a
 * list carries a bulk marker, an unsubscribe footer and sometimes "you received this message because you are
 * subscribed".
 *
 * <p>The body is read only when another signal makes its own count (an ordinary person's mail is decided on its
 * headers, subject and sender alone), and then only its first 20,000 and last 10,000 characters, so a long body
 * costs no more than a short one. Immutable and thread-safe.
 */
public final class BulkContentRule implements Rule {

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** How many characters at the start of the body are searched for wording and links. */
  private static final int HEAD_WINDOW = 20_000;

  /** How many characters at the end of a longer body are searched too (the footer). */
  private static final int TAIL_WINDOW = 10_000;

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
      + "|to (?:unsubscribe|stop receiving) (?:from )?(?:this|our|these|the) (?:daily |weekly |monthly )?"
      + "(?:newsletters?|news|updates?|e-?mails|bulletins?|offers|mailings|alerts)"
      + "|if you(?:'d| would) (?:like|prefer) (?:to unsubscribe|not to receive)"
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

  /** A newsletter subject with an issue number: {@code Linux Newsletter #92}, {@code Boletim nº 12}. */
  private static final Pattern NEWSLETTER_ISSUE_SUBJECT = Pattern.compile(
      "\\b(?:newsletter|nieuwsbrief|boletim|bolet[ií]n|bulletin|informativo)\\b[^\\n]{0,20}?"
          + "(?:#|n[ºo°]\\.?|no\\.|issue|edi[cç][aã]o|vol\\.?)\\s*\\d+", FLAGS);

  /** Local parts that only bulk senders use. */
  private static final Pattern BULK_SENDER = Pattern.compile(
      "^(?:newsletters?|news|mailings?|marketing|promo(?:tions?)?|offers|deals|ofertas|promocoes|promociones"
          + "|angebote|infomail|mailer)$", FLAGS);

  /** A link whose path unsubscribes: {@code https://shop.example/newsletter/unsubscribe.cgi?id=...}. */
  private static final Pattern UNSUBSCRIBE_LINK = Pattern.compile(
      "https?://\\S*(?:unsubscribe|optout|opt-out|abmelden|descadastr|desinscri|uitschrijven)\\S*", FLAGS);

  @Override
  public String name() {
    return "bulk-content";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    if (isDiscussionList(email)) {
      return RuleOutcome.abstain();
    }
    String precedence = MailHeaders.lowercase(email, "Precedence");
    boolean marker = precedence.equals("bulk") || precedence.equals("junk")
        || email.header("List-Unsubscribe").isPresent();
    Optional<String> software = software(email);
    Matcher subject = NEWSLETTER_SUBJECT.matcher(email.subject());
    boolean newsletterSubject = subject.find();
    boolean issueSubject = NEWSLETTER_ISSUE_SUBJECT.matcher(email.subject()).find();
    Optional<String> sender = Addresses.extract(email.from()).filter(a -> a.contains("@"))
        .filter(a -> BULK_SENDER.matcher(Addresses.localPart(a)).matches());
    // The body's two signals decide only beside another: without one, the body is not read (most mail stops here).
    String body = email.body();
    Matcher wording = null;
    boolean words = false;
    if (software.isPresent() || marker || newsletterSubject || sender.isPresent()) {
      wording = NEWSLETTER_WORDING.matcher(body);
      words = findInWindow(wording, body.length());
    }
    boolean linkMatters = software.isPresent() || sender.isPresent();
    boolean link = linkMatters && findInWindow(UNSUBSCRIBE_LINK.matcher(body), body.length());
    boolean sure = software.isPresent() && (marker || words || newsletterSubject || link || sender.isPresent())
        || words && (marker || newsletterSubject || sender.isPresent())
        || issueSubject && marker
        || sender.isPresent() && link;
    if (!sure) {
      return RuleOutcome.abstain();
    }
    List<String> signals = new ArrayList<>();
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
    sender.ifPresent(a -> signals.add("bulk sender " + a));
    if (link || !linkMatters && findInWindow(UNSUBSCRIBE_LINK.matcher(body), body.length())) {
      signals.add("unsubscribe link");
    }
    return Outcomes.ignore(EmailType.NEWSLETTER, 0.95, "bulk mail: " + String.join(", ", signals));
  }

  /**
   * Whether {@code m} finds its pattern in the body's first {@value #HEAD_WINDOW} or last {@value #TAIL_WINDOW}
   * characters (newsletter wording sits in the header and the footer); a match spanning the gap is not seen.
   */
  private static boolean findInWindow(Matcher m, int length) {
    if (m.region(0, Math.min(length, HEAD_WINDOW)).find()) {
      return true;
    }
    return length > HEAD_WINDOW && m.region(Math.max(HEAD_WINDOW, length - TAIL_WINDOW), length).find();
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
