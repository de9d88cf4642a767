package dev.emailtriage.internal.learning;

import dev.emailtriage.Action;
import dev.emailtriage.CorrectionExample;
import dev.emailtriage.CorrectionExample.Match;
import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.Prompt;
import dev.emailtriage.internal.rules.Addresses;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.model.BodyCleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Corrections teach the model: picks the few corrected earlier emails most like the one about to be sent to the
 * model and attaches them to its prompt as {@link CorrectionExample}s. Thread-safe (the store is). Not API: switched
 * on with {@code EmailTriage.Builder.correctionExamples(int)}.
 *
 * <p>Which: {@link DecisionStore#findCorrections} — the same content (exact fingerprint) first, then the same sender
 * address, then other addresses of the sender's domain, newest correction first; at most {@code max}. The domain is
 * not matched for mailbox providers shared by unrelated people ({@link #SHARED_DOMAINS}): there only the same address
 * (or the same content) counts.
 *
 * <p>Privacy rule: an example is never another sender's mail in full: only its subject (at most
 * {@value CorrectionExample#MAX_SUBJECT} characters) and the start of its cleaned body (at most
 * {@value CorrectionExample#MAX_EXCERPT} characters), each on one line; the sender is shown by address only when it
 * is the very sender of the email being decided, otherwise by its domain alone.
 */
public final class CorrectionExamples {

  private static final Logger LOG = LoggerFactory.getLogger(CorrectionExamples.class);
  /** Mailbox providers whose addresses share nothing but the provider: no domain matching there. */
  static final Set<String> SHARED_DOMAINS = Set.of("gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
      "live.com", "msn.com", "yahoo.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com",
      "gmx.de", "mail.com", "yandex.ru", "uol.com.br", "bol.com.br", "terra.com.br", "hotmail.com.br", "yahoo.com.br",
      "outlook.com.br", "ig.com.br");
  private static final int CLEANED_CHARS = 4 * CorrectionExample.MAX_EXCERPT;

  private final DecisionStore store;
  private final int max;

  /** Examples from {@code store}, at most {@code max} per email. */
  public CorrectionExamples(DecisionStore store, int max) {
    DecisionStore.checkCorrectionsLimit(max);
    this.store = store;
    this.max = max;
  }

  /**
   * {@code prompt} with the examples for {@code email} (whose exact fingerprint is {@code fingerprint}), or
   * {@code prompt} itself when there are none. Never throws for a store failure: it logs and answers {@code prompt}.
   */
  public Prompt attach(Email email, String fingerprint, Prompt prompt) {
    try {
      List<CorrectionExample> examples = forEmail(email, fingerprint);
      return examples.isEmpty() ? prompt : prompt.withExamples(examples);
    } catch (RuntimeException e) {
      LOG.warn("could not read correction examples for email {}; asking the model without: {}", email.emailId(),
          e.toString());
      return prompt;
    }
  }

  /** {@code d} marked with how many examples {@code asked} carried (unchanged when none). */
  public static Decision recorded(Decision d, Prompt asked) {
    return asked.examples().isEmpty() ? d : d.toBuilder().examplesUsed(asked.examples().size()).build();
  }

  List<CorrectionExample> forEmail(Email email, String fingerprint) {
    Optional<String> address = Addresses.extract(email.from()).filter(a -> !a.isBlank());
    String domain = address.map(Addresses::domain).filter(d -> !d.isEmpty() && !SHARED_DOMAINS.contains(d))
        .orElse(null);
    if (fingerprint == null && address.isEmpty()) {
      return List.of();
    }
    List<CorrectionExample> out = new ArrayList<>();
    for (EmailRecord r : store.findCorrections(fingerprint, address.orElse(null), domain, email.emailId(), max)) {
      if (!DecisionStore.isCorrection(r) || out.size() >= max) {
        continue;
      }
      String from = Addresses.extract(r.email().from()).orElse("");
      boolean sameSender = !from.isEmpty() && address.isPresent() && from.equals(address.get());
      Match match = fingerprint != null && fingerprint.equals(r.fingerprint()) ? Match.SAME_CONTENT
          : sameSender ? Match.SAME_SENDER : Match.SAME_DOMAIN;
      Feedback f = r.feedback();
      Action decided = r.decision().action();
      EmailType type = f.correctType() != null ? f.correctType() : r.decision().emailType();
      String shown = sameSender ? from : from.isEmpty() ? "" : "@" + Addresses.domain(from);
      out.add(new CorrectionExample(match, shown, r.email().subject(),
          BodyCleaner.clean(r.email().body(), CLEANED_CHARS).text(), decided,
          f.correctDecision() != null ? f.correctDecision() : decided, type));
    }
    return out;
  }
}
