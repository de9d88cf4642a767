package dev.emailtriage.cli;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailType;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts over a whole run, for the summary line and the HTML report.
 *
 * @param messages messages found (mbox messages counted one by one)
 * @param decided messages with a decision
 * @param failed messages the pipeline could not decide (status failed)
 * @param skipped messages that could not be read or parsed, plus files that could not be listed
 * @param respond decided respond
 * @param ignore decided ignore
 * @param needsReview decisions flagged for review
 * @param bySource decisions per source
 * @param byType decisions per email type
 * @param byRule decisions per rule name
 * @param unlisted files or folders that could not even be listed
 * @param deciderDescription what decided (the model, or rules plus the offline fallback)
 * @param storeDescription where decisions were kept
 * @param elapsedSeconds wall time of the triage
 */
record RunSummary(int messages, int decided, int failed, int skipped, int respond, int ignore, int needsReview,
    Map<DecisionSource, Integer> bySource, Map<EmailType, Integer> byType, Map<String, Integer> byRule,
    List<MailSources.Skipped> unlisted, String deciderDescription, String storeDescription, double elapsedSeconds) {

  static RunSummary of(List<Outcome> outcomes, List<MailSources.Skipped> unlisted, String decider, String store,
      double elapsedSeconds) {
    int decided = 0;
    int failed = 0;
    int skipped = unlisted.size();
    int respond = 0;
    int ignore = 0;
    int review = 0;
    Map<DecisionSource, Integer> bySource = new EnumMap<>(DecisionSource.class);
    for (DecisionSource s : DecisionSource.values()) {
      bySource.put(s, 0);
    }
    Map<EmailType, Integer> byType = new EnumMap<>(EmailType.class);
    Map<String, Integer> byRule = new TreeMap<>();
    for (Outcome o : outcomes) {
      Decision d = o.decision();
      if (o.isSkipped()) {
        skipped++;
      } else if (d == null) {
        failed++;
      } else {
        decided++;
        if (d.action() == Action.RESPOND) {
          respond++;
        } else {
          ignore++;
        }
        review += d.needsReview() ? 1 : 0;
        bySource.merge(d.source(), 1, Integer::sum);
        byType.merge(d.emailType(), 1, Integer::sum);
        if (d.rule() != null) {
          byRule.merge(d.rule(), 1, Integer::sum);
        }
      }
    }
    return new RunSummary(outcomes.size(), decided, failed, skipped, respond, ignore, review, bySource, byType,
        byRule, List.copyOf(unlisted), decider, store, elapsedSeconds);
  }

  void print(PrintStream out) {
    out.printf(Locale.ROOT, "%nTriaged %d message(s) in %.1f s: %d decided (respond %d, ignore %d, needs review %d), "
        + "%d failed, %d skipped.%n", messages, elapsedSeconds, decided, respond, ignore, needsReview, failed,
        skipped);
    out.printf(Locale.ROOT, "Decided by: rule %d, cache %d, model %d, fallback %d.  Decider: %s.  Store: %s.%n",
        bySource.get(DecisionSource.RULE), bySource.get(DecisionSource.CACHE), bySource.get(DecisionSource.MODEL),
        bySource.get(DecisionSource.FALLBACK), deciderDescription, storeDescription);
    out.flush();
  }
}
