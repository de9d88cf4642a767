package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises out-of-office and other automatic replies that carry no auto-reply header, by their wording: the
 * subject <em>and</em> the opening of the body must both read like an auto-responder, in Portuguese, English,
 * Spanish, French, German, Italian or Dutch.
 *
 * <ul>
 *   <li>Subject: an auto-reply phrase ({@code Automatic reply}, {@code Out of office}, {@code Auto:},
 *       {@code Resposta automática}, {@code Ausência}, {@code Fuera de la oficina}, {@code Absence},
 *       {@code Abwesenheit}, {@code Fuori sede}, {@code Afwezig}...) before any {@code Re:} or {@code Fwd:} of a
 *       person.</li>
 *   <li>Body opening (its first 400 characters): the responder's present or future tense ({@code I am out of the
 *       office}, {@code I will be away until}, {@code This is an automatic reply}, {@code Estou fora do escritório},
 *       {@code Estaré fuera}, {@code Je suis absent}, {@code Ich bin bis ... nicht im Büro}, {@code Sono fuori
 *       ufficio}, {@code Ik ben afwezig}...).</li>
 * </ul>
 *
 * <p>Near misses it leaves to the model: a person writing in the past tense ("I was out of office last week, can
 * you resend the invoice?"), a subject without the phrase or a body without it, a person quoting an auto-reply under
 * {@code Re:}/{@code Fwd:} ("Re: Out of office"), and any opening that asks a question ({@code ?}): auto-responders
 * inform, people ask. Immutable and thread-safe.
 */
public final class AutoReplyContentRule implements Rule {

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
  private static final int OPENING_CHARS = 400;

  /** An auto-reply phrase at the start of the subject (after brackets, before any Re:/Fwd:). */
  private static final Pattern SUBJECT = Pattern.compile("^\\s*\\[?\\s*(?:"
      + "auto(?:matic|mated)?[- ]?(?:reply|response|answer)|auto\\s*:|out of (?:the )?office|ooo\\b|away\\b"
      + "|on (?:vacation|holiday|leave|annual leave)|vacation (?:reply|notice|message)|absence"
      + "|resposta autom[aá]tica|fora do escrit[oó]rio|aus[eê]ncia|ausente|f[eé]rias"
      + "|respuesta autom[aá]tica|fuera de (?:la )?oficina|ausencia|vacaciones"
      + "|r[ée]ponse automatique|absent(?:e)?\\b|absence du bureau|cong[ée]s?"
      + "|automatische (?:antwort|abwesenheitsnotiz)|abwesenheit|abwesend|nicht im b[uü]ro|urlaub"
      + "|risposta automatica|fuori (?:sede|ufficio)|assente|assenza"
      + "|automatisch antwoord|afwezig|niet op kantoor|buiten kantoor)", FLAGS);

  /** What responders write at the start of the body: present or future tense, or "this is an automatic reply". */
  private static final Pattern BODY = Pattern.compile("(?:"
      + "\\bi(?:'m| am) (?:currently |now )?(?:out of (?:the )?office|away|on (?:vacation|holiday|leave|annual"
      + " leave|parental leave|sick leave|a business trip)|travell?ing|out of the country|not in the office)"
      + "|\\bi will be (?:out of (?:the )?office|away|on (?:vacation|holiday|leave)|back|returning)"
      + "|\\bi(?:'ll| will) (?:return|be back) (?:on|to the office)"
      + "|\\bthis is an? auto(?:matic|mated)(?:ally generated)? (?:reply|response|message)"
      + "|\\bthank you for your (?:e-?mail|message)[.,!]?\\s+i(?:'m| am| will be) (?:currently )?(?:out|away|on)"
      + "|\\bestou (?:fora do escrit[oó]rio|ausente|de f[eé]rias|em f[eé]rias|de licen[cç]a)"
      + "|\\bestarei (?:fora|ausente|de f[eé]rias|de volta)|\\besta (?:[eé] uma )?resposta autom[aá]tica"
      + "|\\bmensagem autom[aá]tica"
      + "|\\bestoy (?:fuera de (?:la )?oficina|ausente|de vacaciones)|\\bestar[eé] (?:fuera|ausente|de vacaciones)"
      + "|\\b(?:esta|este) es (?:una respuesta|un mensaje) autom[aá]tic[oa]"
      + "|\\bje suis (?:actuellement )?(?:absente?|en cong[ée]s?|en vacances|en d[ée]placement)"
      + "|\\bje serai (?:absente?|de retour)|\\bceci est une r[ée]ponse automatique"
      + "|\\bich bin (?:bis|vom|ab|derzeit|zurzeit|momentan|im urlaub|nicht im b[uü]ro|abwesend|au[sß]er haus)"
      + "|\\bich bin [^.?!\\n]{0,60}(?:nicht im b[uü]ro|abwesend|im urlaub|au[sß]er haus)"
      + "|\\bdies ist eine automatische (?:antwort|nachricht)"
      + "|\\bsono (?:fuori (?:sede|ufficio)|assente|in ferie)|\\bsar[oò] (?:assente|fuori|in ferie)"
      + "|\\bquesta [eè] una risposta automatica"
      + "|\\bik ben (?:afwezig|niet op kantoor|met vakantie|buiten kantoor)|\\bdit is een automatisch"
      + ")", FLAGS);

  @Override
  public String name() {
    return "auto-reply-content";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    Matcher subject = SUBJECT.matcher(email.subject());
    if (!subject.find()) {
      return RuleOutcome.abstain();
    }
    String opening = opening(email.body());
    if (opening.indexOf('?') >= 0 || opening.indexOf('¿') >= 0) {
      return RuleOutcome.abstain(); // responders inform, people ask
    }
    Matcher body = BODY.matcher(opening);
    if (!body.find()) {
      return RuleOutcome.abstain();
    }
    return Outcomes.ignore(EmailType.AUTO_REPLY, 0.95, "auto-reply wording in the subject ('"
        + subject.group().strip() + "') and the body ('" + body.group().strip() + "')");
  }

  /**
   * The first {@link #OPENING_CHARS} characters of the body, without quoted lines and blank lines: its lines
   * (split at {@code \r?\n}) stripped, each followed by a space. Reads only as many lines as it needs.
   */
  static String opening(String body) {
    StringBuilder sb = new StringBuilder();
    int n = body.length();
    int from = 0;
    while (from <= n && sb.length() < OPENING_CHARS) {
      int newline = body.indexOf('\n', from);
      int to = newline < 0 ? n : newline;
      int start = from;
      int end = to;
      while (start < end && Character.isWhitespace(body.charAt(start))) {
        start++;
      }
      while (end > start && Character.isWhitespace(body.charAt(end - 1))) {
        end--;
      }
      if (start < end && body.charAt(start) != '>') {
        sb.append(body, start, end).append(' ');
      }
      if (newline < 0) {
        break;
      }
      from = newline + 1;
    }
    return sb.length() > OPENING_CHARS ? sb.substring(0, OPENING_CHARS) : sb.toString();
  }
}
