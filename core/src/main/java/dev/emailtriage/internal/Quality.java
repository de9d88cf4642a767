package dev.emailtriage.internal;

import dev.emailtriage.Action;
import dev.emailtriage.AnalyticsSummary.Period;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.QualityReport;
import dev.emailtriage.QualityReport.Bin;
import dev.emailtriage.QualityReport.Cell;
import dev.emailtriage.QualityReport.Group;
import dev.emailtriage.TriageStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The quality report computed in Java over stored records (the in-memory store's, and the SPI's default). Not API. */
public final class Quality {
  private Quality() {}

  /** Whether {@code r} is processed within the UTC days {@code start}..{@code end}. */
  public static Predicate<EmailRecord> processedWithin(LocalDate start, LocalDate end) {
    Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return r -> r.status() == TriageStatus.PROCESSED && r.processedAt() != null
        && !r.processedAt().isBefore(from) && r.processedAt().isBefore(to);
  }

  /** The report over {@code processed} (records already filtered to the period). */
  public static QualityReport report(LocalDate start, LocalDate end, List<EmailRecord> processed) {
    Group overall = group(null, null, null, processed);
    Map<String, List<EmailRecord>> byPrompt = new TreeMap<>();
    for (EmailRecord r : processed) {
      if (r.decision().promptId() != null) {
        byPrompt.computeIfAbsent(r.decision().promptId() + "\n" + r.decision().promptVersion(),
            k -> new ArrayList<>()).add(r);
      }
    }
    List<Group> prompts = new ArrayList<>();
    byPrompt.forEach((key, records) -> prompts.add(group(records.get(0).decision().promptId(),
        records.get(0).decision().promptVersion(), null, records)));
    prompts.sort(Comparator.comparing(Group::promptId).thenComparing(Group::promptVersion));
    List<Group> sources = new ArrayList<>();
    for (DecisionSource s : DecisionSource.values()) {
      sources.add(group(null, null, s.wireName(),
          processed.stream().filter(r -> r.decision().source() == s).toList()));
    }
    return QualityReport.of(new Period(start, end), overall, prompts, sources);
  }

  private static Group group(String promptId, Integer version, String source, List<EmailRecord> records) {
    long modelCalls = 0;
    long tokens = 0;
    long withFeedback = 0;
    long decisionAgreed = 0;
    long typeAgreed = 0;
    long[][] confusion = new long[2][2];
    long[] binTotal = new long[QualityReport.BINS];
    long[] binAgreed = new long[QualityReport.BINS];
    for (EmailRecord r : records) {
      Decision d = r.decision();
      if (d.source() == DecisionSource.MODEL) {
        modelCalls++;
      }
      if (d.tokenUsage() != null) {
        tokens += d.tokenUsage().total();
      }
      Feedback f = r.feedback();
      if (f == null) {
        continue;
      }
      withFeedback++;
      Action correct = f.correctDecision() == null ? d.action() : f.correctDecision();
      EmailType correctType = f.correctType() == null ? d.emailType() : f.correctType();
      boolean agreed = correct == d.action();
      decisionAgreed += agreed ? 1 : 0;
      typeAgreed += correctType == d.emailType() ? 1 : 0;
      confusion[d.action().ordinal()][correct.ordinal()]++;
      int bin = QualityReport.bin(d.confidence());
      binTotal[bin]++;
      binAgreed[bin] += agreed ? 1 : 0;
    }
    List<Cell> cells = new ArrayList<>();
    for (Action decided : Action.values()) {
      for (Action correct : Action.values()) {
        cells.add(new Cell(decided, correct, confusion[decided.ordinal()][correct.ordinal()]));
      }
    }
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < QualityReport.BINS; i++) {
      bins.add(new Bin(i / 10.0, (i + 1) / 10.0, binTotal[i], binAgreed[i], QualityReport.rate(binAgreed[i],
          binTotal[i])));
    }
    return new Group(promptId, version, source, records.size(), modelCalls, tokens, withFeedback, decisionAgreed,
        QualityReport.rate(decisionAgreed, withFeedback), typeAgreed, QualityReport.rate(typeAgreed, withFeedback),
        cells, bins);
  }
}
