package dev.emailtriage.internal.rules;

import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.util.regex.Pattern;

/**
 * Recognises bounces and other machine reports as notifications: a {@code multipart/report} message (delivery status,
 * read receipt, abuse feedback), mail from {@code MAILER-DAEMON}, mail from {@code postmaster} that also carries a
 * machine signal, and null-sender mail ({@code Return-Path: <>}) with a bounce subject or a bounce header.
 *
 * <p>{@code postmaster} alone is not enough: a person who runs a mail server writes from that address too ("your
 * server is on our block list, please fix it"). A null sender alone is not enough either: auto-replies use it. A
 * person forwarding a bounce ({@code Fwd: Returned mail}) is not matched: the subject must start with the bounce
 * words and the sender must be null. Immutable and thread-safe.
 */
public final class DeliveryReportRule implements Rule {

  /** Subjects that delivery systems write, at the very start (no {@code Re:}/{@code Fwd:}). */
  private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
      "^\\s*(undeliver(able|ed)|delivery status notification|delivery (failure|has failed|failed|notification)"
          + "|mail delivery (failed|failure|system)|returned mail|failure notice|warning: message .* delayed"
          + "|delayed mail|non remis|non recapitabile|unzustellbar|no se puede entregar|mensagem n[aã]o entregue"
          + "|n[aã]o foi poss[ií]vel entregar|notificaci[oó]n de estado de entrega)",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /** Headers that only bounce generators write (Exim, Exchange). */
  private static final String[] BOUNCE_HEADERS = {"X-Failed-Recipients", "X-MS-Exchange-Message-Is-Ndr"};

  @Override
  public String name() {
    return "delivery-report";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    if (MailHeaders.mimeType(email).equals("multipart/report")) {
      String reportType = email.header("Content-Type")
          .flatMap(value -> MailHeaders.parameter(value, "report-type"))
          .orElse("unknown");
      return notification(0.99, "machine report (Content-Type: multipart/report; report-type=" + reportType + ")");
    }
    String sender = Addresses.senderLocalPart(email.from());
    if (sender.equals("mailer-daemon")) {
      return notification(0.99, "sent by MAILER-DAEMON (delivery report)");
    }
    boolean nullSender = MailHeaders.hasNullSender(email);
    if (!nullSender && !sender.equals("postmaster")) {
      return RuleOutcome.abstain(); // the subject counts only beside one of these: not read for most mail
    }
    boolean bounceSubject = BOUNCE_SUBJECT.matcher(email.subject()).find();
    if (sender.equals("postmaster")
        && (nullSender || bounceSubject || MailHeaders.autoSubmitted(email).isPresent())) {
      return notification(0.97, "sent by postmaster with a null sender, bounce subject or Auto-Submitted");
    }
    if (nullSender && bounceSubject) {
      return notification(0.97, "null sender (Return-Path: <>) with a bounce subject");
    }
    if (nullSender) {
      for (String header : BOUNCE_HEADERS) {
        if (email.header(header).isPresent()) {
          return notification(0.97, "null sender (Return-Path: <>) with bounce header " + header);
        }
      }
    }
    return RuleOutcome.abstain();
  }

  private static RuleOutcome notification(double confidence, String reason) {
    return Outcomes.ignore(EmailType.NOTIFICATION, confidence, reason);
  }
}
