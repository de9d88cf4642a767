package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises out-of-office replies by the subject their senders write, in Portuguese, English and Spanish:
 * {@code Resposta automática: ...}, {@code Fora do escritório: ...}, {@code Ausente: ...}, {@code Automatic reply:
 * ...}, {@code Out of Office: ...}, {@code Autoreply: ...}, {@code Respuesta automática: ...}, {@code Fuera de la
 * oficina: ...}, or one of those phrases as the whole subject (also Exchange's German and French
 * {@code Automatische Antwort:}, {@code Abwesenheitsnotiz:}, {@code Réponse automatique:}).
 *
 * <p>The phrase must open the subject and be followed by a colon (or be all of it, or sit in brackets): a customer
 * writing "My automatic payment failed", "Automatic reply to my question?" or "Re: Automatic reply: ..." is not
 * matched. Lotus Notes' "{@code Name is out of the office.}" counts only with a null sender ({@code Return-Path: <>}),
 * because people write and quote it in their own subjects. {@code X-Auto-Response-Suppress} confirms nothing: it
 * asks others not to auto-reply, and Exchange stamps it on mail people send to distribution lists. Immutable and
 * thread-safe.
 */
public final class OutOfOfficeSubjectRule implements Rule {

  private static final String PHRASES = "out of (?:the )?office(?: auto-?reply| reply)?|automatic reply"
      + "|auto[- ]?reply|auto[- ]?response|resposta autom[aá]tica|fora do escrit[oó]rio|ausente"
      + "|respuesta autom[aá]tica|fuera de (?:la )?oficina|automatische antwort|abwesenheitsnotiz"
      + "|r[ée]ponse automatique";

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

  /** The phrase as a prefix with a colon, as the whole subject, or in brackets at the start. */
  private static final Pattern STRONG = Pattern.compile(
      "^\\s*(?:(" + PHRASES + ")\\s*:|(" + PHRASES + ")\\s*[.!]?\\s*$|\\[(" + PHRASES + ")\\])", FLAGS);

  /** Lotus Notes: {@code Name/Org is out of the office.}; no colon or bracket before it (no Re:, no [list]). */
  private static final Pattern NOTES = Pattern.compile("^[^:\\[\\]]{1,200}\\bis out of (?:the )?office\\b", FLAGS);

  @Override
  public String name() {
    return "out-of-office-subject";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    String subject = email.subject();
    Matcher strong = STRONG.matcher(subject);
    if (strong.find()) {
      String phrase = strong.group(1) != null ? strong.group(1)
          : strong.group(2) != null ? strong.group(2) : strong.group(3);
      return Outcomes.ignore(EmailType.AUTO_REPLY, 0.97, "out-of-office subject '" + phrase.strip() + "'");
    }
    if (NOTES.matcher(subject).find() && MailHeaders.hasNullSender(email)) {
      return Outcomes.ignore(EmailType.AUTO_REPLY, 0.95,
          "out-of-office subject 'is out of the office' with a null sender");
    }
    return RuleOutcome.abstain();
  }
}
