package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises notifications that systems send (alerts, tickets, orders, shipping, reminders, account mail) without
 * any automatic-mail header, by combining three kinds of weak signal; two must agree:
 *
 * <ol>
 *   <li><b>system sender</b>: a local part such as {@code notify@}, {@code notifications@}, {@code alerts@},
 *       {@code mailman-owner@}, {@code list-owner@}, {@code robot@}, {@code automailer@}, a subdomain such as
 *       {@code alerts.}/{@code notify.}/{@code notifications.}, or a display name with {@code Bot}, {@code Notify},
 *       {@code Notification}, {@code Alert} or {@code Network Alert};</li>
 *   <li><b>template subject</b>: {@code Alert:}, {@code ... Errata Alert}, {@code Automated ... reminder},
 *       {@code [Bug 1052] New:}, {@code Your order #123 has shipped}, {@code Order confirmation}, {@code Ticket #...
 *       updated}, {@code subscription notification}, {@code Password reset}, {@code Seu pedido ... foi enviado},
 *       {@code Confirmación de pedido}...;</li>
 *   <li><b>system wording</b> in the body: "this is an automated message", "please do not reply to this email",
 *       "this mailbox is not monitored", "you are receiving this notification because", "has determined that",
 *       "Greetings from example.com", "as you requested", "não responda este e-mail", "no responda a este correo",
 *       "merci de ne pas répondre", "bitte antworten Sie nicht", "non rispondere a questa email"...</li>
 * </ol>
 *
 * <p>Near misses left to the model: a customer writing "My order #123 has not shipped, can you check?" (a template
 * subject alone, from a person); a person whose signature says "please do not reply to this thread" (wording alone);
 * a question to a system address ({@code support-alerts@}) with no template or wording. And an opening that asks the
 * reader something in the first person ("can you", "could you", "pode", "podría", "pouvez-vous", "können Sie")
 * makes it abstain even when two signals agree: notifications instruct, people ask. The body (its first 20,000
 * characters) is read only when the sender or the subject is a signal already. Immutable and thread-safe.
 */
public final class SystemNotificationRule implements Rule {

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** How many characters of the body are searched for system wording. */
  private static final int WORDING_WINDOW = 20_000;

  private static final Pattern SYSTEM_LOCAL_PART = Pattern.compile(
      "^(?:notify|notifier|notifications?|alerts?|alerting|monitoring|automailer|auto-?mailer|robot|bot|autobot"
          + "|mailman-owner|[a-z0-9.-]+-owner|owner-[a-z0-9.-]+|[a-z0-9.-]+-notifications?|[a-z0-9.-]+-alerts?"
          + "|updates?|system|sistema|notificac(?:ao|oes|ion|iones)|avisos?|benachrichtigung(?:en)?)(?:\\+.*)?$",
      FLAGS);
  private static final Pattern SYSTEM_DOMAIN = Pattern.compile(
      "^(?:alerts?|notify|notifications?|notification|updates?|mailer)\\.", FLAGS);
  private static final Pattern SYSTEM_NAME = Pattern.compile(
      "\\b(?:bot|notify|notifications?|notifier|alerts?|network alert|automated|system)\\b", FLAGS);

  private static final Pattern TEMPLATE_SUBJECT = Pattern.compile("(?:"
      + "^\\s*(?:alert|alerta|alerte|warnung|avviso)\\s*:|\\berrata alert\\b|\\bsecurity alert\\b"
      + "|\\b(?:severe weather|weather|severe thunderstorm|thunderstorm|tornado|flood|winter storm|storm)"
      + " (?:warning|watch|alert|advisory)\\b"
      + "|^\\s*automated\\b|\\b(?:renewal|payment|subscription|expir\\w*) (?:reminder|notice)\\b"
      + "|^\\s*(?:\\[[^\\]]{1,40}\\]\\s*)?\\[bug \\d+\\]|\\bsubscription notification\\b"
      + "|\\b(?:your|the) order (?:#|no\\.?\\s*|number\\s*)?[a-z0-9-]*\\d[a-z0-9-]* (?:has (?:been )?(?:shipped|"
      + "dispatched|delivered|confirmed|cancell?ed)|is (?:on its way|out for delivery|confirmed))"
      + "|^\\s*(?:order|shipping|shipment|delivery|booking|payment|purchase) confirmation\\b"
      + "|^\\s*(?:\\[[^\\]]{1,40}\\]\\s*)?ticket\\s*#?\\s*\\d+\\b.*\\b(?:created|updated|opened|closed|resolved"
      + "|received|assigned)\\b|^\\s*(?:password reset|reset your password|verify your (?:e-?mail|account)"
      + "|confirm your (?:e-?mail|subscription|account))\\b"
      + "|\\bseu pedido (?:#|n[ºo°]\\.?\\s*)?\\s*\\d+ (?:foi|est[aá]) (?:enviado|entregue|confirmado|a caminho)"
      + "|^\\s*confirma[cç][aã]o d[eo] (?:pedido|pagamento|compra|cadastro)"
      + "|^\\s*confirmaci[oó]n de (?:pedido|pago|compra|reserva)|\\btu pedido (?:#\\s*)?\\d+ (?:ha sido|est[aá])"
      + " (?:enviado|entregado|confirmado|en camino)"
      + "|^\\s*confirmation de (?:commande|paiement|r[ée]servation)|\\bvotre commande .{0,20}(?:exp[ée]di[ée]e|"
      + "livr[ée]e|confirm[ée]e)|^\\s*(?:bestellbest[aä]tigung|versandbest[aä]tigung|ihre bestellung .{0,20}"
      + "(?:wurde versandt|ist unterwegs))|^\\s*conferma (?:dell'?ordine|d'ordine|di pagamento)"
      + "|^\\s*(?:orderbevestiging|verzendbevestiging)"
      + ")", FLAGS);

  private static final Pattern SYSTEM_WORDING = Pattern.compile("(?:"
      + "this (?:is an? )?(?:automated|automatic(?:ally generated)?|auto-generated|system[- ]generated) "
      + "(?:message|e-?mail|notification|notice|reminder|alert)"
      + "|(?:this (?:e-?mail|message|notification) (?:was|has been|is) (?:sent|generated) automatically)"
      + "|please do not (?:reply|respond) (?:to )?(?:this|to this) (?:e-?mail|message|notification|address)"
      + "|do not reply to this (?:e-?mail|message|notification|address)"
      + "|(?:this|the) (?:mailbox|e-?mail address|address|inbox) (?:is|was) not (?:monitored|attended)"
      + "|replies to this (?:e-?mail|message) (?:are|will) not (?:be )?(?:monitored|read|answered)"
      + "|you (?:are receiving|received) this (?:notification|alert|reminder|e-?mail notification) because"
      + "|(?:change|manage|update) your notification (?:settings|preferences)"
      + "|\\bhas determined that\\b|^\\s*greetings from [a-z0-9.-]+\\.[a-z]{2,}|\\bas you requested\\b"
      + "|reply to this email directly or view it on"
      + "|has been successfully subscribed to"
      + "|n[aã]o (?:responda|responder) (?:a )?(?:este|esta|esse) (?:e-?mail|mensagem)"
      + "|(?:este|esta) (?:e-?mail|mensagem) (?:foi|[eé]) (?:enviad[oa]|gerad[oa]) automaticamente"
      + "|no (?:responda|respondas|contestes|conteste) a este (?:correo|mensaje)"
      + "|este (?:correo|mensaje) (?:ha sido|fue|se ha) (?:enviado|generado) autom[aá]ticamente"
      + "|merci de ne pas r[ée]pondre|ne pas r[ée]pondre [aà] ce (?:message|courriel|mail)"
      + "|ce (?:message|courriel|mail) (?:a [ée]t[ée]|est) (?:envoy[ée]|g[ée]n[ée]r[ée]) automatiquement"
      + "|bitte antworten sie nicht auf diese|diese (?:e-?mail|nachricht) wurde automatisch (?:erstellt|generiert"
      + "|versendet|versandt)"
      + "|non rispondere a questa (?:e-?mail|mail|messaggio)|questa (?:e-?mail|mail|messaggio) [eè] stat[oa]"
      + " (?:generat[oa]|inviat[oa]) automaticamente"
      + "|niet (?:beantwoorden|reageren op deze)|deze (?:e-?mail|mail|bericht) (?:is|werd) automatisch"
      + " (?:verzonden|gegenereerd)"
      + ")", FLAGS | Pattern.MULTILINE);

  /** A question to the reader in the opening: people ask, notifications instruct. */
  private static final Pattern PERSONAL_ASK = Pattern.compile("(?:"
      + "\\b(?:can|could|would|will) you\\b[^?\\n]{0,160}\\?|\\bplease (?:help|advise|let me know)"
      + "|\\b(?:pode|poderia|podem|poderiam|voc[eê]s? (?:pode|poderia))\\b[^?\\n]{0,160}\\?"
      + "|\\b(?:puede|podr[ií]a|pueden|podr[ií]an|puedes)\\b[^?\\n]{0,160}\\?"
      + "|\\b(?:pouvez-vous|pourriez-vous|peux-tu)\\b|\\b(?:k[oö]nnen|k[oö]nnten) sie\\b"
      + "|\\b(?:potete|potresti|potrebbe)\\b[^?\\n]{0,160}\\?|\\b(?:kunt u|kun je|zou u)\\b"
      + ")", FLAGS);

  @Override
  public String name() {
    return "system-notification";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    List<String> signals = new ArrayList<>();
    sender(email).ifPresent(signals::add);
    Matcher subject = TEMPLATE_SUBJECT.matcher(email.subject());
    if (subject.find()) {
      signals.add("template subject '" + subject.group().strip() + "'");
    }
    if (signals.isEmpty()) {
      return RuleOutcome.abstain(); // the wording alone is one signal: the body is not read (most mail stops here)
    }
    String body = email.body();
    Matcher wording = SYSTEM_WORDING.matcher(body).region(0, Math.min(body.length(), WORDING_WINDOW));
    if (wording.find()) {
      signals.add("system wording '" + wording.group().strip() + "'");
    }
    if (signals.size() < 2) {
      return RuleOutcome.abstain();
    }
    if (PERSONAL_ASK.matcher(AutoReplyContentRule.opening(body)).find()) {
      return RuleOutcome.abstain();
    }
    return Outcomes.ignore(EmailType.NOTIFICATION, 0.95, "system notification: " + String.join(", ", signals));
  }

  private static Optional<String> sender(Email email) {
    Optional<String> address = Addresses.extract(email.from()).filter(a -> a.contains("@"));
    if (address.isPresent()) {
      String local = Addresses.localPart(address.get());
      if (SYSTEM_LOCAL_PART.matcher(local).matches()) {
        return Optional.of("system sender " + address.get());
      }
      if (SYSTEM_DOMAIN.matcher(Addresses.domain(address.get())).find()) {
        return Optional.of("system sender domain " + Addresses.domain(address.get()));
      }
    }
    String from = email.from();
    int angle = from.indexOf('<');
    String displayName = angle > 0 ? from.substring(0, angle).replace("\"", "").strip() : "";
    if (!displayName.isEmpty() && SYSTEM_NAME.matcher(displayName).find()) {
      return Optional.of("system sender name '" + displayName + "'");
    }
    return Optional.empty();
  }
}
